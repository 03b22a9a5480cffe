"""Opening and resuming chats, read receipts, "did this help?", ending and rating a chat."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.chat.enums import EndReason, EntryKind, IdentitySource, SessionStatus
from beacon.chat.events import publish_chat
from beacon.chat.groups import agent_group
from beacon.chat.identity import SignedIdentity
from beacon.chat.models import ChatSession
from beacon.chat.selectors import latest_open_session, session_by_public_id
from beacon.chat.services.common import (
    lock_session,
    publish_queue_changed,
    publish_state,
    require_open,
    set_status,
    system_entry,
)
from beacon.chat.services.identity import check_signed_identity, customer_for, identify
from beacon.chat.tokens import read_resume_token
from beacon.core.audit import record_event
from beacon.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from beacon.tickets.enums import ACTIVE_STATUSES, Status
from beacon.tickets.services import change_status
from beacon.trust.advice import marker
from beacon.trust.scanners.secrets import redact, scan_secrets

logger = logging.getLogger(__name__)

LANGUAGES = ("en", "zh-hans")


class ResumeRefused(PermissionDenied):
    code = "resume_invalid"


def chat_language(language: object) -> str:
    return "zh-hans" if isinstance(language, str) and language.lower().startswith("zh") else "en"


@transaction.atomic
def open_session(
    *,
    portal_user: User | None,
    identity_token: str | None,
    resume: str | None,
    new: bool = False,
    language: str = "en",
    page_url: str = "",
) -> ChatSession:
    """The chat a widget connects to.

    Identity comes from the exchange's signature, else the portal session, else none (anonymous).
    `resume` (the token given at the previous connection) continues that chat; a resume token for
    someone else's chat is refused. Without one, an identified customer continues their open chat.
    `new` starts a fresh chat for the same person.
    """
    language = chat_language(language)
    signed: SignedIdentity | None = None
    user: User | None = None
    source = IdentitySource.ANONYMOUS
    if identity_token:
        signed = check_signed_identity(identity_token)
        user = customer_for(signed.email, name=signed.name, language=language)
        source = IdentitySource.SIGNED
    elif portal_user is not None and portal_user.is_authenticated:
        if portal_user.is_staff_member:
            raise PermissionDenied(_("Staff chat from the agent console."), code="staff_account")
        user, source = portal_user, IdentitySource.PORTAL
    resumed = _resumed(resume, user)
    if resumed is not None and not new:
        session = lock_session(resumed.pk)
        if session.user_id is None and user is not None:
            identify(session, user, source, signed)
        elif signed is not None and session.vip_tier != signed.vip:
            session.vip_tier = signed.vip
            session.save(update_fields=["vip_tier", "updated_at"])
        return session
    if resumed is not None and user is None and resumed.user is not None:
        user, source = resumed.user, IdentitySource(resumed.identity)
    current = latest_open_session(user) if user is not None and not new else None
    if current is not None:
        if signed is not None and current.vip_tier != signed.vip:
            current.vip_tier = signed.vip
            current.save(update_fields=["vip_tier", "updated_at"])
        return current
    session = ChatSession.objects.create(
        user=user,
        identity=source,
        external_uid=signed.uid if signed else (resumed.external_uid if resumed else ""),
        vip_tier=signed.vip if signed else (resumed.vip_tier if resumed else ""),
        language=language,
        page_url=page_url[:500],
    )
    record_event(user, "chat.started", session, {"identity": source, "page": page_url[:200]})
    return session


def _resumed(resume: str | None, user: User | None) -> ChatSession | None:
    if not resume:
        return None
    public_id = read_resume_token(resume)
    session = session_by_public_id(public_id) if public_id else None
    if session is None:
        logger.info("chat: resume token refused (forged or expired)")
        raise ResumeRefused(_("This chat can no longer be continued. Start a new chat."))
    if user is not None and session.user_id is not None and session.user_id != user.pk:
        logger.warning("chat: user %s tried to resume chat %s of user %s", user.pk, session.pk, session.user_id)
        raise ResumeRefused(_("This chat belongs to someone else."), code="forbidden")
    return session


def save_read_marks(marks: dict[int, int], *, by_staff: bool) -> None:
    """Store read receipts the consumer already announced (chat pk → sequence number read).
    They only move forward and never past the last line; one UPDATE per chat, no lock, no audit
    (a receipt is not a change anyone reviews)."""
    field = "agent_read_seq" if by_staff else "customer_read_seq"
    for session_id, seq in marks.items():
        ChatSession.objects.filter(pk=session_id, **{f"{field}__lt": seq}, last_seq__gte=seq).update(**{field: seq})


@transaction.atomic
def record_bot_feedback(session_id: int, seq: int, helpful: bool) -> None:
    """The customer's "did this help?" on an assistant answer; counted on the article too."""
    from beacon.helpcenter.models import Article
    from beacon.helpcenter.services.feedback import vote

    session = lock_session(session_id)
    entry = session.entries.filter(seq=seq, kind=EntryKind.BOT).first()
    if entry is None:
        raise NotFound(_("No such answer."))
    if entry.data.get("feedback") is not None:
        return
    entry.data = {**entry.data, "feedback": helpful, "actions": []}
    entry.save(update_fields=["data"])
    source = entry.data.get("source") or {}
    article_id = source.get("id") if source.get("kind") in {"article", "faq"} else None
    article = Article.objects.filter(pk=article_id).first() if isinstance(article_id, int) else None
    if article is not None:
        vote(article, f"chat:{session.public_id}", helpful)
    record_event(session.user, "chat.bot_feedback", session, {"seq": seq, "helpful": helpful})
    if helpful:
        system_entry(session, _("Glad it helped! Ask another question any time."), actions=["end"])
    elif session.status == SessionStatus.BOT:
        system_entry(session, _("Sorry that did not help. Would you like to talk to a person?"), actions=["handover"])


