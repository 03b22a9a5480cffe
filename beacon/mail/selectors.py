"""Reads of the e-mail channel. Ids from users resolve through access_* (scoped to visible tickets)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.chat.models import ChatSession
from beacon.core.errors import NotFound
from beacon.mail.models import OutboundMail
from beacon.tickets.models import Ticket
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
