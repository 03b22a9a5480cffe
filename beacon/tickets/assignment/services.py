"""Assignment (writes): agent presence, routing a ticket to an agent, draining the backlog.

Routing is round-robin weighted by free capacity among the team's online agents: the agent with the
most free slots gets the ticket; ties go to whoever has waited longest since their last assignment.
Each routing decision runs in its own transaction holding row locks on the ticket and on the
candidates' presence rows (taken in id order, so concurrent decisions queue instead of deadlocking):
two tickets arriving at once never both see the same free slot. In surge mode the last slots of
every agent are kept for P1 tickets.
"""

from __future__ import annotations

import logging
import math
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.accounts.models import Team, User
from beacon.core.audit import record_event
from beacon.core.errors import PermissionDenied, ValidationFailed
from beacon.core.events import publish
from beacon.tickets.assignment.models import AgentPresence, Presence
from beacon.tickets.assignment.selectors import (
    LOAD_STATUSES,
    PRESENCE_TIMEOUT,
    anyone_routable,
    backlog,
    loads,
    routable_presences,
)
from beacon.tickets.enums import Priority
from beacon.tickets.models import Ticket
from beacon.tickets.services import STAFF_GROUP, notify_ticket_changed

logger = logging.getLogger(__name__)
MAX_CAPACITY = 100
# Share of each agent's capacity kept free for P1 tickets while surge mode is on (at least 1 slot).
P1_RESERVE_SHARE = getattr(settings, "BEACON_SURGE_P1_RESERVE", 0.25)


def _require_staff(actor: User) -> None:
    if not actor.is_staff_member:
        raise PermissionDenied(_("Only support staff can do this."))


@transaction.atomic
def set_presence(actor: User, status: str) -> AgentPresence:
    """The agent says whether they take tickets now. Going online also counts as a heartbeat and
    drains the backlog of their teams to them after commit."""
    _require_staff(actor)
    if status not in Presence.values:
        raise ValidationFailed({"status": [_("Choose online, away or offline.")]})
    now = timezone.now()
    presence, _created = AgentPresence.objects.select_for_update().get_or_create(user=actor)
    old = presence.status
    presence.status = status
    presence.last_seen_at = now
    presence.changed_at = now
    presence.save(update_fields=["status", "last_seen_at", "changed_at"])
    if old != status:
        record_event(actor, "presence.changed", actor, {"old": old, "new": status})
        publish(STAFF_GROUP, "presence.changed", {"agent": actor.pk, "status": status})
    if status == Presence.ONLINE:
        drain_on_commit(_team_ids(actor))
    return presence


def heartbeat(actor: User) -> AgentPresence:
    """The workspace is open: keep the agent's presence fresh (no audit: this is not a change)."""
    _require_staff(actor)
    now = timezone.now()
    presence, _created = AgentPresence.objects.get_or_create(user=actor)
    stale = presence.last_seen_at is None or presence.last_seen_at < now - PRESENCE_TIMEOUT
    AgentPresence.objects.filter(pk=presence.pk).update(last_seen_at=now)
    presence.last_seen_at = now
    if stale and presence.status == Presence.ONLINE:
        drain_on_commit(_team_ids(actor))
    return presence


@transaction.atomic
def set_capacity(actor: User, agent: User, capacity: int) -> AgentPresence:
    if not actor.is_supervisor:
        raise PermissionDenied(_("Only supervisors can change an agent's capacity."))
    if not agent.is_staff_member:
        raise ValidationFailed({"agent": [_("Only staff members have a capacity.")]})
    if not 0 <= capacity <= MAX_CAPACITY:
        raise ValidationFailed({"capacity": [_("Capacity must be between 0 and %(n)d.") % {"n": MAX_CAPACITY}]})
    presence, _created = AgentPresence.objects.select_for_update().get_or_create(user=agent)
    if presence.capacity != capacity:
        record_event(actor, "presence.capacity_changed", agent, {"old": presence.capacity, "new": capacity})
        presence.capacity = capacity
        presence.save(update_fields=["capacity"])
        drain_on_commit(_team_ids(agent))
    return presence


def expire_stale_presence(now: datetime | None = None) -> int:
    """Periodic: agents marked online whose workspace stopped sending heartbeats go offline."""
    now = now or timezone.now()
    expired = 0
    with transaction.atomic():
        stale = list(
            AgentPresence.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=Presence.ONLINE, last_seen_at__lt=now - PRESENCE_TIMEOUT)
            .select_related("user")
        )
        for presence in stale:
            presence.status = Presence.OFFLINE
            presence.changed_at = now
            presence.save(update_fields=["status", "changed_at"])
            record_event(
                None,
                "presence.changed",
                presence.user,
                {"old": Presence.ONLINE, "new": Presence.OFFLINE, "reason": "timeout"},
            )
            expired += 1
    return expired


def _team_ids(user: User) -> list[int]:
    return list(user.teams.values_list("id", flat=True))


def _surge_active() -> bool:
    from beacon.tickets.surge.selectors import surge_is_active  # surge reads assignment

    return surge_is_active()


