"""Receiving mail: every transport (IMAP poller, SMTP listener, MTA pipe, Maildir import) calls
ingest_mail().

Idempotent: InboundMail.message_id is unique and recorded in the same transaction as the ticket, so
a mail delivered twice (or fetched again after a crash) is counted, never ticketed twice.
Must not import beacon.tickets.services at module level (tickets.services calls into this app).
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.accounts.services import get_or_create_customer
from beacon.bot.selectors import suggesting_categories
from beacon.core.audit import record_event
from beacon.core.errors import DomainError
from beacon.core.inbound import process_inbound
from beacon.mail import conf
from beacon.mail.adapter import (
    CheckedAttachments,
    build_inbound,
    category_text,
    check_attachments,
    guess_language,
)
from beacon.mail.enums import DONE_STATUSES, InboundStatus, OutboundStatus
from beacon.mail.models import InboundMail, Mailbox, MailHtml, OutboundMail
from beacon.mail.parsing import ParsedMail, parse_mail
from beacon.mail.parsing.html import display_html, html_scan_text
from beacon.mail.services.sending import batched_sends
from beacon.mail.threading import FOLLOW_UP, STRANGER, ThreadDecision, decide_thread
from beacon.tickets.models import Attachment, Message, Ticket, parse_reference
from beacon.trust.scanners.secrets import scan_secrets

logger = logging.getLogger(__name__)

DUPLICATE = "duplicate"
_AUTO_STATUS = {"auto_reply": InboundStatus.AUTO_REPLY, "bounce": InboundStatus.BOUNCE, "bulk": InboundStatus.BULK}


class SenderRefused(DomainError):
    """The mail is fine but its sender may not open tickets. Any other error while ticketing a mail
    (a missing category, a failing stage) is a failure: the mail is kept and tried again."""


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
    recorded as FAILED and the same mail delivered again is retried. The raw mail is never stored
    (it may hold a secret the scanners would have redacted): until it is ticketed it stays with its
    transport — on the IMAP server, or in the sending MTA's queue (SMTP 451, pipe exit 75).
    """
    if len(raw) > conf.max_message_bytes():
        return record_oversized(raw, len(raw), source=source, mailbox=mailbox, imap_uid=imap_uid)
    return _ingest_parsed(
        parse_mail(raw), source=source, mailbox=mailbox, imap_uid=imap_uid, envelope_sender=envelope_sender
    )


def _ingest_parsed(
    mail: ParsedMail,
    *,
    source: str,
    mailbox: Mailbox | None,
    imap_uid: int | None,
    envelope_sender: str | None = None,
) -> IngestResult:
    existing, recent = _earlier(mail)
    if existing is not None and existing.status in DONE_STATUSES:
        return _count_duplicate(existing)
    screened = _screen(mail, envelope_sender, recent)
    if screened is not None:
        status, reason = screened
        return _record(mail, status, reason, source=source, mailbox=mailbox, imap_uid=imap_uid, existing=existing)
    try:
        with transaction.atomic():
            return _ticket_mail(mail, source=source, mailbox=mailbox, imap_uid=imap_uid, existing=existing)
    except SenderRefused as exc:
        return _record(
            mail,
            InboundStatus.REJECTED,
            str(exc.message),
            source=source,
            mailbox=mailbox,
            imap_uid=imap_uid,
            existing=existing,
        )
    except IntegrityError:
        # Another transport committed the same Message-ID a moment ago.
        again = InboundMail.objects.filter(message_id=mail.message_id, status__in=DONE_STATUSES).first()
        if again is not None:
            return _count_duplicate(again)
        logger.exception("mail %s could not be stored", mail.message_id)
        return _record_failure(mail, "IntegrityError", source=source, mailbox=mailbox, imap_uid=imap_uid)
    except Exception as exc:
        logger.exception("mail %s could not be processed", mail.message_id)
        return _record_failure(mail, f"{type(exc).__name__}: {exc}", source=source, mailbox=mailbox, imap_uid=imap_uid)


