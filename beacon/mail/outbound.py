"""Composing Beacon's mails to customers: text + HTML in the customer's language, the anti-phishing
code, and the Message-ID / In-Reply-To / References headers that keep the conversation in one
thread in the customer's mail client. Reads only; services.py stores and sends."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from beacon.accounts.models import User
from beacon.mail import conf
from beacon.mail.enums import OutboundKind
from beacon.mail.models import OutboundMail
from beacon.mail.parsing.headers import one_line
from beacon.tickets.csat.forms import SCORES
from beacon.tickets.csat.links import csat_url
from beacon.tickets.csat.selectors import can_rate
from beacon.tickets.models import Message, Ticket

MAX_REFERENCES = 10
MAX_ATTACHED_BYTES = 15 * 1024 * 1024


@dataclass(frozen=True)
class Composed:
    subject: str
    text: str
    html: str
    language: str


def new_message_id(ticket: Ticket) -> str:
    return f"bcn.{ticket.pk}.{uuid.uuid4().hex[:20]}@{conf.message_id_domain()}"


def thread_ids(ticket: Ticket) -> list[str]:
    """Every Message-ID of the ticket's conversation, oldest first: the customer's mails and ours."""
    stamped: list[tuple[datetime, int, str]] = [
        (created, 0, mid)
        for mid, created in Message.objects.filter(ticket=ticket, email_message_id__isnull=False).values_list(
            "email_message_id", "created_at"
        )
        if mid
    ]
    stamped += [
        (created, 1, mid)
        for mid, created in OutboundMail.objects.filter(ticket=ticket).values_list("message_id", "created_at")
    ]
    stamped.sort(key=lambda row: (row[0], row[1]))
    return [mid for _at, _n, mid in stamped if mid]


def thread_headers(ticket: Ticket) -> tuple[str, list[str]]:
    """(In-Reply-To, References) for the next mail of the ticket: answer the latest mail and keep the
    first one (the thread root) in References, as RFC 5322 §3.6.4 asks."""
    ids = thread_ids(ticket)
    if not ids:
        return "", []
    references = ids if len(ids) <= MAX_REFERENCES else [ids[0], *ids[-(MAX_REFERENCES - 1) :]]
    return ids[-1], references


def portal_url(ticket: Ticket) -> str:
    return f"{settings.SITE_URL}{reverse('portal:detail', args=[ticket.pk])}"


def mail_language(recipient: User) -> str:
    return recipient.language if recipient.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def mail_subject(kind: str, ticket: Ticket) -> str:
    prefix = "" if kind == OutboundKind.ACKNOWLEDGEMENT else "Re: "
    return one_line(f"{prefix}[{ticket.reference}] {one_line(ticket.subject, 200)}", 250)


def compose(mail: OutboundMail, recipient: User) -> Composed:
    """Render a queued mail's text and HTML (the send task does this once, at the first attempt).

    The rating links are left out when the ticket cannot be rated any more (reopened or merged
    between the solve and the send)."""
    ticket = mail.ticket
    message = mail.ticket_message
    asks_rating = mail.asks_rating and can_rate(ticket)
    context = {
        "kind": mail.kind,
        "ticket": ticket,
        "recipient": recipient,
        "message": message,
        "agent_name": message.author.label if message is not None and message.author is not None else "",
        "solved": mail.announces_solve is not None or mail.kind == OutboundKind.SOLVED,
        "anti_phishing_code": recipient.anti_phishing_code.strip(),
        "portal_url": portal_url(ticket),
        "reopen_days": _reopen_days(),
        "rating_url": csat_url(ticket) if asks_rating else "",
        "rating_links": [(score, label, csat_url(ticket, score)) for score, label in SCORES] if asks_rating else [],
    }
    with translation.override(mail.language):
        text = render_to_string("mail/email/notification.txt", context)
        html = render_to_string("mail/email/notification.html", context)
    return Composed(subject=mail.subject, text=_tidy(text), html=html, language=mail.language)


def _reopen_days() -> int:
    from beacon.tickets.services import REOPEN_WINDOW  # tickets.services imports this app

    return REOPEN_WINDOW.days


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if not line and out and not out[-1]:
            continue
        out.append(line)
    return "\n".join(out).strip() + "\n"


def build_email(mail: OutboundMail) -> EmailMultiAlternatives:
    headers = {
        "Message-ID": f"<{mail.message_id}>",
        "X-Beacon-Ticket": mail.ticket.reference,
        "X-Beacon-Loop": f"<{mail.message_id}>",
        # Ask Exchange and others not to answer with out-of-office replies.
        "X-Auto-Response-Suppress": "All",
    }
    if mail.in_reply_to:
        headers["In-Reply-To"] = f"<{mail.in_reply_to}>"
    if mail.references:
        headers["References"] = " ".join(f"<{mid}>" for mid in mail.references.split())
    if mail.kind == OutboundKind.ACKNOWLEDGEMENT:
        headers["Auto-Submitted"] = "auto-replied"
    elif mail.kind == OutboundKind.SOLVED:
        headers["Auto-Submitted"] = "auto-generated"
    email = EmailMultiAlternatives(
        subject=one_line(mail.subject, 250),
        body=mail.body_text,
        from_email=conf.from_address(),
        to=[mail.to_address],
        headers=headers,
    )
    if mail.body_html:
        email.attach_alternative(mail.body_html, "text/html")
    if mail.ticket_message is not None:
        _attach_files(email, mail.ticket_message)
    return email


def _attach_files(email: EmailMultiAlternatives, message: Message) -> None:
    total = 0
    for attachment in message.attachments.order_by("id"):
        total += attachment.size
        if total > MAX_ATTACHED_BYTES:
            break  # the rest stays on the ticket page; the mail links to it
        with attachment.file.open("rb") as handle:
            email.attach(attachment.name, handle.read(), attachment.content_type)
