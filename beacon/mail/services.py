"""Writes of the e-mail channel: receiving a mail, and queueing / sending Beacon's mails.

Receiving is idempotent: InboundMail.message_id is unique and recorded in the same transaction as
the ticket, so a mail delivered twice (or fetched again after a crash) is counted, never re-ticketed.
Sending happens after commit; every attempt is recorded on the OutboundMail row and a failure
becomes an audit event on the ticket, so nothing fails silently.

Not imported by beacon.tickets at module level (tickets.services calls in lazily), and it must not
import beacon.tickets.services at module level either.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.accounts.services import get_or_create_customer
from beacon.core.audit import record_event
from beacon.core.errors import DomainError, PermissionDenied
from beacon.core.inbound import process_inbound
from beacon.mail import conf
from beacon.mail.adapter import build_inbound, check_attachments, guess_language
from beacon.mail.enums import DONE_STATUSES, InboundStatus, OutboundKind, OutboundStatus
from beacon.mail.models import InboundMail, Mailbox, OutboundMail
from beacon.mail.outbound import build_email, compose, new_message_id, thread_headers
from beacon.mail.parsing import ParsedMail, parse_mail
from beacon.mail.tasks import send_outbound_mail
from beacon.mail.threading import FOLLOW_UP, STRANGER, ThreadDecision, decide_thread
from beacon.tickets.models import Message, Ticket

logger = logging.getLogger(__name__)

DUPLICATE = "duplicate"
STALE_SENDING = timedelta(minutes=15)
LOST_QUEUED = timedelta(minutes=2)
_AUTO_STATUS = {"auto_reply": InboundStatus.AUTO_REPLY, "bounce": InboundStatus.BOUNCE, "bulk": InboundStatus.BULK}


@dataclass(frozen=True)
class IngestResult:
    status: str
    inbound: InboundMail | None
    ticket_id: int | None = None
    created: bool = False
    gave_up: bool = False

    @property
    def done(self) -> bool:
        """True when the mail needs no further attempt (the IMAP poller may flag or move it)."""
        return self.status != InboundStatus.FAILED or self.gave_up


# --- receiving ------------------------------------------------------------------------------------


def ingest_mail(
    raw: bytes,
    *,
    source: str,
    mailbox: Mailbox | None = None,
    imap_uid: int | None = None,
    envelope_sender: str | None = None,
) -> IngestResult:
    """Receive one mail from any transport: ticket it, or record why not.

    Commits before returning (when not called inside a transaction), so the caller may then
    acknowledge the mail to its transport. Never raises for bad mail; unexpected errors are
    recorded as FAILED with the raw bytes, and the same mail delivered again is retried.
    """
    if len(raw) > conf.max_message_bytes():
        return record_oversized(raw, len(raw), source=source, mailbox=mailbox, imap_uid=imap_uid)
    mail = parse_mail(raw)
    existing = InboundMail.objects.filter(message_id=mail.message_id).first()
    if existing is not None and existing.status in DONE_STATUSES:
        return _count_duplicate(existing)
    screened = _screen(mail, envelope_sender)
    if screened is not None:
        status, reason = screened
        return _record(mail, status, reason, source=source, mailbox=mailbox, imap_uid=imap_uid, existing=existing)
    try:
        with transaction.atomic():
            return _ticket_mail(mail, source=source, mailbox=mailbox, imap_uid=imap_uid, existing=existing)
    except DomainError as exc:
        return _record(
            mail, InboundStatus.REJECTED, str(exc.message), source=source, mailbox=mailbox, imap_uid=imap_uid, existing=existing
        )
    except IntegrityError:
        # Another transport committed the same Message-ID a moment ago.
        again = InboundMail.objects.filter(message_id=mail.message_id, status__in=DONE_STATUSES).first()
        if again is not None:
            return _count_duplicate(again)
        logger.exception("mail %s could not be stored", mail.message_id)
        return _record_failure(mail, raw, "IntegrityError", source=source, mailbox=mailbox, imap_uid=imap_uid)
    except Exception as exc:
        logger.exception("mail %s could not be processed", mail.message_id)
        return _record_failure(mail, raw, f"{type(exc).__name__}: {exc}", source=source, mailbox=mailbox, imap_uid=imap_uid)


def _screen(mail: ParsedMail, envelope_sender: str | None) -> tuple[str, str] | None:
    """Mail that must not become a ticket: machine-written, looping, anonymous or too frequent."""
    if mail.auto is not None:
        return _AUTO_STATUS[mail.auto], mail.auto_reason
    if envelope_sender == "":
        return InboundStatus.AUTO_REPLY, "null envelope sender"
    if mail.loop_marker:
        return InboundStatus.AUTO_REPLY, "one of Beacon's own mails came back"
    if not mail.from_address:
        return InboundStatus.REJECTED, "no valid From address"
    own = conf.own_addresses() | {a.lower() for a in Mailbox.objects.values_list("address", flat=True)}
    if mail.from_address in own:
        return InboundStatus.REJECTED, "sent from Beacon's own address (loop)"
    limit, window = conf.rate_limit()
    recent = InboundMail.objects.filter(
        sender=mail.from_address, status=InboundStatus.TICKETED, received_at__gte=timezone.now() - window
    ).count()
    if recent >= limit:
        return InboundStatus.RATE_LIMITED, f"more than {limit} mails in {window}"
    return None


def _ticket_mail(
    mail: ParsedMail, *, source: str, mailbox: Mailbox | None, imap_uid: int | None, existing: InboundMail | None
) -> IngestResult:
    from beacon.tickets.services import post_system_note  # tickets.services imports this app

    author, _created = get_or_create_customer(mail.from_address, display_name=mail.from_name, language=guess_language(mail))
    if not author.is_active:
        raise DomainError(_("The sender's account is disabled."))
    decision = decide_thread(mail, author)
    attachments = check_attachments(mail.attachments)
    category = mailbox.category.slug if mailbox is not None and mailbox.category is not None else None
    inbound = build_inbound(mail, author, decision, attachments.accepted, category=category, source=source)
    ctx = process_inbound(inbound)
    ticket: Ticket = ctx.ticket
    for note in _notes(decision, ticket, attachments.refused):
        post_system_note(ticket, note, {"source": "mail"})
    if decision.how == FOLLOW_UP and decision.related is not None:
        post_system_note(
            decision.related,
            _("The customer wrote again after this request was resolved; follow-up: %(ref)s.") % {"ref": ticket.reference},
            {"source": "mail", "follow_up": ticket.pk},
        )
    flags = list(decision.flags) + (["attachments_refused"] if attachments.refused else [])
    reason = "; ".join(f"{name}: {why}" for name, why in attachments.refused)
    row = _save_inbound(
        mail,
        InboundStatus.TICKETED,
        reason,
        source=source,
        mailbox=mailbox,
        imap_uid=imap_uid,
        existing=existing,
        ticket=ticket,
        message=ctx.result,
        related=decision.related,
        flags=flags,
    )
    return IngestResult(InboundStatus.TICKETED, row, ticket.pk, ctx.created)


def _notes(decision: ThreadDecision, ticket: Ticket, refused: list[tuple[str, str]]) -> list[str]:
    notes = []
    if decision.how == STRANGER and decision.related is not None:
        notes.append(
            _(
                "This e-mail refers to %(ref)s, which belongs to another customer, so it was opened as a new "
                "ticket. Do not share anything about %(ref)s with this sender."
            )
            % {"ref": decision.related.reference}
        )
    if decision.how == FOLLOW_UP and decision.related is not None:
        notes.append(
            _("Follow-up to %(ref)s, which was resolved before the reopen window.") % {"ref": decision.related.reference}
        )
    if refused:
        lines = "\n".join(f"- {name}: {why}" for name, why in refused)
        notes.append(_("Files in the e-mail that were not accepted:") + "\n" + lines)
    return notes


def _save_inbound(
    mail: ParsedMail,
    status: str,
    reason: str,
    *,
    source: str,
    mailbox: Mailbox | None,
    imap_uid: int | None,
    existing: InboundMail | None,
    ticket: Ticket | None = None,
    message: Message | None = None,
    related: Ticket | None = None,
    flags: list[str] | None = None,
) -> InboundMail:
    """Store the log row (caller holds the transaction); a FAILED row from an earlier attempt is updated."""
    values = {
        "source": source,
        "mailbox": mailbox,
        "imap_uid": imap_uid,
        "sender": mail.from_address[:254],
        "subject": mail.subject[:200],
        "size": mail.size,
        "status": status,
        "reason": reason,
        "flags": flags or [],
        "ticket": ticket,
        "ticket_message": message,
        "related_ticket": related,
        "raw": None,
    }
    if existing is not None:
        for name, value in values.items():
            setattr(existing, name, value)
        existing.attempts = F("attempts") + 1
        existing.save()
        existing.refresh_from_db(fields=["attempts"])
        row = existing
    else:
        row = InboundMail.objects.create(message_id=mail.message_id, **values)
    record_event(None, "mail.received", row, {"status": status, "ticket": ticket.pk if ticket else None, "flags": flags or []})
    return row


@transaction.atomic
def _record(
    mail: ParsedMail,
    status: str,
    reason: str,
    *,
    source: str,
    mailbox: Mailbox | None,
    imap_uid: int | None,
    existing: InboundMail | None,
) -> IngestResult:
    row = _save_inbound(mail, status, reason, source=source, mailbox=mailbox, imap_uid=imap_uid, existing=existing)
    if status == InboundStatus.BOUNCE and mail.bounce is not None and mail.bounce.original_message_id:
        _mark_bounced(mail)
    return IngestResult(status, row)


def _mark_bounced(mail: ParsedMail) -> None:
    """A bounce of one of Beacon's mails: agents see on the ticket that the customer did not get it."""
    assert mail.bounce is not None
    outbound = OutboundMail.objects.select_related("ticket").filter(message_id=mail.bounce.original_message_id).first()
    if outbound is None:
        return
    error = f"bounced: {mail.bounce.status} {mail.bounce.diagnostic}".strip()
    OutboundMail.objects.filter(pk=outbound.pk).update(status=OutboundStatus.FAILED, last_error=error, updated_at=timezone.now())
    record_event(None, "mail.bounced", outbound.ticket, {"outbound": outbound.pk, "to": outbound.to_address, "error": error})