@dataclass(frozen=True)
class Delivery:
    """One received mail and where it came from, for ingest_batch()."""

    raw: bytes
    source: str
    mailbox: Mailbox | None = None
    imap_uid: int | None = None


BATCH_SIZE = 25


def ingest_batch(deliveries: Sequence[Delivery]) -> list[IngestResult]:
    """Receive several mails in one transaction, each in its own savepoint: the same outcomes as
    ingest_mail() for each, with one commit and one send task for the mails they cause, instead of
    one of each per mail. Commits before returning, so the caller may then acknowledge every mail
    to its transport (IMAP flags). If the batch cannot be committed (a database error), every mail
    is ingested again on its own: nothing is lost, nothing is ticketed twice.

    The mails are parsed first, and the texts of those that will likely open a ticket go through
    the category classifier's sentence encoder together, before the transaction (the encoder is
    the largest single cost of a new ticket, and costs half as much per text in a batch).

    Keep batches small (BATCH_SIZE): on SQLite the batch holds the database's write lock."""
    if not deliveries:
        return []
    limit = conf.max_message_bytes()
    mails = [None if len(delivery.raw) > limit else parse_mail(delivery.raw) for delivery in deliveries]
    pairs = list(zip(deliveries, mails, strict=True))
    with suggesting_categories(_texts_to_classify(pairs)):
        try:
            with transaction.atomic(), batched_sends():
                return [_ingest_delivery(delivery, mail) for delivery, mail in pairs]
        except DatabaseError:
            logger.warning("a batch of %d mails could not be committed; ingesting them one by one", len(deliveries))
            return [_ingest_delivery(delivery, mail) for delivery, mail in pairs]


def _ingest_delivery(delivery: Delivery, mail: ParsedMail | None) -> IngestResult:
    source, mailbox, imap_uid = delivery.source, delivery.mailbox, delivery.imap_uid
    if mail is None:
        return record_oversized(delivery.raw, len(delivery.raw), source=source, mailbox=mailbox, imap_uid=imap_uid)
    return _ingest_parsed(mail, source=source, mailbox=mailbox, imap_uid=imap_uid)


def _texts_to_classify(pairs: Sequence[tuple[Delivery, ParsedMail | None]]) -> list[str]:
    """The texts the pipeline will give the category classifier, guessed from the mails and one
    query: mails from a person that refer to no earlier mail or ticket, into a mailbox without a
    category of its own, not received before. A wrong guess costs only time: a text not primed is
    classified on its own, a primed one that is not needed is dropped with the batch."""
    candidates = [
        mail
        for delivery, mail in pairs
        if mail is not None
        and mail.auto is None
        and mail.from_address
        and not mail.loop_marker
        and not mail.thread_ids
        and parse_reference(mail.subject) is None
        and (delivery.mailbox is None or delivery.mailbox.category_id is None)
    ]
    if not candidates:
        return []
    received = set(
        InboundMail.objects.filter(message_id__in={mail.message_id for mail in candidates}, status__in=DONE_STATUSES)
        .order_by()
        .values_list("message_id", flat=True)
    )
    return [category_text(mail) for mail in candidates if mail.message_id not in received]


def _earlier(mail: ParsedMail) -> tuple[InboundMail | None, int]:
    """An earlier delivery of this Message-ID, and how many of the sender's mails were ticketed
    within the rate-limit window (both are needed for every mail): one statement, two index
    lookups, without the ORM's cost of building it for every mail."""
    _limit, window = conf.rate_limit()
    since = connection.ops.adapt_datetimefield_value(timezone.now() - window)
    with connection.cursor() as cursor:
        cursor.execute(_earlier_sql(), [mail.message_id, mail.from_address, InboundStatus.TICKETED, since])
        existing_pk, recent = cursor.fetchone()
    existing = InboundMail.objects.filter(pk=existing_pk).first() if existing_pk is not None else None
    return existing, int(recent)


