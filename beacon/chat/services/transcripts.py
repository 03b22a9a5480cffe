"""The transcript by e-mail: the customer asks in the chat, a task sends it after commit and
retries when the mail server is unavailable.

Only to an address that is known to be the customer's: confirmed with a code in the chat, vouched
for by the exchange's signature, or verified on the portal account. At most 3 requests a chat per
hour and 10 an address per day. The mail is in the chat's language, text and HTML, and shows the
customer's anti-phishing code at the top like every other mail Beacon sends to customers.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beacon.chat.enums import IdentitySource, TranscriptMailStatus
from beacon.chat.models import ChatSession, TranscriptMail
from beacon.chat.selectors import transcript_lines
from beacon.chat.services.common import lock_session, on_commit
from beacon.chat.services.identity import RateLimited
from beacon.chat.tasks import send_transcript_mail
from beacon.core.audit import record_event
from beacon.core.errors import DomainError
from beacon.core.ratelimit import hit
from beacon.mail import conf as mail_conf
from beacon.mail.parsing.headers import one_line

logger = logging.getLogger(__name__)

RETRY_DELAYS = (60, 300, 1800)  # seconds before the 2nd, 3rd and 4th attempt
PER_CHAT = (3, 3600)
PER_ADDRESS = (10, 86400)


class EmailNotVerified(DomainError):
    code = "email_unverified"
    status = 403


def has_verified_email(session: ChatSession) -> bool:
    """Whether the chat's customer address is known to be theirs."""
    user = session.user
    if user is None:
        return False
    if session.identity in {IdentitySource.EMAIL, IdentitySource.SIGNED}:
        return True  # confirmed with a code in this chat, or vouched for by the exchange
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


@transaction.atomic
def request_transcript_mail(session_id: int) -> TranscriptMail:
    """Queue the transcript for the chat's customer; the send task runs after commit."""
    session = lock_session(session_id)
    user = session.user
    if user is None or not has_verified_email(session):
        raise EmailNotVerified(
            _("We only e-mail transcripts to a confirmed address. Confirm your e-mail address first.")
        )
    if session.last_seq == 0:
        raise DomainError(_("There is nothing to send yet."), code="empty_chat")
    digest = hashlib.sha256(user.email.lower().encode()).hexdigest()[:16]
    if not hit(f"chat-transcript:{session.public_id}", *PER_CHAT) or not hit(
        f"chat-transcript-mail:{digest}", *PER_ADDRESS
    ):
        raise RateLimited(_("You asked for the transcript several times already. Try again later."))
    mail = TranscriptMail.objects.create(
        session=session, recipient=user, to_address=user.email, language=session.language
    )
    record_event(user, "chat.transcript_mail_requested", session, {"mail": mail.pk})
    on_commit(lambda: send_transcript_mail.enqueue(mail.pk))
    return mail


def deliver_transcript_mail(mail_id: int) -> str:
    """Send one transcript mail (the task; idempotent: a mail sent or being sent is left alone)."""
    claimed = TranscriptMail.objects.filter(
        pk=mail_id, status__in=[TranscriptMailStatus.QUEUED, TranscriptMailStatus.RETRYING]
    ).update(status=TranscriptMailStatus.SENDING, attempts=F("attempts") + 1)
    mail = TranscriptMail.objects.select_related("session__ticket", "recipient").filter(pk=mail_id).first()
    if mail is None or not claimed:
        return mail.status if mail is not None else "missing"
    try:
        transcript_email(mail).send()
    except Exception as exc:
        logger.warning("chat: transcript mail %s failed: %s", mail.pk, exc)
        return _failed(mail, f"{type(exc).__name__}: {exc}")
    with transaction.atomic():
        TranscriptMail.objects.filter(pk=mail.pk).update(
            status=TranscriptMailStatus.SENT, sent_at=timezone.now(), last_error=""
        )
        record_event(None, "chat.transcript_mailed", mail.session, {"mail": mail.pk, "to": mail.to_address})
    return TranscriptMailStatus.SENT


def _failed(mail: TranscriptMail, error: str) -> str:
    final = mail.attempts > len(RETRY_DELAYS)
    status = TranscriptMailStatus.FAILED if final else TranscriptMailStatus.RETRYING
    with transaction.atomic():
        TranscriptMail.objects.filter(pk=mail.pk).update(status=status, last_error=error[:300])
        record_event(
            None,
            "chat.transcript_mail_failed",
            mail.session,
            {"mail": mail.pk, "attempt": mail.attempts, "final": final, "error": error[:200]},
        )
    task = send_transcript_mail
    if not final and task.get_backend().supports_defer:
        run_after = timezone.now() + timedelta(seconds=RETRY_DELAYS[mail.attempts - 1])
        task.using(run_after=run_after).enqueue(mail.pk)
    return status


def transcript_email(mail: TranscriptMail) -> EmailMultiAlternatives:
    """The mail: text and HTML in the chat's language, the anti-phishing code first."""
    session = mail.session
    recipient = mail.recipient
    if recipient is None:
        raise LookupError("the recipient's account was deleted")
    ticket = session.ticket
    with translation.override(mail.language):
        context = {
            "recipient": recipient,
            "anti_phishing_code": recipient.anti_phishing_code.strip(),
            "started": session.created_at,
            "reference": ticket.reference if ticket is not None else "",
            "lines": transcript_lines(session),
        }
        subject = _("Your chat transcript")
        if ticket is not None:
            subject = f"{subject} [{ticket.reference}]"
        text = render_to_string("chat/email/transcript.txt", context)
        html = render_to_string("chat/email/transcript.html", context)
    headers = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}
    if ticket is not None:
        headers["X-Beacon-Ticket"] = ticket.reference
    email = EmailMultiAlternatives(
        subject=one_line(subject, 250),
        body=text,
        from_email=mail_conf.from_address(),
        to=[mail.to_address],
        headers=headers,
    )
    email.attach_alternative(html, "text/html")
    return email
