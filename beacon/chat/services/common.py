"""Helpers shared by the chat services: sequence numbers, entries, status changes, publishing.

Callers hold the transaction and have locked the session row (`lock_session`, or
`lock_for_line` for a chat line), so sequence numbers are allocated one at a time even with
several server processes.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.chat.enums import CUSTOMER_VISIBLE, EntryKind, SessionStatus, can_transition
from beacon.chat.events import publish_chat
from beacon.chat.groups import AGENTS_GROUP, agent_group, customer_group, staff_group
from beacon.chat.models import ChatEntry, ChatSession
from beacon.chat.payloads import entry_payload, session_payload
from beacon.core.audit import record_event
from beacon.core.errors import DomainError, InvalidTransition
from beacon.core.rows import now_for, update_returning
from beacon.tickets.models import Message


class ChatEnded(DomainError):
    code = "chat_ended"
    status = 409


class NeedsIdentity(DomainError):
    code = "needs_identity"
    status = 403


class CapacityFull(DomainError):
    code = "capacity_full"
    status = 409


def lock_session(session_id: int) -> ChatSession:
    """The session row, locked until the end of the caller's transaction (chat lines use the
    cheaper lock_for_line)."""
    return (
        ChatSession.objects.select_for_update(of=("self",))
        .select_related("user", "agent", "team", "ticket")
        .get(pk=session_id)
    )


# What the busiest path (a chat line) reads of the chat it locks; anything else loads when touched.
_LINE_FIELDS = (
    "id",
    "public_id",
    "user_id",
    "ticket_id",
    "agent_id",
    "team_id",
    "status",
    "rank",
    "last_seq",
    "wants_agent",
    "language",
    "identity",
)


def lock_for_line(session_id: int) -> ChatSession:
    """Lock the chat and take the sequence number of the line about to be stored, in one
    statement: `UPDATE … SET last_seq = last_seq + 1 … RETURNING`. On the busiest path of the
    chat this replaces the ORM's SELECT … FOR UPDATE and the later save(), which cost ten times
    the CPU of the statement. The number is `session.last_seq`; pass it to add_entry(seq=…). If the
    line is refused, the caller's rollback gives it back. Fields other than _LINE_FIELDS are
    deferred (loaded when touched)."""
    quote = connection.ops.quote_name
    session = update_returning(
        ChatSession,
        session_id,
        f"{quote('last_seq')} = {quote('last_seq')} + 1, {quote('updated_at')} = %s",
        [now_for(ChatSession, "updated_at")],
        only=_LINE_FIELDS,
    )
    if session is None:
        raise ChatSession.DoesNotExist
    return session


def require_open(session: ChatSession) -> None:
    if session.status == SessionStatus.ENDED:
        raise ChatEnded(_("This chat has ended. Start a new chat to write to us again."))


def add_entry(
    session: ChatSession,
    kind: str,
    *,
    author: User | None = None,
    message: Message | None = None,
    body: str = "",
    client_key: str | None = None,
    data: dict[str, Any] | None = None,
    has_files: bool = False,
    seq: int | None = None,
) -> ChatEntry:
    """Give the next sequence number (or `seq`, taken by lock_for_line) to a new entry and publish
    it after commit. A client key used before makes the insert fail (IntegrityError), rolling the
    caller's transaction back."""
    if seq is None:
        session.last_seq += 1
        session.save(update_fields=["last_seq", "updated_at"])
        seq = session.last_seq
    entry = ChatEntry.objects.create(
        session=session,
        seq=seq,
        client_key=client_key,
        kind=kind,
        author=author,
        message=message,
        body=body,
        data=data or {},
    )
    publish_entry(session, entry, has_files=has_files)
    return entry


def system_entry(session: ChatSession, text: str, *, actions: list[str] | None = None) -> ChatEntry:
    """A line from Beacon itself (in the customer's language; the caller activated it)."""
    return add_entry(session, EntryKind.SYSTEM, body=text, data={"actions": actions} if actions else None)


def publish_entry(session: ChatSession, entry: ChatEntry, *, has_files: bool = False) -> None:
    files = list(entry.message.attachments.order_by("id")) if has_files and entry.message is not None else []
    staff = entry_payload(entry, session.public_id, staff=True, attachments=files)
    publish_chat(staff_group(session.public_id), "chat.message", staff)
    if entry.kind in CUSTOMER_VISIBLE:
        customer = entry_payload(entry, session.public_id, staff=False, attachments=files)
        publish_chat(customer_group(session.public_id), "chat.message", customer)


def publish_state(session: ChatSession) -> None:
    publish_chat(customer_group(session.public_id), "chat.status", session_payload(session, staff=False))
    publish_chat(staff_group(session.public_id), "chat.status", session_payload(session, staff=True))
    if session.agent_id is not None:
        publish_chat(agent_group(session.agent_id), "chat.status", session_payload(session, staff=True))


def set_status(actor: User | None, session: ChatSession, target: SessionStatus, **changes: Any) -> None:
    """Move the session along the transition table, audit it and tell both sides after commit."""
    old = SessionStatus(session.status)
    if old != target and not can_transition(old, target):
        raise InvalidTransition(
            _("This chat cannot go from “%(old)s” to “%(new)s”.") % {"old": old.label, "new": target.label}
        )
    session.status = target
    fields = ["status", "updated_at"]
    for name, value in changes.items():
        setattr(session, name, value)
        fields.append(name)
    if target == SessionStatus.ENDED:
        session.ended_at = timezone.now()
        fields.append("ended_at")
    session.save(update_fields=fields)
    record_event(
        actor,
        "chat.status_changed",
        session,
        {"old": old.value, "new": target.value, **{k: _audit_value(v) for k, v in changes.items()}},
    )
    publish_state(session)


def _audit_value(value: Any) -> Any:
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def on_commit(callback: Any) -> None:
    transaction.on_commit(callback, robust=True)


def publish_queue_changed() -> None:
    """After commit: every waiting customer learns their position and wait; agents get the queue."""
    on_commit(_broadcast_queue)


def _broadcast_queue() -> None:
    from beacon.chat.selectors import queue_slots, queued_sessions

    for slot in queue_slots():
        publish_chat(
            customer_group(slot.public_id), "chat.queue", {"position": slot.position, "wait_seconds": slot.wait_seconds}
        )
    snapshot = [session_payload(s, staff=True) for s in queued_sessions()[:200]]
    publish_chat(AGENTS_GROUP, "chat.queue", {"queue": snapshot})
