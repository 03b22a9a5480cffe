"""Reads of the e-mail channel. Ids from users resolve through access_* (scoped to visible tickets)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.chat.models import ChatSession
from beacon.core.errors import NotFound
from beacon.mail.models import MailHtml, OutboundMail
from beacon.tickets.enums import MessageKind
from beacon.tickets.models import Message, Ticket
from beacon.tickets.selectors import visible_tickets

LOG_SIZE = 20


def access_outbound_mail(actor: User, mail_id: int | str) -> OutboundMail:
    try:
        pk = int(mail_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such e-mail.")) from None
    if not actor.is_authenticated or not actor.is_staff_member:
        raise NotFound(_("No such e-mail."))
    mail = OutboundMail.objects.select_related("ticket").filter(pk=pk, ticket__in=visible_tickets(actor)).first()
    if mail is None:
        raise NotFound(_("No such e-mail."))
    return mail


def access_mail_html(actor: User, message_id: int | str) -> MailHtml | None:
    """The formatted version of a received mail's message, for someone who may read that message
    (a customer: only public messages of their own tickets). None when no HTML was kept for it;
    NotFound when the message is not theirs to read (the same answer as a message that does not exist)."""
    try:
        pk = int(message_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such message.")) from None
    found = Message.objects.filter(pk=pk, ticket__in=visible_tickets(actor))
    if not actor.is_staff_member:
        found = found.exclude(kind=MessageKind.INTERNAL)
    row = found.values_list("pk", "mail_html__html").first()
    if row is None:
        raise NotFound(_("No such message."))
    return MailHtml(message_id=row[0], html=row[1]) if row[1] is not None else None


def ticket_mail_log(ticket: Ticket) -> list[OutboundMail]:
    """The latest mails Beacon sent (or tried to send) about a ticket, newest first."""
    return list(
        OutboundMail.objects.filter(ticket=ticket)
        .only(
            "id",
            "ticket_id",
            "kind",
            "to_address",
            "status",
            "attempts",
            "last_error",
            "asks_rating",
            "created_at",
            "sent_at",
        )
        .order_by("-created_at", "-id")[:LOG_SIZE]
    )


def chat_was_rated(ticket_id: int) -> bool:
    """The customer already rated a live chat about this ticket (the chat asks when it ends)."""
    return ChatSession.objects.filter(ticket_id=ticket_id, csat_rating__isnull=False).exists()
