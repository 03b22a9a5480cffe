"""Reads for macros: the active list, access by id, the rendered text for a ticket."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.core.errors import NotFound
from beacon.tickets.macros.models import Macro
from beacon.tickets.macros.rendering import render
from beacon.tickets.models import Ticket


def active_macros() -> QuerySet[Macro]:
    return Macro.objects.filter(is_active=True).select_related("set_team").order_by("position", "name")


def all_macros() -> QuerySet[Macro]:
    return Macro.objects.select_related("set_team").order_by("position", "name")


def access_macro(actor: User, macro_id: int | str, *, editing: bool = False) -> Macro:
    try:
        pk = int(macro_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such macro.")) from None
    macros = all_macros() if editing and actor.is_supervisor else active_macros()
    macro = macros.filter(pk=pk).first() if actor.is_staff_member else None
    if macro is None:
        raise NotFound(_("No such macro."))
    return macro


def render_macro(macro: Macro, ticket: Ticket, actor: User) -> str:
    """The macro's text in the ticket's language with placeholders filled in."""
    values = {
        "customer_name": ticket.requester.label,
        "reference": ticket.reference,
        "subject": ticket.subject,
        "category": ticket.category.name_zh if ticket.language.startswith("zh") else ticket.category.name_en,
        "agent_name": actor.label,
        "agent_id": actor.public_id,
    }
    return render(macro.body_for(ticket.language), values, ticket.fields)
