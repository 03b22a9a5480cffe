"""Macros (writes): supervisors maintain them; agents apply one to a ticket, which posts the reply
(through the same guarded path as any agent reply) and makes the macro's field changes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from beacon.accounts.models import Team, User
from beacon.core.audit import record_event
from beacon.core.errors import PermissionDenied, ValidationFailed
from beacon.tickets.enums import Priority, Status
from beacon.tickets.macros.models import Macro
from beacon.tickets.macros.rendering import placeholder_problems
from beacon.tickets.macros.selectors import render_macro
from beacon.tickets.models import Message, Ticket
from beacon.tickets.services import post_agent_reply, update_ticket
from beacon.trust.services import guard_agent_reply


@dataclass
class MacroInput:
    name: str
    body_en: str
    body_zh: str
    internal: bool = False
    set_status: str = ""
    set_priority: int | None = None
    set_team: Team | None = None
    position: int = 100
    is_active: bool = True


def check_macro(data: MacroInput, *, macro_id: int | None = None) -> None:
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors["name"] = [_("Give the macro a name.")]
    elif Macro.objects.filter(name__iexact=data.name.strip()).exclude(pk=macro_id or 0).exists():
        errors["name"] = [_("Another macro already has this name.")]
    for name, text in (("body_en", data.body_en), ("body_zh", data.body_zh)):
        if not text.strip():
            errors[name] = [_("Write the reply in both languages.")]
            continue
        problems = placeholder_problems(text)
        if problems:
            errors[name] = problems
    if data.set_status and data.set_status not in Status.values:
        errors["set_status"] = [_("Unknown status.")]
    if data.set_priority is not None and data.set_priority not in Priority.values:
        errors["set_priority"] = [_("Priority must be P1, P2, P3 or P4.")]
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def save_macro(actor: User, data: MacroInput, macro: Macro | None = None) -> Macro:
    if not actor.is_supervisor:
        raise PermissionDenied(_("Only supervisors can change macros."))
    check_macro(data, macro_id=macro.pk if macro else None)
    created = macro is None
    macro = macro or Macro(created_by=actor)
    for name in ("body_en", "body_zh", "internal", "set_status", "set_priority", "set_team", "position", "is_active"):
        setattr(macro, name, getattr(data, name))
    macro.name = data.name.strip()
    macro.save()
    record_event(actor, "macro.created" if created else "macro.updated", macro, {"name": macro.name})
    return macro


@transaction.atomic
def delete_macro(actor: User, macro: Macro) -> None:
    if not actor.is_supervisor:
        raise PermissionDenied(_("Only supervisors can change macros."))
    record_event(actor, "macro.deleted", macro, {"name": macro.name})
    macro.delete()


def apply_macro(actor: User, ticket: Ticket, macro: Macro, body: str | None = None) -> Message:
    """Post the macro's reply (or the agent's edited version of it) and apply its field changes,
    all or nothing. The agent guard runs first, outside the transaction, so a refused reply is
    still logged for supervisors."""
    if not actor.is_staff_member:
        raise PermissionDenied(_("Only support staff can do this."))
    text = body if body is not None and body.strip() else render_macro(macro, ticket, actor)
    if not macro.internal:
        guard_agent_reply(actor, ticket, text)
    with transaction.atomic():
        message = post_agent_reply(actor, ticket, text, internal=macro.internal, new_status=macro.set_status or None)
        if macro.set_priority is not None or macro.set_team is not None:
            current = Ticket.objects.get(pk=ticket.pk)
            if macro.set_priority is not None and macro.set_team is not None:
                update_ticket(actor, current, priority=macro.set_priority, team=macro.set_team)
            elif macro.set_priority is not None:
                update_ticket(actor, current, priority=macro.set_priority)
            else:
                update_ticket(actor, current, team=macro.set_team)
        Macro.objects.filter(pk=macro.pk).update(usage_count=F("usage_count") + 1)
        record_event(actor, "macro.applied", ticket, {"macro": macro.name, "message": message.pk})
    return message