def _count_duplicate(row: InboundMail) -> IngestResult:
    InboundMail.objects.filter(pk=row.pk).update(times_seen=F("times_seen") + 1, updated_at=timezone.now())
    return IngestResult(DUPLICATE, row, row.ticket_id)


def record_oversized(head: bytes, size: int, *, source: str, mailbox: Mailbox | None, imap_uid: int | None) -> IngestResult:
    """A mail over the size limit: recorded as rejected from its headers alone, never read whole."""
    head = head[:65536].split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    mail = parse_mail(head + b"\r\n\r\n")
    mail.size = size
    reason = f"{size} bytes; the limit is {conf.max_message_bytes()}"
    existing = InboundMail.objects.filter(message_id=mail.message_id).first()
    if existing is not None and existing.status in DONE_STATUSES:
        return _count_duplicate(existing)
    return _record(mail, InboundStatus.REJECTED, reason, source=source, mailbox=mailbox, imap_uid=imap_uid, existing=existing)


def _record_failure(
    mail: ParsedMail, raw: bytes, error: str, *, source: str, mailbox: Mailbox | None, imap_uid: int | None
) -> IngestResult:
    with transaction.atomic():
        row, created = InboundMail.objects.get_or_create(
            message_id=mail.message_id,
            defaults={
                "source": source,
                "mailbox": mailbox,
                "imap_uid": imap_uid,
                "sender": mail.from_address[:254],
                "subject": mail.subject[:200],
                "size": mail.size,
                "status": InboundStatus.FAILED,
                "reason": error[:2000],
                "raw": raw,
            },
        )
        if not created:
            row.attempts += 1
            row.reason = error[:2000]
            row.raw = raw
            row.save(update_fields=["attempts", "reason", "raw", "updated_at"])
        record_event(None, "mail.processing_failed", row, {"error": error[:500], "attempt": row.attempts})
    return IngestResult(InboundStatus.FAILED, row, gave_up=row.attempts >= conf.max_inbound_attempts())


