"""Sending the forum's notification mails: a NotificationMail row is queued in the poster's
transaction, the send task runs after commit (deferred to the end of the batching window), and a
failure is retried with the e-mail channel's back-off, so nothing is lost or sent twice."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from beacon.core.audit import record_event
from beacon.forum.enums import MailStatus
from beacon.forum.mail import build_email, compose, new_message_id, visible_items
from beacon.forum.models import MailOptOut, NotificationMail, Subscription
from beacon.forum.services.notifications import enqueue_mail
from beacon.mail import conf as mail_conf

logger = logging.getLogger(__name__)

STALE_SENDING = timedelta(minutes=15)


def _due(now: datetime) -> Q:
    return (
        Q(status__in=[MailStatus.QUEUED, MailStatus.RETRYING])
        & Q(send_after__lte=now)
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    )


def deliver_mail(mail_id: int, *, now: datetime | None = None) -> str:
    """Send one mail if it is due (idempotent: a mail already sent, being sent or not yet due is
    left alone). Its text is composed now, from what is still visible and still followed."""
    now = now or timezone.now()
    claimed = NotificationMail.objects.filter(_due(now), pk=mail_id).update(
        status=MailStatus.SENDING, attempts=F("attempts") + 1, updated_at=now
    )
    mail = NotificationMail.objects.select_related("user", "thread").filter(pk=mail_id).first()
    if mail is None or not claimed:
        return mail.status if mail is not None else "missing"
    user = mail.user
    items = visible_items(mail)
    still_wanted = (
        user.is_active
        and bool(user.email)
        and not MailOptOut.objects.filter(user=user).exists()
        and not Subscription.objects.filter(thread=mail.thread, user=user, is_following=False).exists()
    )
    if not items or not still_wanted:
        NotificationMail.objects.filter(pk=mail.pk).update(status=MailStatus.CANCELLED, updated_at=timezone.now())
        return MailStatus.CANCELLED
    composed = compose(mail, items)
    message_id = new_message_id(mail)
    mail.to_address = user.email
    try:
        build_email(mail, composed, message_id).send()
    except Exception as exc:
        logger.warning("sending forum mail %s failed: %s", mail.pk, exc)
        return _send_failed(mail, f"{type(exc).__name__}: {exc}")
    with transaction.atomic():
        NotificationMail.objects.filter(pk=mail.pk).update(
            status=MailStatus.SENT,
            sent_at=timezone.now(),
            to_address=user.email,
            subject=composed.subject,
            language=composed.language,
            message_id=message_id,
            last_error="",
            next_attempt_at=None,
        )
        record_event(None, "forum.mail_sent", mail.thread, {"mail": mail.pk, "user": user.pk, "items": len(items)})
    return MailStatus.SENT


def _send_failed(mail: NotificationMail, error: str) -> str:
    delays = mail_conf.outbound_retry_delays()
    final = mail.attempts > len(delays)
    next_at = None if final else timezone.now() + timedelta(seconds=delays[mail.attempts - 1])
    with transaction.atomic():
        NotificationMail.objects.filter(pk=mail.pk).update(
            status=MailStatus.FAILED if final else MailStatus.RETRYING,
            last_error=error[:2000],
            next_attempt_at=next_at,
            updated_at=timezone.now(),
        )
        record_event(
            None,
            "forum.mail_failed",
            mail.thread,
            {"mail": mail.pk, "error": error[:300], "attempt": mail.attempts, "final": final},
        )
        if next_at is not None:
            transaction.on_commit(lambda: enqueue_mail(mail.pk, next_at), robust=True)
    return MailStatus.FAILED if final else MailStatus.RETRYING


def deliver_due_mail(*, now: datetime | None = None, limit: int = 200) -> int:
    """The sweep (for `run_periodic` or a worker): send every mail whose batching window or retry
    delay has passed, whose task was lost, or whose sender died mid-send. Returns how many."""
    now = now or timezone.now()
    NotificationMail.objects.filter(status=MailStatus.SENDING, updated_at__lte=now - STALE_SENDING).update(
        status=MailStatus.RETRYING, next_attempt_at=now, last_error="interrupted while sending"
    )
    ids = list(NotificationMail.objects.filter(_due(now)).order_by("send_after").values_list("pk", flat=True)[:limit])
    for mail_id in ids:
        deliver_mail(mail_id, now=now)
    return len(ids)
