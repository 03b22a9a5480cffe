"""Reads for assignment: presence, load, capacity, the unassigned backlog."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from beacon.accounts.enums import STAFF_ROLES
from beacon.accounts.models import User
from beacon.tickets.assignment.models import AgentPresence, Presence
from beacon.tickets.enums import Status
from beacon.tickets.models import Ticket

# Tickets that take an agent's time: waiting on the customer (pending), solved and closed don't.
LOAD_STATUSES = (Status.NEW, Status.OPEN, Status.ON_HOLD)
# Heartbeats come every minute from an open workspace page; after this long without one an
# "online" agent no longer gets tickets, and the periodic runner sets them offline.
PRESENCE_TIMEOUT = timedelta(seconds=getattr(settings, "BEACON_PRESENCE_TIMEOUT_SECONDS", 180))


def presence_of(user: User) -> AgentPresence:
    """The agent's presence row, unsaved with defaults when they never set one (no write)."""
    found = AgentPresence.objects.filter(user=user).first()
    return found or AgentPresence(user=user)


def is_routable(presence: AgentPresence, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        presence.status == Presence.ONLINE
        and presence.last_seen_at is not None
        and presence.last_seen_at >= now - PRESENCE_TIMEOUT
    )


def routable_presences(team_id: int | None, now: datetime) -> QuerySet[AgentPresence]:
    """Online agents (fresh heartbeat) who may take a ticket of `team_id` (any team when None)."""
    presences = AgentPresence.objects.filter(
        status=Presence.ONLINE,
        last_seen_at__gte=now - PRESENCE_TIMEOUT,
        user__is_active=True,
        user__role__in=STAFF_ROLES,
        capacity__gt=0,
    )
    if team_id is not None:
        presences = presences.filter(user__teams=team_id)
    return presences


def anyone_routable(team_id: int | None, now: datetime) -> bool:
    """routable_presences(team_id, now).exists(), in SQL written once. It runs after every new
    ticket, and composing the ORM query took the ORM 25 times longer than SQLite took to answer it."""
    cutoff = connection.ops.adapt_datetimefield_value(now - PRESENCE_TIMEOUT)
    params = [*([team_id] if team_id is not None else []), Presence.ONLINE.value, cutoff, *sorted(STAFF_ROLES)]
    with connection.cursor() as cursor:
        cursor.execute(_routable_sql(team_id is not None), params)
        return cursor.fetchone() is not None


@functools.cache
def _routable_sql(for_team: bool) -> str:
    quote = connection.ops.quote_name
    presence, user = quote(AgentPresence._meta.db_table), quote(User._meta.db_table)
    teams = quote(User.teams.through._meta.db_table)
    join_team = f"INNER JOIN {teams} ON {teams}.user_id = {user}.id AND {teams}.team_id = %s " if for_team else ""
    roles = ", ".join(["%s"] * len(STAFF_ROLES))
    return (
        f"SELECT 1 FROM {presence} INNER JOIN {user} ON {presence}.user_id = {user}.id {join_team}"  # noqa: S608
        f"WHERE {presence}.status = %s AND {presence}.last_seen_at >= %s AND {user}.is_active "
        f"AND {user}.role IN ({roles}) AND {presence}.capacity > 0 LIMIT 1"
    )


def loads(user_ids: list[int]) -> dict[int, int]:
    rows = (
        Ticket.objects.filter(assignee_id__in=user_ids, status__in=LOAD_STATUSES)
        .values("assignee_id")
        .annotate(n=Count("id"))
    )
    return {row["assignee_id"]: row["n"] for row in rows}


def backlog(team_ids: list[int] | None = None) -> QuerySet[Ticket]:
    """Unassigned tickets waiting for an agent, most urgent first (priority, SLA deadline, age)."""
    tickets = Ticket.objects.filter(assignee__isnull=True, status__in=LOAD_STATUSES, merged_into__isnull=True)
    if team_ids is not None:
        tickets = tickets.filter(Q(team_id__in=team_ids) | Q(team__isnull=True))
    return tickets.order_by("priority", F("sla_due_at").asc(nulls_last=True), "created_at", "id")


@dataclass(frozen=True)
class AgentLoad:
    agent: User
    status: str
    capacity: int
    load: int
    routable: bool
    last_seen_at: datetime | None

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.load)


def team_board(now: datetime | None = None) -> list[AgentLoad]:
    """Every staff member with presence, capacity and current load (three queries)."""
    now = now or timezone.now()
    agents = list(
        User.objects.filter(role__in=STAFF_ROLES, is_active=True)
        .select_related("presence")
        .prefetch_related("teams")
        .order_by("display_name", "email")
    )
    counts = loads([a.pk for a in agents])
    board = []
    for agent in agents:
        presence: AgentPresence = getattr(agent, "presence", None) or AgentPresence(user=agent)
        board.append(
            AgentLoad(
                agent=agent,
                status=presence.status,
                capacity=presence.capacity,
                load=counts.get(agent.pk, 0),
                routable=is_routable(presence, now),
                last_seen_at=presence.last_seen_at,
            )
        )
    return board