def reprocess_failed(row: InboundMail) -> IngestResult:
    """Process a FAILED mail again from its stored bytes (admin action, `ingest_email --retry-failed`)."""
    if row.status != InboundStatus.FAILED or row.raw is None:
        return IngestResult(row.status, row, row.ticket_id)
    return ingest_mail(bytes(row.raw), source=row.source, mailbox=row.mailbox, imap_uid=row.imap_uid)


@transaction.atomic
def record_poll(mailbox: Mailbox, *, uidvalidity: int | None = None, last_uid: int | None = None, error: str = "") -> None:
    """Remember how far a mailbox has been read. A new UIDVALIDITY restarts from the first UID:
    the Message-ID deduplication keeps that from creating anything twice."""
    changes: dict[str, object] = {"last_polled_at": timezone.now(), "last_error": error[:2000]}
    if uidvalidity is not None and uidvalidity != mailbox.uidvalidity:
        if mailbox.uidvalidity is not None:
            record_event(None, "mailbox.uidvalidity_changed", mailbox, {"old": mailbox.uidvalidity, "new": uidvalidity})
        changes.update(uidvalidity=uidvalidity, last_uid=0)
    if last_uid is not None:
        changes["last_uid"] = last_uid
    Mailbox.objects.filter(pk=mailbox.pk).update(**changes)
    for name, value in changes.items():
        setattr(mailbox, name, value)


