from __future__ import annotations

from django import template

from beacon.mail.models import OutboundMail
from beacon.mail.selectors import ticket_mail_log
from beacon.tickets.models import Ticket

register = template.Library()


@register.simple_tag
def mail_log(ticket: Ticket) -> list[OutboundMail]:
    return ticket_mail_log(ticket)