def _pick_agent(team_id: int | None, priority: int, now: datetime, surge: bool) -> AgentPresence | None:
    """Lock the candidates' presence rows and choose one (caller holds the transaction)."""
    candidates = list(
        routable_presences(team_id, now).select_for_update(of=("self",)).order_by("pk").select_related("user")
    )
    if not candidates:
        return None
    current = loads([p.user_id for p in candidates])
    best: tuple[tuple[int, datetime, int], AgentPresence] | None = None
    for presence in candidates:
        free = presence.capacity - current.get(presence.user_id, 0)
        reserve = max(1, math.ceil(presence.capacity * P1_RESERVE_SHARE)) if surge and priority != Priority.P1 else 0
        if free <= reserve:
            continue
        waited = presence.last_assigned_at or datetime.min.replace(tzinfo=now.tzinfo)
        key = (-free, waited, presence.pk)
        if best is None or key < best[0]:
            best = (key, presence)
    return best[1] if best else None


def _assign(ticket: Ticket, presence: AgentPresence, now: datetime, reason: str) -> None:
    ticket.assignee = presence.user
    ticket.save(update_fields=["assignee", "updated_at"])
    presence.last_assigned_at = now
    presence.save(update_fields=["last_assigned_at"])
    record_event(None, "ticket.assigned", ticket, {"assignee": presence.user.email, "reason": reason})
    notify_ticket_changed(ticket, "ticket.updated", {"changes": ["assignee"]})


def route_ticket(ticket_id: int, *, reason: str = "round_robin") -> User | None:
    """Give one unassigned ticket to the best online agent of its team (own transaction)."""
    now = timezone.now()
    surge = _surge_active()
    with transaction.atomic():
        ticket = backlog().filter(pk=ticket_id).select_for_update(of=("self",)).select_related("requester").first()
        if ticket is None:
            return None
        presence = _pick_agent(ticket.team_id, ticket.priority, now, surge)
        if presence is None:
            return None
        _assign(ticket, presence, now, reason)
        return presence.user


def route_on_commit(ticket: Ticket) -> None:
    ticket_id, team_id = ticket.pk, ticket.team_id

    def route() -> None:
        # Often nobody of the team can take a ticket right now (off hours, everyone full): one plain
        # read then, instead of a transaction locking the ticket. An agent who comes online later
        # drains the backlog, so a ticket skipped here is not forgotten.
        if anyone_routable(team_id, timezone.now()):
            route_ticket(ticket_id)

    transaction.on_commit(route, robust=True)


def drain_backlog(team_ids: list[int] | None = None, *, limit: int = 500) -> int:
    """Assign unassigned tickets to agents with free capacity, most urgent first, until either runs
    out. `team_ids` limits it to tickets of those teams (and untriaged ones). Idempotent."""
    now = timezone.now()
    surge = _surge_active()
    full: set[tuple[int | None, bool]] = set()  # (team, is P1) that found no agent
    assigned = 0
    skipped: list[int] = []
    while assigned + len(skipped) < limit:
        with transaction.atomic():
            tickets = backlog(team_ids).exclude(pk__in=skipped).select_for_update(skip_locked=True, of=("self",))
            for team_id, p1 in full:
                # No agent even for a P1: skip the team's whole backlog; else only its non-P1 tickets.
                floor = 0 if p1 else Priority.P1
                if team_id is None:
                    tickets = tickets.exclude(team__isnull=True, priority__gt=floor)
                else:
                    tickets = tickets.exclude(team_id=team_id, priority__gt=floor)
            ticket = tickets.select_related("requester").first()
            if ticket is None:
                break
            presence = _pick_agent(ticket.team_id, ticket.priority, now, surge)
            if presence is None:
                full.add((ticket.team_id, ticket.priority == Priority.P1))
                skipped.append(ticket.pk)
                continue
            _assign(ticket, presence, now, "backlog")
            assigned += 1
    return assigned


def drain_on_commit(team_ids: list[int] | None) -> None:
    transaction.on_commit(lambda: drain_backlog(team_ids), robust=True)


def agent_freed(ticket: Ticket, old_status: str, new_status: str) -> None:
    """A status change may free or take an agent's slot (caller's transaction; work after commit)."""
    if ticket.merged_into_id is not None:
        return
    if ticket.assignee_id and old_status in LOAD_STATUSES and new_status not in LOAD_STATUSES:
        drain_on_commit(list(Team.objects.filter(members__id=ticket.assignee_id).values_list("id", flat=True)))
    elif ticket.assignee_id is None and new_status in LOAD_STATUSES and old_status not in LOAD_STATUSES:
        route_on_commit(ticket)


@transaction.atomic
def release_agent_tickets(actor: User, agent: User) -> int:
    """A supervisor takes an agent's active tickets back (e.g. they went home): each is unassigned,
    audited, and routed again after commit."""
    if not actor.is_supervisor:
        raise PermissionDenied(_("Only supervisors can reassign tickets."))
    tickets = list(
        Ticket.objects.select_for_update(of=("self",)).filter(assignee=agent, status__in=LOAD_STATUSES).order_by("pk")
    )
    for ticket in tickets:
        ticket.assignee = None
        ticket.save(update_fields=["assignee", "updated_at"])
        record_event(actor, "ticket.updated", ticket, {"assignee": [agent.email, None]})
        notify_ticket_changed(ticket, "ticket.updated", {"changes": ["assignee"]})
    if tickets:
        drain_on_commit(None)
    return len(tickets)
