"""Sending Beacon's mails: queued in the caller's transaction (so a committed reply always has its
mail), sent after commit by a task, every attempt recorded on the OutboundMail row; a failure is an
audit event on the ticket and is retried, so nothing fails silently.
Must not import beacon.tickets.services at module level (tickets.services calls into this app).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta

from django.core.mail import mailers
from django.db import connections, router, transaction
from django.db.models import F, Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from beacon.accounts.models import User
from beacon.chat.selectors import chat_is_live
from beacon.core.audit import record_event
from beacon.core.errors import PermissionDenied
from beacon.core.inbound import Channel
from beacon.core.models import AuditEvent
from beacon.mail import conf
from beacon.mail.enums import OutboundKind, OutboundStatus
from beacon.mail.models import OutboundMail
from beacon.mail.outbound import build_email, compose, mail_language, mail_subject, new_message_id, thread_headers
from beacon.mail.selectors import chat_was_rated
from beacon.mail.tasks import send_outbound_mail, send_outbound_mails, send_queued_mails
from beacon.tickets.csat.selectors import can_rate
from beacon.tickets.models import Message, Ticket

logger = logging.getLogger(__name__)

STALE_SENDING = timedelta(minutes=15)
LOST_QUEUED = timedelta(minutes=2)
SEND_BATCH = 100  # mails claimed, rendered and sent per round of send_queued_mails
_QUEUED_TASK_PATH = send_queued_mails.module_path


def _queue(
    kind: str,
    ticket: Ticket,
    *,
    message: Message | None = None,
    first: Message | None = None,
    announces_solve: datetime | None = None,
    asks_rating: bool = False,
) -> OutboundMail | None:
    """Store the mail and send it after commit. Its text is rendered by the send task, not here:
    this runs inside the request or inbound pipeline that caused the mail."""
    recipient: User = ticket.requester
    if not recipient.email or not recipient.is_active:
        return None
    if first is not None:
        # A new ticket's only mail so far is the customer's own (if it came by e-mail).
        root = first.email_message_id
        in_reply_to, references = (root, [root]) if root else ("", [])
    else:
        in_reply_to, references = thread_headers(ticket)
    mail = OutboundMail.objects.create(
        ticket=ticket,
        ticket_message=message,
        recipient=recipient,
        to_address=recipient.email,
        kind=kind,
        language=mail_language(recipient),
        subject=mail_subject(kind, ticket),
        message_id=new_message_id(ticket),
        in_reply_to=in_reply_to,
        references=" ".join(references),
        announces_solve=announces_solve,
        asks_rating=asks_rating,
    )
    collected = _batched.get()
    if collected is not None:
        collected.append(mail.pk)
    else:
        transaction.on_commit(lambda: _send_soon(mail.pk), robust=True)
    return mail


def _send_soon(mail_id: int) -> None:
    """After commit: have the mail sent. With the database task backend, one `send_queued_mails`
    task sends every queued mail, so a mail committed while such a task still waits (not yet
    claimed by a worker: it will see this mail) needs no task of its own. Other backends get one
    task per mail. A mail whose task is lost is sent by the worker's sweep (LOST_QUEUED)."""
    backend = send_queued_mails.get_backend()
    if not isinstance(backend, DatabaseBackend):
        send_outbound_mail.enqueue(mail_id)
        return
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=_QUEUED_TASK_PATH, backend_name=backend.alias
    )
    if not waiting.exists():
        send_queued_mails.enqueue()


_batched: ContextVar[list[int] | None] = ContextVar("beacon_mail_batched_sends", default=None)


@contextmanager
def batched_sends() -> Iterator[None]:
    """Inside one transaction that queues many mails (a batch of received mail): one send task for
    all of them after commit instead of one task each. Must be entered inside the transaction."""
    collected: list[int] = []
    token = _batched.set(collected)
    try:
        yield
    finally:
        _batched.reset(token)
    if collected:
        transaction.on_commit(lambda: send_outbound_mails.enqueue(collected), robust=True)


_acknowledge: ContextVar[bool] = ContextVar("beacon_mail_acknowledge", default=True)


@contextmanager
def without_acknowledgements() -> Iterator[None]:
    """Import old mail (a Maildir migration) without mailing every customer an acknowledgement."""
    token = _acknowledge.set(False)
    try:
        yield
    finally:
        _acknowledge.reset(token)