@transaction.atomic
def end_chat(actor: User | None, session_id: int, *, by_staff: bool) -> ChatSession:
    """End a chat. An agent's end solves the ticket; a customer leaving the assistant closes it
    (it reopens if they write again); a customer leaving the queue or an agent keeps it open."""
    session = lock_session(session_id)
    require_open(session)
    old = SessionStatus(session.status)
    reason = EndReason.AGENT if by_staff else EndReason.BOT if old == SessionStatus.BOT else EndReason.CUSTOMER
    ticket = session.ticket
    if ticket is not None and ticket.status in ACTIVE_STATUSES:
        if by_staff and actor is not None:
            change_status(actor, ticket, Status.SOLVED)
        elif reason == EndReason.BOT and session.user is not None:
            change_status(session.user, ticket, Status.CLOSED)
    agent_id = session.agent_id
    system_entry(session, _("The chat has ended. How did we do?"), actions=["csat", "transcript"])
    set_status(actor, session, SessionStatus.ENDED, end_reason=reason)
    if old == SessionStatus.QUEUED:
        publish_queue_changed()
    if agent_id is not None:
        publish_chat(agent_group(agent_id), "chat.released", {"session": session.public_id})
    return session


@transaction.atomic
def rate_chat(session_id: int, rating: int, comment: str = "") -> ChatSession:
    """CSAT after the chat: 1–5 and an optional comment (secrets in it are removed)."""
    if not 1 <= rating <= 5:
        raise ValidationFailed({"rating": [_("Choose from 1 to 5 stars.")]})
    session = lock_session(session_id)
    if session.status != SessionStatus.ENDED:
        raise DomainError(_("You can rate the chat once it has ended."), code="not_ended")
    comment = comment.strip()[:1000]
    findings = scan_secrets(comment)
    if findings:
        comment = redact(comment, findings, marker)
    session.csat_rating, session.csat_comment = rating, comment
    session.save(update_fields=["csat_rating", "csat_comment", "updated_at"])
    record_event(session.user, "chat.rated", session, {"rating": rating})
    publish_state(session)
    if session.agent_id is not None:
        publish_chat(agent_group(session.agent_id), "chat.rated", {"session": session.public_id, "rating": rating})
    return session