# --- sending --------------------------------------------------------------------------------------


def _queue(kind: str, ticket: Ticket, *, message: Message | None = None, solved: bool = False) -> OutboundMail | None:
    recipient: User = ticket.requester
    if not recipient.email or not recipient.is_active:
        return None
    composed = compose(kind, ticket, recipient, message=message, solved=solved)
    in_reply_to, references = thread_headers(ticket)
    mail = OutboundMail.objects.create(
        ticket=ticket,
        ticket_message=message,
        recipient=recipient,
        to_address=recipient.email,
        kind=kind,
        language=composed.language,
        subject=composed.subject,
        body_text=composed.text,
        body_html=composed.html,
        message_id=new_message_id(ticket),
        in_reply_to=in_reply_to,
        references=" ".join(references),
    )
    record_event(None, "mail.queued", mail, {"ticket": ticket.pk, "kind": kind})
    transaction.on_commit(lambda: send_outbound_mail.enqueue(mail.pk), robust=True)
    return mail


def acknowledge_ticket(ticket: Ticket) -> OutboundMail | None:
    """A new ticket from any channel: mail the requester its reference. Caller holds the transaction."""
    return _queue(OutboundKind.ACKNOWLEDGEMENT, ticket)


def mail_agent_reply(message: Message) -> OutboundMail | None:
    """An agent's public reply: mail it to the requester. Caller holds the transaction."""
    return _queue(OutboundKind.REPLY, message.ticket, message=message)


def mail_ticket_solved(ticket: Ticket) -> OutboundMail | None:
    """The ticket became solved. When the agent's reply that solved it is queued in the same
    transaction, that mail says so instead of a second mail."""
    pending = (
        OutboundMail.objects.filter(
            ticket=ticket,
            kind=OutboundKind.REPLY,
            status=OutboundStatus.QUEUED,
            created_at__gte=timezone.now() - timedelta(minutes=1),
        )
        .select_related("ticket_message__author", "recipient")
        .order_by("-id")
        .first()
    )
    if pending is not None and pending.recipient is not None:
        composed = compose(OutboundKind.REPLY, ticket, pending.recipient, message=pending.ticket_message, solved=True)
        OutboundMail.objects.filter(pk=pending.pk).update(body_text=composed.text, body_html=composed.html)
        return pending
    return _queue(OutboundKind.SOLVED, ticket)


