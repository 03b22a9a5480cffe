"""Messages: the customer's (through the inbound pipeline), the agent's (through post_agent_reply,
which refuses replies asking for secrets), internal notes, the assistant's answers, and uploads.

Each is acknowledged to its sender only after its transaction committed, with its sequence number;
the same client key twice returns the entry stored the first time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.bot.answering.answer import BotAnswer, Reason
from beacon.bot.answering.sources import Source
from beacon.chat.enums import EntryKind, QueueRank, SessionStatus
from beacon.chat.models import ChatEntry, ChatSession, ChatUpload
from beacon.chat.services.common import (
    NeedsIdentity,
    add_entry,
    lock_for_line,
    lock_session,
    on_commit,
    publish_queue_changed,
    require_open,
)
from beacon.core.audit import record_event
from beacon.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from beacon.core.inbound import Channel, InboundMessage, ThreadHint, process_inbound
from beacon.core.uploads import PreparedUpload
from beacon.mail.services import replying_in_live_chat
from beacon.tickets.enums import Priority
from beacon.tickets.models import Ticket
from beacon.tickets.services import post_agent_reply, post_assistant_answer
from beacon.trust.advice import advice_for, marker
from beacon.trust.scanners.agent_guard import check_agent_reply
from beacon.trust.scanners.secrets import redact, scan_secrets
from beacon.trust.services import guard_agent_reply

MAX_PENDING_UPLOADS = 20
UNSENT_UPLOAD_TTL = timedelta(days=1)


@dataclass(frozen=True)
class Posted:
    entry: ChatEntry
    created: bool
    ask_bot: bool = False


def chat_subject(body: str) -> str:
    first = " ".join(body.split())[:80] or _("(attachment)")
    return _("Chat: %(start)s") % {"start": first}


def post_customer_message(session_id: int, body: str, *, client_key: str | None, upload_keys: list[str]) -> Posted:
    """A customer's line. Identified customers' lines go through the inbound pipeline onto the
    chat's ticket (the first one opens it; later ones are replies to it, so triage does not run
    again); an anonymous visitor's are scanned for secrets the same way and kept on the chat until
    they confirm an e-mail address."""
    try:
        with transaction.atomic():
            session = lock_for_line(session_id)
            require_open(session)
            uploads = _claim_uploads(session, upload_keys)
            if not body and not uploads:
                raise ValidationFailed({"body": [_("Write a message.")]})
            if session.user_id is None:
                entry = _anonymous_line(session, body, client_key)
            else:
                entry = _ticket_line(session, session.user_id, body, client_key, uploads)
            if session.wants_agent and session.user_id is not None and session.status == SessionStatus.BOT:
                from beacon.chat.services.queue import hand_over

                session = lock_session(session_id)  # all of it, for the hand-over (once a chat)
                hand_over(session, reason=Reason.ASKED_FOR_PERSON)
            return Posted(entry, created=True, ask_bot=session.status == SessionStatus.BOT and bool(body))
    except (IntegrityError, DomainError) as error:
        return _stored_before(session_id, client_key, error)


def _stored_before(session_id: int, client_key: str | None, error: Exception) -> Posted:
    """A line re-sent with a client key already used (its ack was lost): the stored one. Looked
    up only when storing failed, so the usual path costs no extra query."""
    duplicate = ChatEntry.objects.filter(session_id=session_id, client_key=client_key).first() if client_key else None
    if duplicate is None:
        raise error
    return Posted(duplicate, created=False)


def _anonymous_line(session: ChatSession, body: str, client_key: str | None) -> ChatEntry:
    findings = [f for f in scan_secrets(body) if f.redactable]
    warnings = advice_for({f.kind for f in findings}) if findings else []
    clean = redact(body, findings, marker) if findings else body
    redacted = sorted({str(f.kind) for f in findings})
    # The kinds redacted are kept: once the visitor is identified, the line goes through the
    # pipeline, which must still know a secret was pasted (the text only shows a marker now).
    entry = add_entry(
        session,
        EntryKind.CUSTOMER,
        body=clean,
        client_key=client_key,
        data={"warnings": warnings, "redacted": redacted} if findings else None,
        seq=session.last_seq,
    )
    record_event(None, "chat.visitor_message", session, {"seq": entry.seq, "redacted": redacted})
    return entry


def _ticket_line(
    session: ChatSession,
    user_id: int,
    body: str,
    client_key: str | None,
    uploads: list[tuple[ChatUpload, PreparedUpload]],
) -> ChatEntry:
    seq = session.last_seq  # taken by lock_for_line
    user = User.objects.get(pk=user_id)
    ctx = process_inbound(
        InboundMessage(
            channel=Channel.CHAT,
            author=user,
            body=body,
            subject="" if session.ticket_id else chat_subject(body),
            attachments=[prepared for _row, prepared in uploads],
            # With the ticket's id the pipeline continues that ticket: a reply, not a new request.
            thread_hint=ThreadHint(ticket_id=session.ticket_id, chat_session=session.public_id),
            metadata={"chat_session": session.public_id},
        ),
        savepoint=False,  # any failure rolls the whole line back (post_customer_message)
    )
    if session.ticket_id is None:
        session.ticket = ctx.ticket
        session.save(update_fields=["ticket", "updated_at"])
        record_event(user, "chat.ticket_opened", session, {"ticket": ctx.ticket.pk})
    for row, _prepared in uploads:
        row.used_at = timezone.now()
        row.save(update_fields=["used_at"])
        on_commit(lambda row=row: row.file.delete(save=False))  # the ticket's attachment holds it now
    data = {"warnings": ctx.warnings} if ctx.warnings else None
    entry = add_entry(
        session,
        EntryKind.CUSTOMER,
        author=user,
        message=ctx.result,
        client_key=client_key,
        data=data,
        has_files=bool(uploads),
        seq=seq,
    )
    if session.status == SessionStatus.QUEUED and session.rank != QueueRank.SECURITY and is_security(ctx.ticket):
        session.rank = QueueRank.SECURITY
        session.save(update_fields=["rank", "updated_at"])
        publish_queue_changed()
    return entry


def is_security(ticket: Ticket | None) -> bool:
    return ticket is not None and (bool(ticket.security_flags) or ticket.priority == Priority.P1)


def _claim_uploads(session: ChatSession, keys: list[str]) -> list[tuple[ChatUpload, PreparedUpload]]:
    if not keys:
        return []
    if session.user_id is None:
        raise NeedsIdentity(_("Confirm your e-mail address before sending files."))
    rows = {row.key: row for row in session.uploads.filter(key__in=keys, used_at__isnull=True)}
    if set(keys) - set(rows):
        raise NotFound(_("That file is no longer available. Attach it again."), code="upload_not_found")
    claimed = []
    for key in dict.fromkeys(keys):
        row = rows[key]
        with row.file.open("rb") as handle:
            # Checked by prepare_upload() when it was received (re-encoded images, sniffed type).
            claimed.append((row, PreparedUpload(row.name, row.content_type, handle.read())))
    return claimed


def post_agent_message(agent: User, session_id: int, body: str, *, internal: bool, client_key: str | None) -> Posted:
    """An agent's reply (public) or note (internal) in the chat, stored on the ticket by
    post_agent_reply. A public reply asking for secrets is refused and logged before anything."""
    try:
        if not agent.is_staff_member:
            raise PermissionDenied(_("Only support staff can do this."))
        if not internal and check_agent_reply(body):
            _refuse_reply(agent, session_id, body)
        with transaction.atomic():
            session = lock_for_line(session_id)
            require_open(session)
            _check_may_write(agent, session, internal)
            if session.ticket_id is None:
                raise DomainError(_("The customer has not written anything yet."), code="no_ticket")
            # post_agent_reply locks and reads the ticket itself: the id is all it needs. The chat
            # is open and locked: the customer reads the line here, no mail (and no query for it).
            with replying_in_live_chat(session.ticket_id):
                message = post_agent_reply(agent, Ticket(pk=session.ticket_id), body, internal=internal)
            kind = EntryKind.NOTE if internal else EntryKind.AGENT
            entry = add_entry(session, kind, author=agent, message=message, client_key=client_key, seq=session.last_seq)
            return Posted(entry, created=True)
    except (IntegrityError, DomainError) as error:
        return _stored_before(session_id, client_key, error)


def _refuse_reply(agent: User, session_id: int, body: str) -> None:
    """The reply asks for a secret: guard_agent_reply logs the refusal (in its own transaction,
    kept although nothing is sent) and raises. Only then is the chat's ticket looked up."""
    session = ChatSession.objects.select_related("ticket").get(pk=session_id)
    require_open(session)
    _check_may_write(agent, session, internal=False)
    if session.ticket is None:
        raise DomainError(_("The customer has not written anything yet."), code="no_ticket")
    guard_agent_reply(agent, session.ticket, body)


