from __future__ import annotations

from collections.abc import Callable

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from beacon.accounts.enums import Role
from beacon.accounts.models import Team, User
from beacon.accounts.tests.factories import TeamFactory, staff
from beacon.core.audit import events_for
from beacon.core.errors import InvalidTransition, ValidationFailed
from beacon.tickets import services
from beacon.tickets.enums import MessageKind, Status
from beacon.tickets.escalation.models import AlertKind, SupervisorAlert
from beacon.tickets.escalation.services import escalate_ticket, return_escalation
from beacon.tickets.models import Ticket
from beacon.tickets.tests.factories import CategoryFactory, TicketFactory
from beacon.tickets.tests.workflow_factories import online_agent, tier
from config.asgi import application

pytestmark = pytest.mark.django_db

Capture = Callable[..., object]


@pytest.fixture
def general_team(db: None) -> Team:
    return TeamFactory(slug="general", name_en="General support")


@pytest.fixture
def first_line(general_team: Team) -> User:
    return staff(Role.AGENT, email="first@example.com", display_name="Lin", teams=[general_team])


@pytest.fixture
def ticket(customer: User, general_team: Team, funds_team: Team, first_line: User) -> Ticket:
    tier(general_team, 1)
    tier(funds_team, 2)
    category = CategoryFactory(slug="withdrawal", default_team=funds_team)
    return TicketFactory(
        requester=customer, category=category, team=general_team, assignee=first_line, status=Status.OPEN
    )


def test_manual_escalation_puts_the_ticket_on_hold_with_the_specialists(
    ticket: Ticket, first_line: User, funds_team: Team, django_capture_on_commit_callbacks: Capture
) -> None:
    specialist = online_agent(funds_team)
    with django_capture_on_commit_callbacks(execute=True):
        escalate_ticket(first_line, ticket, None, "Withdrawal stuck in the hot wallet, needs Funds")
    ticket.refresh_from_db()
    assert (ticket.team, ticket.status, ticket.assignee, ticket.escalation_level) == (
        funds_team,
        Status.ON_HOLD,
        specialist,
        1,
    )
    note = ticket.messages.get(kind=MessageKind.INTERNAL)
    assert note.body == "Escalated to Funds by Lin: Withdrawal stuck in the hot wallet, needs Funds"
    assert events_for(ticket).get(verb="ticket.escalated").data == {
        "from": "general",
        "to": "funds",
        "reason": "Withdrawal stuck in the hot wallet, needs Funds",
        "automatic": False,
    }
    alert = SupervisorAlert.objects.get(kind=AlertKind.ESCALATED)
    assert (alert.ticket, alert.data["by"]) == (ticket, "Lin")


def test_escalation_needs_a_reason_and_cannot_be_doubled(ticket: Ticket, first_line: User) -> None:
    with pytest.raises(ValidationFailed, match="Say why"):
        escalate_ticket(first_line, ticket, None, "   ")
    escalate_ticket(first_line, ticket, None, "Needs Funds")
    with pytest.raises(InvalidTransition, match="already escalated"):
        escalate_ticket(first_line, Ticket.objects.get(pk=ticket.pk), TeamFactory(slug="security"), "again")


def test_returning_gives_the_ticket_back_to_the_first_line_agent(
    ticket: Ticket, first_line: User, funds_team: Team
) -> None:
    specialist = staff(Role.AGENT, teams=[funds_team], totp=False, display_name="Omar")
    escalate_ticket(first_line, ticket, None, "Needs Funds")
    return_escalation(specialist, ticket, "Credited manually, please tell the customer.")
    ticket.refresh_from_db()
    assert (ticket.team.slug, ticket.assignee, ticket.status) == ("general", first_line, Status.OPEN)
    assert ticket.escalations.get().resolution == "returned"
    assert "Credited manually" in ticket.messages.filter(kind=MessageKind.INTERNAL).last().body  # type: ignore[union-attr]


def test_solving_an_escalated_ticket_ends_the_escalation(ticket: Ticket, first_line: User, funds_team: Team) -> None:
    escalate_ticket(first_line, ticket, None, "Needs Funds")
    services.change_status(first_line, ticket, Status.SOLVED)
    assert ticket.escalations.get().resolution == "solved"


def test_escalate_and_return_from_the_ticket_page(
    login: Callable[[User], Client], ticket: Ticket, first_line: User, funds_team: Team
) -> None:
    client = login(first_line)
    card = client.get(f"/agent/tickets/{ticket.pk}/workflow/", headers={"HX-Request": "true"}).content.decode()
    assert f'<option value="{funds_team.pk}" selected>' in card
    refused = client.post(f"/agent/tickets/{ticket.pk}/escalate/", {"team": funds_team.pk, "reason": ""})
    assert refused.status_code == 400
    assert "Say why the ticket needs another team." in refused.content.decode()
    done = client.post(
        f"/agent/tickets/{ticket.pk}/escalate/",
        {"team": funds_team.pk, "reason": "Needs Funds"},
        headers={"HX-Request": "true"},
    )
    assert done["HX-Redirect"] == f"/agent/tickets/{ticket.pk}/"
    page = client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "Escalated" in page


@pytest.mark.django_db(transaction=True)
async def test_supervisors_hear_about_escalations_on_their_socket(supervisor: User, first_line: User) -> None:
    ticket: Ticket = await sync_to_async(TicketFactory)(team=await sync_to_async(lambda: first_line.teams.get())())
    communicator = WebsocketCommunicator(application, "/ws/events/", headers=[(b"origin", b"http://127.0.0.1")])
    communicator.scope["user"] = supervisor
    assert (await communicator.connect())[0]
    await sync_to_async(escalate_ticket)(first_line, ticket, await sync_to_async(TeamFactory)(slug="funds"), "Big one")
    events = []
    while not await communicator.receive_nothing(timeout=0.5):
        events.append(await communicator.receive_json_from())
    alert = next(e for e in events if e["type"] == "supervisor.alert")
    assert (alert["kind"], alert["reference"], alert["reason"]) == ("escalated", ticket.reference, "Big one")
    await communicator.disconnect()