@functools.cache
def _earlier_sql() -> str:
    """Names from the model, nothing from a user."""
    names = (InboundMail._meta.db_table, "id", "message_id", "sender", "status", "received_at")
    table, pk, message_id, sender, status, received_at = map(connection.ops.quote_name, names)
    return (
        f"SELECT (SELECT {pk} FROM {table} WHERE {message_id} = %s), "  # noqa: S608
        f"(SELECT COUNT(*) FROM {table} WHERE {sender} = %s AND {status} = %s AND {received_at} >= %s)"
    )


def _screen(mail: ParsedMail, envelope_sender: str | None, recent: int) -> tuple[str, str] | None:
    """Mail that must not become a ticket: machine-written, looping, anonymous or too frequent."""
    if mail.auto is not None:
        return _AUTO_STATUS[mail.auto], mail.auto_reason
    if envelope_sender == "":
        return InboundStatus.AUTO_REPLY, "null envelope sender"
    if mail.loop_marker:
        return InboundStatus.AUTO_REPLY, "one of Beacon's own mails came back"
    if not mail.from_address:
        return InboundStatus.REJECTED, "no valid From address"
    if mail.from_address in conf.own_addresses() | mailbox_addresses():
        return InboundStatus.REJECTED, "sent from Beacon's own address (loop)"
    limit, window = conf.rate_limit()
    if recent >= limit:
        return InboundStatus.RATE_LIMITED, f"more than {limit} mails in {window}"
    return None


_mailbox_cache: tuple[float, frozenset[str]] = (0.0, frozenset())


def mailbox_addresses() -> frozenset[str]:
    """The configured mailboxes' addresses, re-read at most every minute (checked for every mail)."""
    global _mailbox_cache
    loaded_at, addresses = _mailbox_cache
    if time.monotonic() - loaded_at > 60:
        addresses = frozenset(a.lower() for a in Mailbox.objects.values_list("address", flat=True))
        _mailbox_cache = (time.monotonic(), addresses)
    return addresses


