from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from beacon.accounts.enums import Role
from beacon.accounts.models import Team, User
from beacon.accounts.tests.factories import TeamFactory, UserFactory
from beacon.core.audit import events_for
from beacon.core.errors import PermissionDenied
from beacon.core.inbound import Channel, InboundMessage, process_inbound
from beacon.tickets import services
from beacon.tickets.assignment.models import AgentPresence, Presence
from beacon.tickets.assignment.selectors import LOAD_STATUSES, anyone_routable, routable_presences
from beacon.tickets.assignment.services import (
    drain_backlog,
    expire_stale_presence,
    release_agent_tickets,
    route_ticket,
    set_presence,
)
from beacon.tickets.enums import Priority, Status
from beacon.tickets.models import Category, Ticket
from beacon.tickets.surge.services import set_surge
from beacon.tickets.tests.factories import CategoryFactory, TicketFactory
from beacon.tickets.tests.workflow_factories import online_agent

pytestmark = pytest.mark.django_db

Capture = Callable[..., object]


@pytest.fixture
def team(db: None) -> Team:
    return TeamFactory(slug="general", name_en="General support")


@pytest.fixture
def category(team: Team) -> Category:
    return CategoryFactory(slug="general", default_team=team)


def new_ticket(customer: User, subject: str = "Help", body: str = "Where is my withdrawal?") -> Ticket:
    return process_inbound(
        InboundMessage(channel=Channel.WEB, author=customer, subject=subject, body=body, category="general")
    ).ticket


def load(agent: User) -> int:
    return Ticket.objects.filter(assignee=agent, status__in=LOAD_STATUSES).count()


def test_round_robin_weighted_by_free_capacity(
    customer: User, team: Team, category: Category, django_capture_on_commit_callbacks: Capture
) -> None:
    senior = online_agent(team, capacity=4, display_name="Senior")
    junior = online_agent(team, capacity=2, display_name="Junior")
    with django_capture_on_commit_callbacks(execute=True):
        tickets = [new_ticket(customer) for _ in range(7)]
    owners = [Ticket.objects.get(pk=t.pk).assignee for t in tickets]
    assert owners == [senior, senior, junior, senior, junior, senior, None]
    assert (load(senior), load(junior)) == (4, 2)
    assert events_for(tickets[0]).get(verb="ticket.assigned").data == {
        "assignee": senior.email,
        "reason": "round_robin",
    }


def test_only_online_agents_with_a_fresh_heartbeat_get_tickets(customer: User, team: Team, category: Category) -> None:
    away = online_agent(team)
    AgentPresence.objects.filter(user=away).update(status=Presence.AWAY)
    stale = online_agent(team)
    AgentPresence.objects.filter(user=stale).update(last_seen_at=timezone.now() - timedelta(minutes=10))
    ticket = new_ticket(customer)
    assert route_ticket(ticket.pk) is None
    assert expire_stale_presence() == 1
    assert AgentPresence.objects.get(user=stale).status == Presence.OFFLINE


@pytest.mark.parametrize(
    ("presence", "user", "routable"),
    [
        ({}, {}, True),
        ({"status": Presence.AWAY}, {}, False),
        ({"last_seen_at": timezone.now() - timedelta(minutes=10)}, {}, False),
        ({"capacity": 0}, {}, False),
        ({}, {"is_active": False}, False),
        ({}, {"role": Role.CUSTOMER}, False),
    ],
)
def test_the_routing_check_after_a_new_ticket_agrees_with_the_presence_query(
    team: Team, presence: dict[str, object], user: dict[str, object], routable: bool
) -> None:
    agent = online_agent(team)
    AgentPresence.objects.filter(user=agent).update(**presence)
    User.objects.filter(pk=agent.pk).update(**user)
    other_team = TeamFactory(slug="funds")
    now = timezone.now()

    assert anyone_routable(team.pk, now) is routable
    assert anyone_routable(None, now) is routable
    assert anyone_routable(other_team.pk, now) is False
    for team_id in (team.pk, None, other_team.pk):
        assert anyone_routable(team_id, now) == routable_presences(team_id, now).exists()


