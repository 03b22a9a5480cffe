from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from beacon.accounts.models import Team, User
from beacon.accounts.tests.factories import TeamFactory
from beacon.core.audit import events_for
from beacon.core.errors import ValidationFailed
from beacon.core.inbound import Channel, InboundMessage, ThreadHint, process_inbound
from beacon.tickets import services
from beacon.tickets.enums import Priority, SlaStatus, Status
from beacon.tickets.escalation.models import AlertKind, SupervisorAlert
from beacon.tickets.models import Category, Ticket
from beacon.tickets.sla import clock
from beacon.tickets.sla.selectors import policy_for
from beacon.tickets.sla.services import PolicyInput, save_policy
from beacon.tickets.tests.factories import CategoryFactory, TicketFactory
from beacon.tickets.tests.workflow_factories import CalendarFactory, PolicyFactory, tier

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY_10 = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)


def open_general(customer: User, body: str = "Where is my withdrawal?") -> Ticket:
    return process_inbound(
        InboundMessage(channel=Channel.WEB, author=customer, subject="Withdrawal", body=body, category="general")
    ).ticket


def started(ticket: Ticket, now: datetime) -> Ticket:
    clock.start_clock(ticket, now)
    return ticket


def test_new_ticket_gets_due_times_from_its_policy(customer: User, general: Category) -> None:
    PolicyFactory(name="Normal", priority=Priority.P3, first_response_minutes=60, resolution_minutes=480)
    ticket = open_general(customer)
    assert ticket.first_response_due_at == ticket.created_at + timedelta(minutes=60)
    assert ticket.resolution_due_at == ticket.created_at + timedelta(minutes=480)
    assert ticket.sla_due_at == ticket.first_response_due_at
    assert events_for(ticket).get(verb="ticket.triaged").data["sla_policy"] == "Normal"


def test_the_most_specific_policy_wins(general: Category, deposit: Category) -> None:
    PolicyFactory(name="Any P2", priority=Priority.P2)
    PolicyFactory(name="Deposits", priority=Priority.P2, category=deposit)
    PolicyFactory(name="VIP deposits", priority=Priority.P2, category=deposit, min_vip_level=3)
    assert policy_for(Priority.P2, general.pk, 9).name == "Any P2"  # type: ignore[union-attr]
    assert policy_for(Priority.P2, deposit.pk, 0).name == "Deposits"  # type: ignore[union-attr]
    assert policy_for(Priority.P2, deposit.pk, 4).name == "VIP deposits"  # type: ignore[union-attr]
    assert policy_for(Priority.P4, deposit.pk, 4) is None


def test_business_hours_and_lunch_break(general: Category) -> None:
    PolicyFactory(priority=Priority.P3, calendar=CalendarFactory(), first_response_minutes=120, resolution_minutes=600)
    friday_five = datetime(2026, 3, 6, 17, 0, tzinfo=SHANGHAI)
    ticket = started(TicketFactory(category=general, priority=Priority.P3), friday_five)
    assert ticket.first_response_due_at == datetime(2026, 3, 9, 10, 0, tzinfo=SHANGHAI)
    assert ticket.resolution_due_at == datetime(2026, 3, 10, 10, 0, tzinfo=SHANGHAI)


def test_p1_runs_around_the_clock_even_on_holidays(general: Category) -> None:
    PolicyFactory(priority=Priority.P1, first_response_minutes=15, resolution_minutes=240)
    national_day = datetime(2026, 10, 2, 3, 0, tzinfo=SHANGHAI)
    ticket = started(TicketFactory(category=general, priority=Priority.P1), national_day)
    assert ticket.first_response_due_at == national_day + timedelta(minutes=15)


def test_a_p1_policy_on_office_hours_is_refused(supervisor: User) -> None:
    with pytest.raises(ValidationFailed, match="P1 targets always run around the clock"):
        save_policy(
            supervisor,
            PolicyInput(name="P1", priority=Priority.P1, first_response_minutes=15, calendar=CalendarFactory()),
        )


def test_overlapping_policies_and_bad_targets_are_refused(supervisor: User) -> None:
    save_policy(supervisor, PolicyInput(name="Normal", priority=Priority.P3, first_response_minutes=60))
    with pytest.raises(ValidationFailed, match="already covers exactly these tickets"):
        save_policy(supervisor, PolicyInput(name="Normal 2", priority=Priority.P3, first_response_minutes=30))
    with pytest.raises(ValidationFailed) as caught:
        save_policy(
            supervisor,
            PolicyInput(name="Odd", priority=Priority.P4, first_response_minutes=600, resolution_minutes=60),
        )
    assert caught.value.errors == {
        "resolution_minutes": ["The resolution target cannot be shorter than the first-response target."]
    }


def test_pending_pauses_the_clock_and_a_reply_resumes_it(general: Category) -> None:
    PolicyFactory(priority=Priority.P3, calendar=CalendarFactory(), first_response_minutes=60, resolution_minutes=480)
    ticket = started(TicketFactory(category=general, priority=Priority.P3, status=Status.OPEN), MONDAY_10)
    clock.response_given(ticket, MONDAY_10 + timedelta(minutes=30))
    clock.status_changed(ticket, Status.OPEN, Status.PENDING, MONDAY_10 + timedelta(hours=1))
    assert (ticket.resolution_due_at, ticket.sla_due_at) == (None, None)
    assert ticket.sla_clock["resolution"]["left"] == 7 * 3600
    # The customer answers on Wednesday at 17:00: seven working hours are left from then on.
    wednesday_five = datetime(2026, 3, 4, 17, 0, tzinfo=SHANGHAI)
    clock.status_changed(ticket, Status.PENDING, Status.OPEN, wednesday_five)
    assert ticket.resolution_due_at == datetime(2026, 3, 5, 16, 0, tzinfo=SHANGHAI)
    assert ticket.sla_paused_at is None