def _ticket_mail(
    mail: ParsedMail, *, source: str, mailbox: Mailbox | None, imap_uid: int | None, existing: InboundMail | None
) -> IngestResult:
    from beacon.tickets.services import post_system_note  # tickets.services imports this app

    # Addresses are stored lower-case: an exact lookup uses the unique index; the case-insensitive
    # one in get_or_create_customer scans, so it only runs for senders seen for the first time.
    author = User.objects.filter(email=mail.from_address).first()
    if author is None:
        author, _created = get_or_create_customer(
            mail.from_address, display_name=mail.from_name, language=guess_language(mail)
        )
    if not author.is_active:
        raise SenderRefused(_("The sender's account is disabled."))
    decision = decide_thread(mail, author)
    attachments = check_attachments(mail.attachments)
    category = None
    if mailbox is not None and mailbox.category is not None and mailbox.category.is_active:
        category = mailbox.category.slug
    inbound = build_inbound(mail, author, decision, attachments.accepted, category=category, source=source)
    ctx = process_inbound(inbound)
    ticket: Ticket = ctx.ticket
    _keep_html(mail, ctx.result, attachments, redacted=bool(ctx.security.get("redacted")))
    for note in _notes(decision, ticket, attachments.refused):
        post_system_note(ticket, note, {"source": "mail"})
    if decision.how == FOLLOW_UP and decision.related is not None:
        post_system_note(
            decision.related,
            _("The customer wrote again after this request was resolved; follow-up: %(ref)s.")
            % {"ref": ticket.reference},
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


def _keep_html(mail: ParsedMail, message: Message, attachments: CheckedAttachments, *, redacted: bool) -> None:
    """Keep the mail's sanitised HTML beside its message, for agents and the customer to view in a
    sandboxed frame; only when nothing was redacted from the mail and a secret scan of the HTML's
    text finds nothing (the HTML is never stored redacted, so a secret in it means no HTML)."""
    if not mail.html or redacted or scan_secrets(html_scan_text(mail.html)):
        return
    image_urls: dict[str, str] = {}
    if attachments.content_ids and "cid:" in mail.html.lower():
        stored = list(Attachment.objects.filter(message=message).order_by("id").values_list("pk", flat=True))
        if len(stored) == len(attachments.accepted):  # stored in the order they were accepted
            image_urls = {cid: reverse("attachment", args=[stored[i]]) for cid, i in attachments.content_ids.items()}
    MailHtml.objects.create(message=message, html=display_html(mail.html, image_urls))


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
            _("Follow-up to %(ref)s, which was resolved before the reopen window.")
            % {"ref": decision.related.reference}
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
    # The row itself is the log of what became of the mail; the ticket's own events record the
    # message. A mail that does not reach a ticket, or that is flagged, is an event of its own.
    if status != InboundStatus.TICKETED or flags:
        record_event(
            None,
            "mail.received",
            row,
            {"status": status, "ticket": ticket.pk if ticket else None, "flags": flags or []},
        )
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
    if mail.bounce is None:
        return
    outbound = OutboundMail.objects.select_related("ticket").filter(message_id=mail.bounce.original_message_id).first()
    if outbound is None:
        return
    error = f"bounced: {mail.bounce.status} {mail.bounce.diagnostic}".strip()
    OutboundMail.objects.filter(pk=outbound.pk).update(
        status=OutboundStatus.FAILED, last_error=error, updated_at=timezone.now()
    )
    record_event(
        None, "mail.bounced", outbound.ticket, {"outbound": outbound.pk, "to": outbound.to_address, "error": error}
    )


def _count_duplicate(row: InboundMail) -> IngestResult:
    InboundMail.objects.filter(pk=row.pk).update(times_seen=F("times_seen") + 1, updated_at=timezone.now())
    return IngestResult(DUPLICATE, row, row.ticket_id)


def record_oversized(
    head: bytes, size: int, *, source: str, mailbox: Mailbox | None, imap_uid: int | None
) -> IngestResult:
    """A mail over the size limit: recorded as rejected from its headers alone, never read whole."""
    head = head[:65536].split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    mail = parse_mail(head + b"\r\n\r\n")
    mail.size = size
    reason = f"{size} bytes; the limit is {conf.max_message_bytes()}"
    existing = InboundMail.objects.filter(message_id=mail.message_id).first()
    if existing is not None and existing.status in DONE_STATUSES:
        return _count_duplicate(existing)
    return _record(
        mail, InboundStatus.REJECTED, reason, source=source, mailbox=mailbox, imap_uid=imap_uid, existing=existing
    )


def _record_failure(
    mail: ParsedMail, error: str, *, source: str, mailbox: Mailbox | None, imap_uid: int | None
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
            },
        )
        if not created:
            row.attempts += 1
            row.reason = error[:2000]
            row.save(update_fields=["attempts", "reason", "updated_at"])
        record_event(None, "mail.processing_failed", row, {"error": error[:500], "attempt": row.attempts})
    return IngestResult(InboundStatus.FAILED, row, gave_up=row.attempts >= conf.max_inbound_attempts())


@transaction.atomic
def retry_failed(actor: User | None, row: InboundMail) -> bool:
    """An operator asks for a mail that failed too often to be tried again. For IMAP mail the
    mailbox is rewound to just before it (the next poll fetches it again; mail after it is only
    counted as duplicates). Mail from SMTP or a pipe is redelivered by the sending server."""
    row = InboundMail.objects.select_for_update(of=("self",)).select_related("mailbox").get(pk=row.pk)
    if row.status != InboundStatus.FAILED or row.mailbox is None or row.imap_uid is None:
        return False
    row.attempts = 0
    row.save(update_fields=["attempts", "updated_at"])
    Mailbox.objects.filter(pk=row.mailbox.pk, last_uid__gte=row.imap_uid).update(last_uid=row.imap_uid - 1)
    record_event(actor, "mail.retry_requested", row, {"mailbox": row.mailbox.pk, "uid": row.imap_uid})
    return True


@transaction.atomic
def record_poll(
    mailbox: Mailbox, *, uidvalidity: int | None = None, last_uid: int | None = None, error: str = ""
) -> None:
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
