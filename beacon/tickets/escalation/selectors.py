"""Reads for escalation: tiers, where a ticket escalates to, open escalations, supervisor alerts."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from beacon.accounts.models import Team, User
from beacon.core.errors import NotFound
from beacon.tickets.escalation.models import Escalation, SupervisorAlert, TeamTier
from beacon.tickets.models import Ticket


def tier_of(team: Team | None) -> int:
    if team is None:
        return 1
    tier = TeamTier.objects.filter(team=team).first()
    return tier.level if tier else 1


def escalation_target(ticket: Ticket) -> Team | None:
    """Where a ticket goes next: the category's own team when that is a higher tier (a deposit
    question sitting in general support goes to Funds), else the current team's configured next tier."""
    current = tier_of(ticket.team)
    own = ticket.category.default_team
    if own is not None and own.pk != ticket.team_id and tier_of(own) > current:
        return own
    if ticket.team_id is None:
        return None
    tier = TeamTier.objects.filter(team_id=ticket.team_id).select_related("escalates_to").first()
    if tier is not None and tier.escalates_to is not None and tier.escalates_to.pk != ticket.team_id:
        return tier.escalates_to
    return None


def open_escalation(ticket: Ticket) -> Escalation | None:
    return (
        Escalation.objects.filter(ticket=ticket, resolved_at__isnull=True)
        .select_related("from_team", "from_assignee", "to_team", "created_by")
        .first()
    )


def escalations_of(ticket: Ticket) -> QuerySet[Escalation]:
    return Escalation.objects.filter(ticket=ticket).select_related("from_team", "to_team", "created_by")


def open_alerts(limit: int = 100) -> list[SupervisorAlert]:
    return list(
        SupervisorAlert.objects.filter(acknowledged_at__isnull=True)
        .select_related("ticket", "team")
        .order_by("-created_at", "-id")[:limit]
    )


def open_alert_count() -> int:
    return SupervisorAlert.objects.filter(acknowledged_at__isnull=True).count()


def access_alert(actor: User, alert_id: int | str) -> SupervisorAlert:
    try:
        pk = int(alert_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such alert.")) from None
    alert = SupervisorAlert.objects.filter(pk=pk).first() if actor.is_supervisor else None
    if alert is None:
        raise NotFound(_("No such alert."))
    return alert


def tiers() -> QuerySet[TeamTier]:
    return TeamTier.objects.select_related("team", "escalates_to").order_by("level", "team__name_en")