def acknowledge_ticket(ticket: Ticket, first_message: Message | None = None) -> OutboundMail | None:
    """A new ticket from any channel: mail the requester its reference. Caller holds the
    transaction; `first_message` (the ticket's first message) saves looking up the thread."""
    if not _acknowledge.get() or ticket.channel == Channel.CHAT:
        # A customer in a live chat sees the reference there. Only a chat's first message opens a
        # ticket with a chat session, so the channel says it without a query.
        return None
    return _queue(OutboundKind.ACKNOWLEDGEMENT, ticket, first=first_message)


_live_chat_ticket: ContextVar[int | None] = ContextVar("beacon_mail_live_chat_ticket", default=None)


@contextmanager
def replying_in_live_chat(ticket_id: int) -> Iterator[None]:
    """The chat posts an agent's line on a ticket whose session it holds open (and locked): the
    customer reads the line there, so no mail, and no query to find out that the chat is live."""
    token = _live_chat_ticket.set(ticket_id)
    try:
        yield
    finally:
        _live_chat_ticket.reset(token)


def mail_agent_reply(message: Message) -> OutboundMail | None:
    """An agent's public reply: mail it to the requester, unless they are reading it in a live
    chat right now (the chat transcript can be requested instead). Caller holds the transaction."""
    if _live_chat_ticket.get() == message.ticket_id or chat_is_live(message.ticket_id):
        return None
    return _queue(OutboundKind.REPLY, message.ticket, message=message)


def mail_ticket_solved(ticket: Ticket) -> OutboundMail | None:
    """The ticket became solved (caller holds the transaction; `ticket.solved_at` is this solve).

    One mail per solve: when the agent's reply that solved it is still queued, that mail says so
    and carries the rating links instead of a second mail. Nothing is mailed while the customer is
    in a live chat on the ticket: the chat shows its end and asks for the rating itself."""
    solved_at = ticket.solved_at
    if solved_at is None or chat_is_live(ticket.pk):
        return None
    if OutboundMail.objects.filter(ticket=ticket, announces_solve=solved_at).exists():
        return None
    asks_rating = can_rate(ticket) and not chat_was_rated(ticket.pk)
    pending = (
        OutboundMail.objects.filter(
            ticket=ticket,
            kind=OutboundKind.REPLY,
            status=OutboundStatus.QUEUED,
            body_text="",
            created_at__gte=timezone.now() - timedelta(minutes=1),
        )
        .order_by("-id")
        .first()
    )
    if pending is not None:
        # Still unsent and unrendered: the send task renders it with the solve and rating links.
        claimed = OutboundMail.objects.filter(pk=pending.pk, status=OutboundStatus.QUEUED, body_text="").update(
            announces_solve=solved_at, asks_rating=asks_rating
        )
        if claimed:
            pending.announces_solve, pending.asks_rating = solved_at, asks_rating
            return pending
    return _queue(OutboundKind.SOLVED, ticket, announces_solve=solved_at, asks_rating=asks_rating)


def deliver_outbound(mail_id: int) -> str:
    """Send one queued mail (idempotent: a mail already sent or being sent is left alone)."""
    now = timezone.now()
    claimed = (
        OutboundMail.objects.filter(pk=mail_id, status__in=[OutboundStatus.QUEUED, OutboundStatus.RETRYING])
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=OutboundStatus.SENDING, attempts=F("attempts") + 1, updated_at=now)
    )
    mail = (
        OutboundMail.objects.select_related("ticket", "ticket_message__author", "recipient").filter(pk=mail_id).first()
    )
    if mail is None or not claimed:
        return mail.status if mail is not None else "missing"
    try:
        if not mail.body_text:
            _render(mail)
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


def deliver_queued(*, limit: int = SEND_BATCH, rounds: int = 20) -> dict[str, int]:
    """Send the queued mails (never attempted, no retry pending), oldest first, `limit` per round
    over one connection to the mail server, until none is left (at most `rounds` rounds; the next
    task or the worker's sweep sends the rest). Each mail is claimed before sending (a concurrent
    worker never sends it twice) and fails on its own: retried with back-off, shown to agents."""
    outcomes: dict[str, int] = {}
    for _round in range(rounds):
        mails = _claim_queued(limit)
        if not mails:
            break
        for status in _send_claimed(mails):
            outcomes[status] = outcomes.get(status, 0) + 1
        if len(mails) < limit:
            break
    return outcomes


