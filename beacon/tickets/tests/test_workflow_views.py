from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from beacon.accounts.models import User
from beacon.accounts.tests.factories import UserFactory
from beacon.tickets.assignment.models import AgentPresence
from beacon.tickets.enums import Priority, SlaStatus, Status
from beacon.tickets.escalation.models import AlertKind, SupervisorAlert
from beacon.tickets.models import Category, PriorityRule
from beacon.tickets.sla import clock
from beacon.tickets.sla.models import BusinessCalendar, SlaPolicy
from beacon.tickets.surge.selectors import surge_state
from beacon.tickets.tests.factories import TicketFactory
from beacon.tickets.tests.workflow_factories import PolicyFactory

pytestmark = pytest.mark.django_db


def test_queue_shows_sla_countdowns_within_the_query_budget(
    agent_client: Client, agent: User, django_assert_max_num_queries: object
) -> None:
    PolicyFactory(priority=Priority.P3, first_response_minutes=90)
    requester = UserFactory()
    team = agent.teams.get()
    for minutes_ago in (0, 120):
        for ticket in TicketFactory.create_batch(6, team=team, requester=requester, status=Status.OPEN):
            clock.start_clock(ticket, timezone.now() - timedelta(minutes=minutes_ago))
    agent_client.get("/agent/")
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        page = agent_client.get("/agent/?sort=due").content.decode()
    assert page.count("overdue 30m") == 6
    assert page.count("due in 1h 29m") == 6
    assert page.index(">overdue") < page.index(">due in")  # soonest deadline first


def test_ticket_page_shows_the_deadline_and_loads_the_workflow_card(agent_client: Client, agent: User) -> None:
    PolicyFactory(name="Normal", priority=Priority.P3, first_response_minutes=60, resolution_minutes=600)
    ticket = TicketFactory(team=agent.teams.get(), status=Status.OPEN)
    clock.start_clock(ticket, timezone.now())
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "due in 59m" in page
    card = agent_client.get(f"/agent/tickets/{ticket.pk}/workflow/", headers={"HX-Request": "true"}).content.decode()
    assert "Normal" in card
    assert "First response" in card
    assert "Resolution" in card


def test_supervisor_sees_what_is_about_to_breach_and_acknowledges_alerts(
    login: Callable[[User], Client], supervisor: User, agent: User
) -> None:
    PolicyFactory(priority=Priority.P2, first_response_minutes=30)
    ticket = TicketFactory(team=agent.teams.get(), status=Status.OPEN, priority=Priority.P2, subject="Stuck withdrawal")
    clock.start_clock(ticket, timezone.now() - timedelta(minutes=25))
    clock.check_deadlines()
    client = login(supervisor)
    page = client.get("/agent/supervisor/").content.decode()
    assert "Stuck withdrawal" in page
    assert "SLA at risk" in page
    assert client.get("/agent/supervisor/alerts/badge/").content.decode() == '<span class="badge">1</span>'
    alert = SupervisorAlert.objects.get(kind=AlertKind.SLA_AT_RISK)
    client.post(f"/agent/supervisor/alerts/{alert.pk}/ack/")
    alert.refresh_from_db()
    assert alert.acknowledged_by == supervisor
    assert client.get("/agent/supervisor/alerts/badge/").content.decode() == ""


def test_agents_cannot_open_the_supervisor_console(agent_client: Client) -> None:
    assert agent_client.get("/agent/supervisor/").status_code == 302
    assert agent_client.get("/agent/settings/rules/").status_code == 302


def test_supervisor_switches_surge_and_sets_capacity(
    login: Callable[[User], Client], supervisor: User, agent: User
) -> None:
    client = login(supervisor)
    client.post("/agent/supervisor/surge/", {"on": "1"})
    assert surge_state().is_active
    assert "End surge mode" in client.get("/agent/supervisor/").content.decode()
    client.post(f"/agent/supervisor/agents/{agent.pk}/capacity/", {"capacity": "12"})
    assert AgentPresence.objects.get(user=agent).capacity == 12
    client.post("/agent/supervisor/surge/", {"on": "0"})
    assert not surge_state().is_active


def test_rule_editor_explains_why_a_rule_is_refused(
    login: Callable[[User], Client], supervisor: User, deposit: Category
) -> None:
    client = login(supervisor)
    refused = client.post(
        "/agent/settings/rules/new/",
        {
            "name": "Huge",
            "position": "10",
            "is_active": "on",
            "categories": [deposit.pk],
            "field_conditions": "amount > 1000\namount < 10",
            "priority": "1",
        },
    )
    assert refused.status_code == 400
    assert "contradict each other" in refused.content.decode()
    saved = client.post(
        "/agent/settings/rules/new/",
        {
            "name": "Huge",
            "position": "10",
            "is_active": "on",
            "categories": [deposit.pk],
            "field_conditions": "amount > 10000",
            "words": "被盗, stolen",
            "priority": "1",
        },
    )
    assert saved.status_code == 302
    rule = PriorityRule.objects.get()
    assert (rule.field_conditions, rule.words) == ([["amount", ">", "10000"]], ["stolen", "被盗"])
    listing = client.get("/agent/settings/rules/").content.decode()
    assert "amount &gt; 10000" in listing


def test_calendar_editor_reports_overlaps_and_bad_holidays(login: Callable[[User], Client], supervisor: User) -> None:
    client = login(supervisor)
    page = client.post(
        "/agent/settings/calendars/new/",
        {
            "name": "Shanghai office",
            "time_zone": "Asia/Shanghai",
            "shifts_text": "mon-fri 09:00-12:30 12:00-18:00",
            "holidays_text": "2026-10-01..2026-10-07 National Day\n2026/12/25 Christmas",
        },
    ).content.decode()
    assert "Mon: shift 09:00-12:30 overlaps 12:00-18:00." in page
    assert "Line 2: “2026/12/25” is not a date." in page
    client.post(
        "/agent/settings/calendars/new/",
        {"name": "Shanghai office", "time_zone": "Asia/Shanghai", "shifts_text": "mon-fri 09:00-12:00 13:00-18:00"},
    )
    calendar = BusinessCalendar.objects.get()
    assert calendar.shifts["fri"] == [["09:00", "12:00"], ["13:00", "18:00"]]
    saved = client.post(
        "/agent/settings/policies/new/",
        {
            "name": "Normal",
            "priority": "3",
            "calendar": calendar.pk,
            "first_response_minutes": "120",
            "at_risk_percent": "25",
            "is_active": "on",
        },
    )
    assert saved.status_code == 302
    assert SlaPolicy.objects.get().calendar == calendar


def test_sla_status_badge_turns_red_once_overdue(agent_client: Client, agent: User) -> None:
    PolicyFactory(priority=Priority.P3, first_response_minutes=10)
    ticket = TicketFactory(team=agent.teams.get(), status=Status.OPEN)
    clock.start_clock(ticket, timezone.now() - timedelta(minutes=20))
    clock.check_deadlines()
    ticket.refresh_from_db()
    assert ticket.sla_status == SlaStatus.BREACHED
    assert "sla badge sla-breached" in agent_client.get("/agent/").content.decode()