def _check_may_write(agent: User, session: ChatSession, internal: bool) -> None:
    if not agent.is_staff_member:
        raise PermissionDenied(_("Only support staff can do this."))
    if internal:
        return
    if session.status != SessionStatus.ACTIVE:
        raise DomainError(_("Accept the chat before replying."), code="not_accepted")
    if session.agent_id != agent.pk and not agent.is_supervisor:
        raise PermissionDenied(_("Another agent is handling this chat. Leave an internal note instead."))


def post_bot_answer(session_id: int, answer: BotAnswer) -> ChatEntry | None:
    """The assistant's answer to the customer's last line, or the hand-over it asks for. Skipped
    when a person has taken the chat meanwhile."""
    from beacon.chat.services.queue import hand_over

    with transaction.atomic():
        session = lock_session(session_id)
        if session.status != SessionStatus.BOT:
            return None
        entry = None
        if answer.source is not None:
            source = _source_data(answer.source)
            data = {
                "source": source,
                "confidence": answer.confidence,
                "feedback": None,
                "actions": ["feedback", "handover"],
            }
            if answer.related is not None:
                data["related"] = _source_data(answer.related)
            # On the chat's ticket the answer is the assistant's message (kind BOT), never an agent's.
            message = (
                post_assistant_answer(session.ticket, answer.answer, _answer_audit(session, answer))
                if session.ticket is not None
                else None
            )
            entry = add_entry(session, EntryKind.BOT, body=answer.answer, data=data, message=message)
        if answer.hand_over:
            hand_over(session, reason=answer.reason)
        return entry


