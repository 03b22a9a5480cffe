"""Reads for surge mode: is it on, the usual and current inbound rate, the expected wait."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from beacon.tickets.enums import Status
from beacon.tickets.models import Ticket
from beacon.tickets.surge.models import SurgeState

WINDOW = timedelta(minutes=getattr(settings, "BEACON_SURGE_WINDOW_MINUTES", 15))
BASELINE = timedelta(days=7)
# Below this many new tickets in a window there is no surge, whatever the ratio says.
MIN_TICKETS = getattr(settings, "BEACON_SURGE_MIN_TICKETS", 10)


def surge_state() -> SurgeState:
    """The surge row (unsaved defaults when it was never written)."""
    return SurgeState.objects.filter(pk=1).first() or SurgeState(pk=1)


def surge_is_active() -> bool:
    return SurgeState.objects.filter(Q(manual=True) | Q(detected=True), pk=1).exists()


@dataclass(frozen=True)
class InboundRate:
    recent: int  # new tickets in the last window
    usual: float  # average new tickets per window over the previous week
    # Without a day of history there is no "usual" rate to compare with (a fresh install, a demo).
    has_history: bool = True

    def exceeds(self, multiplier: float) -> bool:
        return self.has_history and self.recent >= MIN_TICKETS and self.recent > multiplier * self.usual


def inbound_rate(now: datetime | None = None) -> InboundRate:
    now = now or timezone.now()
    recent = Ticket.objects.filter(created_at__gt=now - WINDOW, created_at__lte=now).count()
    earlier = Ticket.objects.filter(created_at__gt=now - WINDOW - BASELINE, created_at__lte=now - WINDOW).count()
    has_history = Ticket.objects.filter(created_at__lte=now - timedelta(days=1)).exists()
    return InboundRate(recent=recent, usual=earlier / (BASELINE / WINDOW), has_history=has_history)


def expected_wait(ticket: Ticket, now: datetime | None = None) -> timedelta | None:
    """A plain estimate for the customer: unanswered tickets ahead of this one in its team, divided
    by how many first answers that team gave in the last hour. None when there is nothing to go on."""
    now = now or timezone.now()
    team_tickets = Ticket.objects.filter(Q(team_id=ticket.team_id) if ticket.team_id else Q(team__isnull=True))
    ahead = (
        team_tickets.filter(
            status__in=[Status.NEW, Status.OPEN], first_response_at__isnull=True, priority__lte=ticket.priority
        )
        .exclude(pk=ticket.pk)
        .filter(created_at__lte=ticket.created_at)
        .count()
    )
    answered = team_tickets.filter(first_response_at__gt=now - timedelta(hours=1)).count()
    if answered:
        return _rounded((ahead + 1) * 60 / answered)
    if ticket.first_response_due_at is not None:
        # Nobody answered in the last hour: the honest promise is the SLA target itself.
        return _rounded((ticket.first_response_due_at - now).total_seconds() / 60)
    return None


def _rounded(minutes: float) -> timedelta:
    """Up to the next five minutes, at least five."""
    return timedelta(minutes=max(5, 5 * math.ceil(minutes / 5)))


def active_announcement_links(language: str) -> list[dict[str, Any]]:
    """Current incidents and maintenance from the help center, when that app is installed."""
    try:
        from beacon.helpcenter.banner import banner_items
    except ImportError:  # pragma: no cover - the help center is optional
        return []
    return [{"title": item.title, "url": item.url} for item in banner_items(language)]