def test_the_clock_follows_the_conversation(customer: User, agent: User, general: Category) -> None:
    PolicyFactory(priority=Priority.P3, first_response_minutes=60, next_response_minutes=30, resolution_minutes=600)
    ticket = open_general(customer)
    services.post_agent_reply(agent, ticket, "Which network did you use?", new_status=Status.PENDING)
    ticket.refresh_from_db()
    assert (ticket.first_response_due_at, ticket.resolution_due_at) == (None, None)
    assert ticket.sla_paused_at is not None
    process_inbound(
        InboundMessage(channel=Channel.WEB, author=customer, body="TRON", thread_hint=ThreadHint(ticket.pk))
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.next_response_due_at is not None
    assert ticket.resolution_due_at is not None
    services.post_agent_reply(agent, ticket, "Found it, crediting now.")
    ticket.refresh_from_db()
    assert ticket.next_response_due_at is None
    services.change_status(agent, ticket, Status.SOLVED)
    ticket.refresh_from_db()
    assert (ticket.sla_due_at, ticket.sla_status) == (None, SlaStatus.OK)


def test_raising_the_priority_keeps_the_time_already_spent(general: Category) -> None:
    PolicyFactory(priority=Priority.P3, first_response_minutes=60, resolution_minutes=600)
    PolicyFactory(priority=Priority.P1, first_response_minutes=15, resolution_minutes=240)
    ticket = started(TicketFactory(category=general, priority=Priority.P3, status=Status.OPEN), MONDAY_10)
    ticket.priority = Priority.P1
    clock.retarget(ticket, MONDAY_10 + timedelta(minutes=10))
    assert ticket.first_response_due_at == MONDAY_10 + timedelta(minutes=15)
    assert ticket.resolution_due_at == MONDAY_10 + timedelta(minutes=240)


def test_priority_override_by_an_agent_retargets_the_sla(customer: User, agent: User, general: Category) -> None:
    PolicyFactory(priority=Priority.P3, first_response_minutes=240)
    PolicyFactory(priority=Priority.P1, first_response_minutes=15)
    ticket = open_general(customer)
    services.update_ticket(agent, ticket, priority=Priority.P1)
    ticket.refresh_from_db()
    assert ticket.first_response_due_at is not None
    assert ticket.first_response_due_at <= ticket.created_at + timedelta(minutes=16)


def test_periodic_check_notes_risk_and_breach_once_each(general: Category) -> None:
    PolicyFactory(priority=Priority.P3, first_response_minutes=60, resolution_minutes=None, at_risk_percent=25)
    ticket = started(TicketFactory(category=general, priority=Priority.P3, status=Status.OPEN), MONDAY_10)
    assert clock.check_deadlines(MONDAY_10 + timedelta(minutes=40))["at_risk"] == 0
    assert clock.check_deadlines(MONDAY_10 + timedelta(minutes=46))["at_risk"] == 1
    assert clock.check_deadlines(MONDAY_10 + timedelta(minutes=50))["at_risk"] == 0
    ticket.refresh_from_db()
    assert ticket.sla_status == SlaStatus.AT_RISK
    assert clock.check_deadlines(MONDAY_10 + timedelta(minutes=61))["breached"] == 1
    assert clock.check_deadlines(MONDAY_10 + timedelta(minutes=90)) == {"at_risk": 0, "breached": 0, "tickets": 0}
    ticket.refresh_from_db()
    assert (ticket.sla_status, ticket.sla_check_at) == (SlaStatus.BREACHED, None)
    kinds = sorted(SupervisorAlert.objects.filter(ticket=ticket).values_list("kind", flat=True))
    assert kinds == [AlertKind.SLA_AT_RISK, AlertKind.SLA_BREACHED]


def test_sla_at_risk_escalates_to_the_specialist_tier(customer: User, funds_team: Team) -> None:
    general_team = TeamFactory(slug="general", name_en="General support")
    tier(general_team, 1)
    tier(funds_team, 2)
    category = CategoryFactory(slug="withdrawal", default_team=funds_team)
    PolicyFactory(priority=Priority.P2, first_response_minutes=30)
    ticket = started(
        TicketFactory(category=category, priority=Priority.P2, status=Status.OPEN, team=general_team), MONDAY_10
    )
    clock.check_deadlines(MONDAY_10 + timedelta(minutes=25))
    ticket.refresh_from_db()
    assert (ticket.team, ticket.status, ticket.escalation_level) == (funds_team, Status.ON_HOLD, 1)
    escalation = ticket.escalations.get()
    assert escalation.automatic
    assert "SLA at risk: first response due" in escalation.reason
    assert SupervisorAlert.objects.filter(kind=AlertKind.ESCALATED, ticket=ticket).exists()


def test_run_periodic_once_runs_every_job(general: Category, capsys: pytest.CaptureFixture[str]) -> None:
    PolicyFactory(priority=Priority.P3, first_response_minutes=1)
    ticket = TicketFactory(category=general, priority=Priority.P3, status=Status.OPEN)
    started(ticket, ticket.created_at - timedelta(minutes=5))
    call_command("run_periodic", "--once")
    output = capsys.readouterr().out
    assert "check_deadlines: {'at_risk': 0, 'breached': 1, 'tickets': 1}" in output
    assert "detect_surge" in output
    ticket.refresh_from_db()
    assert ticket.sla_status == SlaStatus.BREACHED
