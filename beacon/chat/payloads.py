"""What chat frames carry: entries and chat state as JSON-ready dicts, for the customer or for staff.

URLs are relative to Beacon: the widget resolves them against the address it was loaded from.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from beacon.chat.enums import EntryKind, IdentitySource, SessionStatus
from beacon.chat.models import ChatEntry, ChatSession
from beacon.chat.tokens import file_token
from beacon.tickets.models import Attachment

SHOWS_ANTI_PHISHING_CODE = frozenset({IdentitySource.PORTAL, IdentitySource.SIGNED})


def _author(entry: ChatEntry) -> dict[str, Any] | None:
    if entry.kind == EntryKind.BOT:
        return {"name": _("Assistant")}
    if entry.kind == EntryKind.SYSTEM or entry.author is None:
        return None
    if entry.kind in {EntryKind.AGENT, EntryKind.NOTE}:
        # The public agent ID lets the customer check on /verify/ that they talk to real staff.
        return {"name": entry.author.label, "agent_id": entry.author.public_id}
    return {"name": entry.author.label}


def _attachments(entry: ChatEntry, public_id: str, staff: bool, known: list[Attachment] | None) -> list[dict[str, Any]]:
    if entry.message is None:
        return []
    files = []
    for attachment in entry.message.attachments.all() if known is None else known:
        if staff:
            url = reverse("attachment", args=[attachment.pk])
        else:
            query = urlencode({"t": file_token(public_id, attachment.pk)})
            url = f"{reverse('chat:file', args=[attachment.pk])}?{query}"
        files.append({"name": attachment.name, "url": url, "is_image": attachment.is_image, "size": attachment.size})
    return files


def entry_payload(
    entry: ChatEntry, public_id: str, *, staff: bool, attachments: list[Attachment] | None = None
) -> dict[str, Any]:
    """One chat line. Callers load entries with select_related("author", "message") and the
    message's attachments prefetched, or pass the `attachments` they already have."""
    message = entry.message
    payload: dict[str, Any] = {
        "session": public_id,
        "seq": entry.seq,
        "kind": entry.kind,
        "body": message.body if message is not None else entry.body,
        "at": entry.created_at.isoformat(),
        "client_id": entry.client_key,
        "author": _author(entry),
        "attachments": _attachments(entry, public_id, staff, attachments),
    }
    data = entry.data or {}
    for key in ("source", "related", "confidence", "feedback", "actions"):
        if key in data:
            payload[key] = data[key]
    if data.get("warnings"):
        payload["warnings"] = data["warnings"]
    if staff and message is not None and message.security:
        payload["security"] = message.security
    return payload


def session_payload(session: ChatSession, *, staff: bool) -> dict[str, Any]:
    """The chat's state: who the customer is talking to and what they can do next."""
    agent = session.agent
    payload: dict[str, Any] = {
        "session": session.public_id,
        "status": session.status,
        "status_label": str(SessionStatus(session.status).label),
        "end_reason": session.end_reason,
        "identity": session.identity,
        "identified": session.user_id is not None,
        "language": session.language,
        "last_seq": session.last_seq,
        "agent": {"name": agent.label, "agent_id": agent.public_id} if agent is not None else None,
        "ticket": session.ticket.reference if session.ticket is not None else None,
        "offered_ticket": session.offered_ticket,
        "rated": session.csat_rating is not None,
    }
    if staff:
        user = session.user
        payload.update(
            customer=user.label if user is not None else _("Anonymous visitor"),
            vip_tier=session.vip_tier,
            rank=session.rank,
            team=session.team.slug if session.team is not None else None,
            queued_at=session.queued_at.isoformat() if session.queued_at else None,
            ticket_id=session.ticket_id,
            customer_read_seq=session.customer_read_seq,
        )
    else:
        payload["agent_read_seq"] = session.agent_read_seq
        user = session.user
        payload["customer"] = user.label if user is not None else None
        # Shown in the chat header so a signed-in customer can tell this chat is really ours.
        if user is not None and session.identity in SHOWS_ANTI_PHISHING_CODE:
            payload["anti_phishing_code"] = user.anti_phishing_code
    return payload