def _claim_queued(limit: int) -> list[OutboundMail]:
    """Mark up to `limit` queued mails as being sent by this worker and return them. Rows locked by
    another worker are skipped (PostgreSQL); SQLite's write lock, taken at BEGIN, serialises claims."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            OutboundMail.objects.select_for_update(skip_locked=True)
            .filter(status=OutboundStatus.QUEUED, next_attempt_at__isnull=True)
            .order_by("id")
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return []
        OutboundMail.objects.filter(pk__in=ids, status=OutboundStatus.QUEUED).update(
            status=OutboundStatus.SENDING, attempts=F("attempts") + 1, updated_at=now
        )
    return list(
        OutboundMail.objects.select_related("ticket", "ticket_message__author", "recipient")
        .filter(pk__in=ids, status=OutboundStatus.SENDING)
        .order_by("id")
    )


def _send_claimed(mails: list[OutboundMail]) -> list[str]:
    """Render and send claimed mails over one mail-server connection; then one write marks the
    sent ones (with their rendered text, kept for the record) and adds their audit events."""
    mailer = mailers.default
    sent: list[OutboundMail] = []
    statuses: list[str] = []
    try:
        mailer.open()
    except Exception as exc:
        logger.warning("opening the mail connection failed: %s", exc)
        return [_send_failed(mail, f"{type(exc).__name__}: {exc}") for mail in mails]
    try:
        for mail in mails:
            try:
                if not mail.body_text:
                    _render(mail, store=False)
                if mailer.send_messages([build_email(mail)]) != 1:
                    raise RuntimeError("the mail backend did not send the mail")
            except Exception as exc:
                logger.warning("sending mail %s failed: %s", mail.pk, exc)
                if mail.body_text:  # keep what was rendered, so the retry sends the same mail
                    OutboundMail.objects.filter(pk=mail.pk).update(body_text=mail.body_text, body_html=mail.body_html)
                statuses.append(_send_failed(mail, f"{type(exc).__name__}: {exc}"))
                _reopen(mailer)
            else:
                sent.append(mail)
    finally:
        mailer.close()
    if sent:
        now = timezone.now()
        with transaction.atomic():
            OutboundMail.objects.filter(pk__in=[mail.pk for mail in sent]).update(
                status=OutboundStatus.SENT, sent_at=now, last_error="", next_attempt_at=None, updated_at=now
            )
            _store_bodies(sent)
            AuditEvent.objects.bulk_create(
                [
                    AuditEvent(
                        verb="mail.sent",
                        target_type=Ticket._meta.model_name or "",
                        target_id=mail.ticket_id,
                        data={"outbound": mail.pk, "kind": mail.kind, "to": mail.to_address},
                    )
                    for mail in sent
                ]
            )
        statuses += [OutboundStatus.SENT] * len(sent)
    return statuses


def _store_bodies(mails: list[OutboundMail]) -> None:
    """Keep each mail's rendered text: one prepared UPDATE run for all rows (bulk_update's CASE
    expressions cost more CPU than the sending itself)."""
    rendered = [(mail.body_text, mail.body_html, mail.pk) for mail in mails]
    if not rendered:
        return
    db = router.db_for_write(OutboundMail)
    ops = connections[db].ops
    table = ops.quote_name(OutboundMail._meta.db_table)
    text, html, pk = (ops.quote_name(column) for column in ("body_text", "body_html", "id"))
    with connections[db].cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {text} = %s, {html} = %s WHERE {pk} = %s", rendered)  # noqa: S608


def _reopen(mailer: object) -> None:
    """After a failed send, start the next mail on a fresh connection (the server may have hung up)."""
    try:
        mailer.close()  # type: ignore[attr-defined]
        mailer.open()  # type: ignore[attr-defined]
    except Exception as exc:
        logger.warning("reopening the mail connection failed: %s", exc)


def _render(mail: OutboundMail, *, store: bool = True) -> None:
    """Render the mail's text once and keep it, so every retry sends the same mail."""
    if mail.recipient is None:
        raise LookupError("the recipient's account was deleted")
    composed = compose(mail, mail.recipient)
    mail.body_text, mail.body_html = composed.text, composed.html
    if store:
        OutboundMail.objects.filter(pk=mail.pk).update(body_text=composed.text, body_html=composed.html)


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
            {
                "outbound": mail.pk,
                "to": mail.to_address,
                "error": error[:300],
                "attempt": mail.attempts,
                "final": final,
            },
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
