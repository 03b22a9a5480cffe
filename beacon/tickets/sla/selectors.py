"""Reads for SLA: which policy applies to a ticket, calendars and policies for the editor, and the
tickets a supervisor should look at."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.core.errors import NotFound
from beacon.tickets.enums import ACTIVE_STATUSES, Priority, SlaStatus
from beacon.tickets.models import Ticket
from beacon.tickets.sla.calendar import TWENTY_FOUR_SEVEN, Calendar, CalendarError
from beacon.tickets.sla.models import BusinessCalendar, SlaPolicy

logger = logging.getLogger(__name__)


def policy_for(priority: int, category_id: int | None, vip_level: int) -> SlaPolicy | None:
    """The most specific active policy: one for the category beats a general one; among those, the
    highest VIP level the customer reaches wins."""
    candidates = (
        SlaPolicy.objects.filter(is_active=True, priority=priority)
        .filter(Q(category__isnull=True) | Q(category_id=category_id))
        .filter(Q(min_vip_level__isnull=True) | Q(min_vip_level__lte=vip_level))
        .select_related("calendar")
    )
    return max(
        candidates,
        key=lambda p: (p.category_id is not None, p.min_vip_level or 0, -p.pk),
        default=None,
    )


def calendar_for(ticket: Ticket) -> Calendar:
    """The clock a ticket's targets run on. P1 is always around the clock."""
    policy = ticket.sla_policy
    if ticket.priority == Priority.P1 or policy is None or policy.calendar is None:
        return TWENTY_FOUR_SEVEN
    try:
        return policy.calendar.as_calendar()
    except CalendarError:
        # Calendars are validated when saved; a row edited around the services is reported, and the
        # ticket gets the stricter around-the-clock targets rather than none.
        logger.exception("business calendar %s is invalid; using 24/7", policy.calendar_id)
        return TWENTY_FOUR_SEVEN


def all_calendars() -> QuerySet[BusinessCalendar]:
    return BusinessCalendar.objects.order_by("name")


def all_policies() -> QuerySet[SlaPolicy]:
    return SlaPolicy.objects.select_related("category", "calendar").order_by("priority", "name")


def access_calendar(actor: User, calendar_id: int | str) -> BusinessCalendar:
    try:
        pk = int(calendar_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such calendar.")) from None
    found = BusinessCalendar.objects.filter(pk=pk).first() if actor.is_supervisor else None
    if found is None:
        raise NotFound(_("No such calendar."))
    return found


def access_policy(actor: User, policy_id: int | str) -> SlaPolicy:
    try:
        pk = int(policy_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such SLA policy.")) from None
    found = all_policies().filter(pk=pk).first() if actor.is_supervisor else None
    if found is None:
        raise NotFound(_("No such SLA policy."))
    return found


def tickets_needing_attention(now: datetime, limit: int = 50) -> list[Ticket]:
    """Active tickets whose SLA is at risk or breached, the most overdue first."""
    return list(
        Ticket.objects.filter(status__in=ACTIVE_STATUSES)
        .filter(Q(sla_status__in=[SlaStatus.AT_RISK, SlaStatus.BREACHED]) | Q(sla_due_at__lte=now))
        .select_related("category", "team", "assignee", "requester")
        .order_by("sla_due_at", "priority", "id")[:limit]
    )


def tickets_to_check(now: datetime, limit: int = 500) -> list[int]:
    """Ids of tickets whose next SLA warning or deadline has come (the periodic check's work list)."""
    return list(
        Ticket.objects.filter(sla_check_at__lte=now, status__in=ACTIVE_STATUSES)
        .order_by("sla_check_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