def deliver_outbound(mail_id: int) -> str:
    """Send one queued mail (idempotent: a mail already sent or being sent is left alone)."""
    now = timezone.now()
    claimed = (
        OutboundMail.objects.filter(pk=mail_id, status__in=[OutboundStatus.QUEUED, OutboundStatus.RETRYING])
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=OutboundStatus.SENDING, attempts=F("attempts") + 1, updated_at=now)
    )
    mail = OutboundMail.objects.select_related("ticket", "ticket_message").filter(pk=mail_id).first()
    if mail is None or not claimed:
        return mail.status if mail is not None else "missing"
    try:
        build_email(mail).send()
    except Exception as exc:
        logger.warning("sending mail %s failed: %s", mail.pk, exc)
        return _send_failed(mail, f"{type(exc).__name__}: {exc}")
    with transaction.atomic():
        OutboundMail.objects.filter(pk=mail.pk).update(
            status=OutboundStatus.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None
        )
        record_event(None, "mail.sent", mail.ticket, {"outbound": mail.pk, "kind": mail.kind, "to": mail.to_address})
    return OutboundStatus.SENT


def _send_failed(mail: OutboundMail, error: str) -> str:
    from beacon.tickets.services import notify_ticket_changed  # tickets.services imports this app

    delays = conf.outbound_retry_delays()
    final = mail.attempts > len(delays)
    status = OutboundStatus.FAILED if final else OutboundStatus.RETRYING
    next_at = None if final else timezone.now() + timedelta(seconds=delays[mail.attempts - 1])
    with transaction.atomic():
        OutboundMail.objects.filter(pk=mail.pk).update(
            status=status, last_error=error[:2000], next_attempt_at=next_at, updated_at=timezone.now()
        )
        record_event(
            None,
            "mail.failed",
            mail.ticket,
            {"outbound": mail.pk, "to": mail.to_address, "error": error[:300], "attempt": mail.attempts, "final": final},
        )
        notify_ticket_changed(mail.ticket, "ticket.updated", {"changes": ["mail"]})
    return status


def retry_due_outbound(*, limit: int = 100) -> int:
    """The worker's sweep: send mails whose retry is due, whose task was lost, or whose sender
    crashed mid-send. Returns how many were attempted."""
    now = timezone.now()
    OutboundMail.objects.filter(status=OutboundStatus.SENDING, updated_at__lte=now - STALE_SENDING).update(
        status=OutboundStatus.RETRYING, next_attempt_at=now, last_error="interrupted while sending"
    )
    due = OutboundMail.objects.filter(
        Q(status=OutboundStatus.RETRYING, next_attempt_at__lte=now)
        | Q(status=OutboundStatus.QUEUED, created_at__lte=now - LOST_QUEUED)
    ).values_list("pk", flat=True)[:limit]
    ids = list(due)
    for mail_id in ids:
        deliver_outbound(mail_id)
    return len(ids)


@transaction.atomic
def retry_outbound_now(actor: User, mail: OutboundMail) -> OutboundMail:
    """An agent asks for a failed mail to be sent again at once."""
    if not actor.is_staff_member:
        raise PermissionDenied(_("Only support staff can do this."))
    if mail.status in {OutboundStatus.FAILED, OutboundStatus.RETRYING}:
        OutboundMail.objects.filter(pk=mail.pk).update(status=OutboundStatus.RETRYING, next_attempt_at=timezone.now())
        record_event(actor, "mail.retry_requested", mail.ticket, {"outbound": mail.pk})
        transaction.on_commit(lambda: send_outbound_mail.enqueue(mail.pk), robust=True)
        mail.refresh_from_db()
    return mail