def _answer_audit(session: ChatSession, answer: BotAnswer) -> dict[str, object]:
    """What the ticket's timeline tells agents about an assistant's answer."""
    source = answer.source
    return {
        "channel": Channel.CHAT.value,
        "chat": session.public_id,
        "source": {"title": source.title, "url": source.absolute_url} if source is not None else None,
        "confidence": round(answer.confidence, 2),
    }


def _source_data(source: Source) -> dict[str, object]:
    return {"kind": source.kind, "id": source.object_id, "title": source.title, "url": source.url}


@transaction.atomic
def store_upload(session_id: int, upload: PreparedUpload) -> ChatUpload:
    """Keep a checked file until the customer's message refers to it (by its key)."""
    session = lock_session(session_id)
    require_open(session)
    if session.user is None:
        raise NeedsIdentity(_("Confirm your e-mail address before sending files."))
    if session.uploads.filter(used_at__isnull=True).count() >= MAX_PENDING_UPLOADS:
        raise DomainError(_("Send the files you attached before adding more."), code="too_many_uploads")
    _forget_unsent_uploads()
    row = ChatUpload(session=session, name=upload.name, content_type=upload.content_type, size=upload.size)
    row.file.save(upload.name, ContentFile(upload.data), save=False)
    row.save()
    record_event(session.user, "chat.file_received", session, {"upload": row.key, "type": upload.content_type})
    return row


def _forget_unsent_uploads() -> None:
    """Files attached but never sent within a day are deleted (a few at a time, as uploads come in)."""
    stale = ChatUpload.objects.filter(used_at__isnull=True, created_at__lt=timezone.now() - UNSENT_UPLOAD_TTL)
    for row in stale[:20]:
        on_commit(lambda name=row.file.name, storage=row.file.storage: storage.delete(name))
        row.delete()
