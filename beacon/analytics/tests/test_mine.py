"""An agent's own figures: what they see, and that they never see anyone else's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from beacon.accounts.enums import Role
from beacon.accounts.models import Team, User
from beacon.accounts.tests.factories import staff
from beacon.analytics import rollups
from beacon.analytics.tests.factories import ticket_at
from beacon.tickets.models import Category

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(funds_team: Team) -> User:
    user = staff(Role.AGENT, email="colleague@example.com", display_name="Colleague")
    user.teams.add(funds_team)
    return user


@pytest.fixture
def work(general: Category, funds_team: Team, agent: User, colleague: User) -> None:
    now = timezone.now()
    # The agent: one ticket answered after 10 min and solved after 2 h, one open and assigned.
    ticket_at(
        now - timedelta(hours=5),
        first_response=now - timedelta(hours=5) + timedelta(minutes=10),
        solved=now - timedelta(hours=3),
        category=general,
        team=funds_team,
        assignee=agent,
        status="solved",
    )
    ticket_at(now - timedelta(hours=1), category=general, team=funds_team, assignee=agent, status="open")
    # The colleague: three solved tickets in the same team, answered after a day.
    for _ in range(3):
        ticket_at(
            now - timedelta(days=2),
            first_response=now - timedelta(days=1),
            solved=now - timedelta(hours=20),
            category=general,
            team=funds_team,
            assignee=colleague,
            status="solved",
        )
    rollups.rebuild()


def test_an_agent_sees_only_their_own_figures(
    login: Callable[[User], Client],
    agent: User,
    work: None,
    django_assert_max_num_queries: Callable[[int], object],
) -> None:
    client = login(agent)
    with django_assert_max_num_queries(10):  # type: ignore[attr-defined]  # sign-in and header + 2 reads
        response = client.get("/agent/analytics/me/?range=7d")
    assert response.status_code == 200
    mine = response.context["mine"]
    assert (mine.total.solved, mine.total.first_responses, mine.open_assigned) == (1, 1, 1)
    # one answer after 10 min: the median is read from the [5 min, 15 min) bucket, nowhere near a day
    assert 300 <= mine.total.frt_median < 900
    assert 3600 <= mine.total.res_median < 4 * 3600
    body = response.content.decode()
    assert "My figures" in body and "Colleague" not in body


def test_no_parameter_shows_someone_elses_figures(
    login: Callable[[User], Client], agent: User, colleague: User, work: None
) -> None:
    client = login(agent)
    for query in (f"agent={colleague.pk}", "team=funds", f"user={colleague.pk}"):
        assert client.get(f"/agent/analytics/me/?range=7d&{query}").context["mine"].total.solved == 1
    assert login(colleague).get("/agent/analytics/me/?range=7d").context["mine"].total.solved == 3


def test_agents_still_get_403_on_the_team_figures_and_customers_404(
    login: Callable[[User], Client], agent: User, customer_client: Client, work: None
) -> None:
    client = login(agent)
    assert client.get("/agent/analytics/?range=7d").status_code == 403
    assert client.get("/agent/analytics/export/agents.csv").status_code == 403
    assert client.get("/agent/analytics/tickets/?metric=solved&range=7d").status_code == 403
    assert customer_client.get("/agent/analytics/me/").status_code == 404
    assert Client().get("/agent/analytics/me/").status_code == 302


def test_supervisors_have_their_own_figures_too_and_bad_ranges_are_a_400(
    login: Callable[[User], Client], supervisor: User, agent: User, work: None
) -> None:
    client = login(supervisor)
    response = client.get("/agent/analytics/me/?range=7d")
    assert response.status_code == 200
    assert response.context["mine"].total.solved == 0
    assert 'href="/agent/analytics/"' in response.content.decode()
    assert login(agent).get("/agent/analytics/me/?range=custom&start=2026-05-01&end=2026-04-01").status_code == 400


def test_the_staff_header_links_agents_to_their_figures(login: Callable[[User], Client], agent: User) -> None:
    body = login(agent).get("/agent/analytics/me/").content.decode()
    assert 'href="/agent/analytics/me/"' in body
