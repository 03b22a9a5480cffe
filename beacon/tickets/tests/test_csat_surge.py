from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from beacon.accounts.models import Team, User
from beacon.accounts.tests.factories import TeamFactory
from beacon.core.audit import events_for
from beacon.core.errors import InvalidTransition, ValidationFailed
from beacon.core.inbound import Channel, InboundMessage, ThreadHint, process_inbound
from beacon.helpcenter.models import Announcement
from beacon.tickets.assignment.services import route_ticket
from beacon.tickets.csat.links import csat_url
from beacon.tickets.csat.models import SatisfactionRating
from beacon.tickets.csat.services import rate_ticket
from beacon.tickets.enums import MessageKind, Priority, Status
from beacon.tickets.escalation.models import AlertKind, SupervisorAlert
from beacon.tickets.models import Ticket
from beacon.tickets.surge.models import SurgeState
from beacon.tickets.surge.services import detect_surge, set_surge
from beacon.tickets.tests.factories import CategoryFactory, TicketFactory
from beacon.tickets.tests.workflow_factories import PolicyFactory, online_agent

pytestmark = pytest.mark.django_db

Capture = Callable[..., object]


# --- CSAT -------------------------------------------------------------------------------------------


def test_customer_rates_a_solved_ticket_in_the_portal(customer_client: Client, customer: User) -> None:
    ticket = TicketFactory(requester=customer, status=Status.SOLVED, solved_at=timezone.now())
    page = customer_client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert "How did we do?" in page
    customer_client.post(f"/tickets/{ticket.pk}/rating/", {"score": "4", "comment": "Quick, thanks"})
    rating = SatisfactionRating.objects.get(ticket=ticket)
    assert (rating.score, rating.comment, rating.via) == (4, "Quick, thanks", "web")
    assert "You rated this request 4/5" in customer_client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert events_for(ticket).get(verb="ticket.rated").data == {"old": None, "new": 4, "via": "web", "comment": True}


def test_open_tickets_cannot_be_rated_and_scores_stay_within_1_to_5(customer: User) -> None:
    ticket = TicketFactory(requester=customer, status=Status.OPEN)
    with pytest.raises(InvalidTransition, match="once it is solved"):
        rate_ticket(ticket, 5)
    ticket.status = Status.SOLVED
    ticket.save()
    with pytest.raises(ValidationFailed, match="from 1 to 5"):
        rate_ticket(ticket, 6)


def test_signed_link_shows_the_form_and_rates_without_signing_in(customer: User) -> None:
    ticket = TicketFactory(requester=customer, status=Status.SOLVED)
    url = csat_url(ticket, score=5).removeprefix("http://127.0.0.1:8000")
    anonymous = Client()
    page = anonymous.get(url).content.decode()
    assert 'value="5" id="id_score_0" required checked' in page
    assert not SatisfactionRating.objects.exists()  # opening the link (a mail scanner) rates nothing
    response = anonymous.post(url.split("?")[0], {"score": "5", "comment": ""})
    assert "Thank you for your rating." in response.content.decode()
    assert SatisfactionRating.objects.get(ticket=ticket).via == "link"


def test_a_tampered_rating_link_is_refused(customer: User) -> None:
    ticket = TicketFactory(requester=customer, status=Status.SOLVED)
    url = csat_url(ticket).removeprefix("http://127.0.0.1:8000")
    assert Client().get(url[:-3] + "xyz/").status_code == 404


def test_a_reply_within_the_reopen_window_reopens(customer: User) -> None:
    solved = TicketFactory(requester=customer, status=Status.SOLVED, solved_at=timezone.now())
    closed = TicketFactory(requester=customer, status=Status.CLOSED, closed_at=timezone.now() - timedelta(days=3))
    for ticket in (solved, closed):
        process_inbound(
            InboundMessage(channel=Channel.WEB, author=customer, body="Still broken", thread_hint=ThreadHint(ticket.pk))
        )
    assert set(Ticket.objects.filter(pk__in=[solved.pk, closed.pk]).values_list("status", flat=True)) == {Status.OPEN}


# --- surge ------------------------------------------------------------------------------------------


@pytest.fixture
def team(db: None) -> Team:
    team = TeamFactory(slug="general")
    CategoryFactory(slug="general", default_team=team)
    return team


def new_ticket(customer: User) -> Ticket:
    return process_inbound(
        InboundMessage(channel=Channel.WEB, author=customer, subject="Withdrawal", body="Stuck", category="general")
    ).ticket


def test_inbound_flood_switches_surge_on_and_off(customer: User, team: Team) -> None:
    week_ago = timezone.now() - timedelta(days=3)
    for ticket in TicketFactory.create_batch(14, team=team):
        Ticket.objects.filter(pk=ticket.pk).update(created_at=week_ago)
    TicketFactory.create_batch(12, team=team)
    state = detect_surge()
    assert (state.is_active, state.recent_count) == (True, 12)
    assert SupervisorAlert.objects.filter(kind=AlertKind.SURGE).count() == 1
    assert detect_surge().is_active  # still the same surge: no second alert
    assert SupervisorAlert.objects.filter(kind=AlertKind.SURGE).count() == 1
    Ticket.objects.update(created_at=week_ago)
    assert not detect_surge().is_active
    assert [e.verb for e in events_for(SurgeState.objects.get())] == ["surge.started", "surge.ended"]


def test_no_surge_at_low_volume_or_without_history(team: Team) -> None:
    TicketFactory.create_batch(5, team=team)
    assert not detect_surge().is_active
    TicketFactory.create_batch(30, team=team)  # a fresh install importing its first tickets
    assert not detect_surge().is_active


def test_during_a_surge_new_tickets_are_told_the_wait_and_current_announcements(
    customer: User, supervisor: User, team: Team
) -> None:
    PolicyFactory(priority=Priority.P3, first_response_minutes=120)
    Announcement.objects.create(
        slug="eth-congestion",
        kind="incident",
        title_en="ETH deposits delayed by network congestion",
        title_zh="以太坊网络拥堵，充值延迟",
        starts_at=timezone.now() - timedelta(hours=1),
        is_published=True,
    )
    set_surge(supervisor, True)
    ticket = new_ticket(customer)
    ack = ticket.messages.get(kind=MessageKind.SYSTEM)
    assert "We are receiving many more requests than usual" in ack.body
    assert "Expected wait for a first answer: about 2 hours" in ack.body
    assert (
        "ETH deposits delayed by network congestion: http://127.0.0.1:8000/help/en/announcements/eth-congestion/"
        in ack.body
    )
    assert ticket.first_response_at is None  # the acknowledgement is not an answer


def test_surge_end_to_end_keeps_room_for_p1(
    customer: User, supervisor: User, team: Team, django_capture_on_commit_callbacks: Capture
) -> None:
    agent = online_agent(team, capacity=2)
    set_surge(supervisor, True)
    with django_capture_on_commit_callbacks(execute=True):
        routine = [new_ticket(customer) for _ in range(2)]
    assert [Ticket.objects.get(pk=t.pk).assignee for t in routine] == [agent, None]
    urgent = TicketFactory(team=team, priority=Priority.P1)
    assert route_ticket(urgent.pk) == agent
    set_surge(supervisor, False)
    assert route_ticket(routine[1].pk) is None  # full now: 2 of 2
