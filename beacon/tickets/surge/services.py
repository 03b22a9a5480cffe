"""Surge mode (writes): switched by a supervisor or detected from the inbound rate. While it is on,
every new ticket gets an automatic acknowledgement with the expected wait and links to active
announcements, and routing keeps part of each agent's capacity for P1 tickets."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.core.audit import record_event
from beacon.core.errors import PermissionDenied, ValidationFailed
from beacon.core.events import publish
from beacon.core.inbound import Channel
from beacon.tickets.enums import MessageKind
from beacon.tickets.escalation.models import AlertKind
from beacon.tickets.escalation.services import notify_supervisors
from beacon.tickets.models import Message, Ticket
from beacon.tickets.services import STAFF_GROUP, add_message
from beacon.tickets.surge.models import SurgeState
from beacon.tickets.surge.selectors import active_announcement_links, expected_wait, inbound_rate, surge_state

# Surge detected turns off again only once the rate is below this share of the trigger level.
HYSTERESIS = 0.6


def _locked_state() -> SurgeState:
    state, _created = SurgeState.objects.select_for_update().get_or_create(pk=1)
    return state


def _changed(state: SurgeState, was_active: bool, actor: User | None, reason: str) -> None:
    if state.is_active == was_active:
        return
    now = timezone.now()
    state.since = now if state.is_active else None
    state.save(update_fields=["since"])
    record_event(actor, "surge.started" if state.is_active else "surge.ended", state, {"reason": reason})
    publish(STAFF_GROUP, "surge.changed", {"active": state.is_active})
    if state.is_active:
        notify_supervisors(
            AlertKind.SURGE,
            f"surge:{now.isoformat()}",
            data={"reason": reason, "recent": state.recent_count, "usual": round(state.usual_count, 1)},
        )


@transaction.atomic
def set_surge(actor: User, on: bool) -> SurgeState:
    """A supervisor switches surge mode on or off. Off also clears a detected surge."""
    if not actor.is_supervisor:
        raise PermissionDenied(_("Only supervisors can switch surge mode."))
    state = _locked_state()
    was_active = state.is_active
    state.manual = on
    if not on:
        state.detected = False
    state.changed_by = actor
    state.save(update_fields=["manual", "detected", "changed_by"])
    _changed(state, was_active, actor, "manual")
    return state


@transaction.atomic
def set_multiplier(actor: User, value: str | Decimal) -> SurgeState:
    if not actor.is_supervisor:
        raise PermissionDenied(_("Only supervisors can change surge settings."))
    try:
        multiplier = Decimal(str(value))
    except InvalidOperation:
        raise ValidationFailed({"multiplier": [_("Enter a number such as 3.")]}) from None
    if not Decimal("1.5") <= multiplier <= Decimal("50"):
        raise ValidationFailed({"multiplier": [_("Use a multiple between 1.5 and 50.")]})
    state = _locked_state()
    record_event(actor, "surge.settings_changed", state, {"old": str(state.multiplier), "new": str(multiplier)})
    state.multiplier = multiplier
    state.save(update_fields=["multiplier"])
    return state


@transaction.atomic
def detect_surge(now: datetime | None = None) -> SurgeState:
    """Periodic: compare the last window's new tickets with the usual rate. Idempotent."""
    now = now or timezone.now()
    rate = inbound_rate(now)
    state = _locked_state()
    was_active = state.is_active
    multiplier = float(state.multiplier)
    state.recent_count, state.usual_count, state.checked_at = rate.recent, rate.usual, now
    if not state.detected and rate.exceeds(multiplier):
        state.detected = True
    elif state.detected and not rate.exceeds(multiplier * HYSTERESIS):
        state.detected = False
    state.save(update_fields=["detected", "recent_count", "usual_count", "checked_at"])
    _changed(state, was_active, None, "detected")
    return state


def acknowledge_if_surging(ticket: Ticket, *, surging: bool | None = None) -> Message | None:
    """A new ticket during a surge: tell the customer honestly what to expect (caller's transaction).

    The acknowledgement is a public system message in the ticket, in the ticket's language.
    `surging`: whether surge mode is on, when the caller has just read it."""
    if not (surge_state().is_active if surging is None else surging):
        return None
    wait = expected_wait(ticket)
    with translation.override(ticket.language):
        lines = [
            _(
                "We are receiving many more requests than usual right now. Your request %(ref)s is in the "
                "queue and urgent security and fund-safety issues are answered first."
            )
            % {"ref": ticket.reference}
        ]
        if wait is not None:
            lines.append(_("Expected wait for a first answer: about %(wait)s.") % {"wait": _human(wait)})
        links = active_announcement_links(ticket.language)
        if links:
            lines.append(_("These announcements may already answer your question:"))
            site = getattr(settings, "SITE_URL", "")
            lines.extend(f"• {link['title']}: {site}{link['url']}" for link in links)
        body = "\n".join(lines)
    message = add_message(ticket=ticket, author=None, body=body, kind=MessageKind.SYSTEM, channel=Channel.AGENT)
    record_event(
        None, "surge.acknowledged", ticket, {"wait_minutes": int(wait.total_seconds() // 60) if wait else None}
    )
    return message


def _human(wait: timedelta) -> str:
    minutes = int(wait.total_seconds() // 60)
    if minutes < 90:
        return _("%(n)d minutes") % {"n": minutes}
    hours = round(minutes / 60)
    return _("%(n)d hours") % {"n": hours}