def test_backlog_drains_most_urgent_first_when_an_agent_frees_up(
    customer: User, team: Team, category: Category, django_capture_on_commit_callbacks: Capture
) -> None:
    agent = online_agent(team, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = new_ticket(customer)
        normal = new_ticket(customer)
    urgent = TicketFactory(category=category, team=team, priority=Priority.P1, subject="urgent, but later")
    assert Ticket.objects.get(pk=first.pk).assignee == agent
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(agent, Ticket.objects.get(pk=first.pk), Status.SOLVED)
    assert Ticket.objects.get(pk=urgent.pk).assignee == agent
    assert Ticket.objects.get(pk=normal.pk).assignee is None


def test_going_online_pulls_waiting_tickets(
    customer: User, team: Team, category: Category, agent: User, django_capture_on_commit_callbacks: Capture
) -> None:
    agent.teams.add(team)
    tickets = [new_ticket(customer) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        set_presence(agent, Presence.ONLINE)
    assert all(Ticket.objects.get(pk=t.pk).assignee == agent for t in tickets)
    assert events_for(agent).get(verb="presence.changed").data == {"old": "offline", "new": "online"}


def test_surge_keeps_the_last_slots_for_p1(customer: User, supervisor: User, team: Team, category: Category) -> None:
    agent = online_agent(team, capacity=4)
    set_surge(supervisor, True)
    for _ in range(4):
        TicketFactory(category=category, team=team, priority=Priority.P3)
    assert drain_backlog() == 3  # one slot of four is kept for P1
    p1 = TicketFactory(category=category, team=team, priority=Priority.P1)
    assert route_ticket(p1.pk) == agent


def test_supervisor_releases_an_agents_tickets_to_the_team(
    customer: User, supervisor: User, team: Team, category: Category, django_capture_on_commit_callbacks: Capture
) -> None:
    leaving = online_agent(team, capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        tickets = [new_ticket(customer) for _ in range(3)]
    set_presence(leaving, Presence.OFFLINE)
    staying = online_agent(team, capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        assert release_agent_tickets(supervisor, leaving) == 3
    assert {Ticket.objects.get(pk=t.pk).assignee for t in tickets} == {staying}
    with pytest.raises(PermissionDenied):
        release_agent_tickets(staying, leaving)


def test_many_tickets_and_agents_freeing_up_never_exceed_capacity(
    customer: User, team: Team, category: Category, django_capture_on_commit_callbacks: Capture
) -> None:
    agents = [online_agent(team, capacity=c) for c in (1, 2, 3, 4)]
    for round_ in range(6):
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(5):
                new_ticket(customer)
        busiest = max(agents, key=load)
        done = Ticket.objects.filter(assignee=busiest, status__in=LOAD_STATUSES).order_by("pk").first()
        with django_capture_on_commit_callbacks(execute=True):
            services.change_status(busiest, done, Status.SOLVED)  # type: ignore[arg-type]
        capacity = {a.pk: AgentPresence.objects.get(user=a).capacity for a in agents}
        waiting = Ticket.objects.filter(assignee__isnull=True, status__in=LOAD_STATUSES).exists()
        room = [a for a in agents if load(a) < capacity[a.pk]]
        # Nobody is over capacity, and nobody has room while a ticket waits.
        assert all(load(a) <= capacity[a.pk] for a in agents), round_
        assert not (waiting and room), round_
    assert Ticket.objects.filter(assignee__isnull=True, status__in=LOAD_STATUSES).count() == 30 - 6 - 10


def test_presence_widget_and_heartbeat(login: Callable[[User], Client], team: Team) -> None:
    agent = online_agent(team, totp=True)
    client = login(agent)
    assert 'class="presence-slot"' in client.get("/agent/").content.decode()
    page = client.post("/agent/presence/", {"status": "away"}, headers={"HX-Request": "true"}).content.decode()
    assert 'value="away" selected' in page
    AgentPresence.objects.filter(user=agent).update(last_seen_at=timezone.now() - timedelta(hours=1))
    client.post("/agent/presence/", headers={"HX-Request": "true"})  # the widget's heartbeat
    presence = AgentPresence.objects.get(user=agent)
    assert presence.status == Presence.AWAY
    assert presence.last_seen_at is not None
    assert presence.last_seen_at > timezone.now() - timedelta(minutes=1)


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database cannot take concurrent writers; run with DATABASE_URL=postgres://…",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_tickets_are_shared_fairly_within_capacity() -> None:
    """Sixty tickets from eight threads at once, four agents with five slots each: every agent ends
    with exactly five, nobody with more, and every ticket left over waits for capacity."""
    team = TeamFactory(slug="general")
    CategoryFactory(slug="general", default_team=team)
    agents = [online_agent(team, capacity=5) for _ in range(4)]
    customers = [UserFactory(role=Role.CUSTOMER) for _ in range(8)]

    def submit(customer: User) -> list[int]:
        try:
            return [new_ticket(customer, subject=f"Help {n}").pk for n in range(60 // len(customers) + 1)]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(customers)) as pool:
        created = [pk for pks in pool.map(submit, customers) for pk in pks]
    counts = Counter(Ticket.objects.filter(pk__in=created).values_list("assignee_id", flat=True))
    assert {counts[a.pk] for a in agents} == {5}
    assert counts[None] == len(created) - 20
    # Capacity frees up: the backlog drains to whoever has room, and nothing waits while room is left.
    Ticket.objects.filter(assignee=agents[0]).update(status=Status.SOLVED)
    AgentPresence.objects.filter(user=agents[1]).update(capacity=7)
    assert drain_backlog() == 7
    for agent in agents:
        presence = AgentPresence.objects.get(user=agent)
        assert load(agent) == presence.capacity
