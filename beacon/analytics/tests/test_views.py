"""The dashboard, drill-down and exports: who may see them, what they show, how many queries."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from beacon.accounts.enums import Role
from beacon.accounts.models import Team, User
from beacon.accounts.tests.factories import staff
from beacon.analytics import rollups
from beacon.analytics.exports import safe_cell
from beacon.analytics.models import DigestOptOut
from beacon.analytics.tests.factories import ticket_at
from beacon.core.models import AuditEvent
from beacon.helpcenter.services.feedback import log_search
from beacon.tickets.models import Category

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db: None) -> User:
    return staff(Role.ADMIN, email="admin@example.com", display_name="Ada")


@pytest.fixture
def some_tickets(general: Category, deposit: Category, funds_team: Team, agent: User) -> None:
    now = timezone.now()
    ticket_at(now - timedelta(hours=2), first_response=now - timedelta(hours=1), category=general, channel="email")
    ticket_at(
        now - timedelta(days=3),
        solved=now - timedelta(days=1),
        category=deposit,
        team=funds_team,
        assignee=agent,
        status="solved",
    )
    ticket_at(now - timedelta(days=5), category=deposit, team=funds_team)
    log_search("=HYPERLINK(evil)", "en", "portal", 0)
    rollups.rebuild()


def test_customers_get_404_agents_403_and_visitors_the_sign_in_page(
    customer_client: Client, agent_client: Client
) -> None:
    for url in (
        "/agent/analytics/",
        "/agent/analytics/tickets/",
        "/agent/analytics/export/team.csv",
        "/agent/analytics/wall/",
    ):
        assert customer_client.get(url).status_code == 404
        assert agent_client.get(url).status_code == 403
        assert Client().get(url).status_code == 302


def test_dashboard_shows_figures_and_chart_data(
    login: Callable[[User], Client],
    supervisor: User,
    some_tickets: None,
    django_assert_max_num_queries: Callable[[int], object],
) -> None:
    client = login(supervisor)
    with django_assert_max_num_queries(25):  # type: ignore[attr-defined]  # 5 are backlog age counts
        response = client.get("/agent/analytics/?range=7d")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="analytics-charts"' in body
    assert "chart.umd.min.js" in body
    charts = response.context["charts"]
    assert sum(charts["series"]["created"]) == 3
    assert dict(zip(charts["channel"]["keys"], charts["channel"]["values"], strict=True)) == {"web": 2, "email": 1}
    assert response.context["backlog"]["total"] == 2
    assert response.context["tickets"]["total"].solved == 1


def test_filters_narrow_the_figures_and_htmx_gets_only_the_body(
    login: Callable[[User], Client], supervisor: User, some_tickets: None
) -> None:
    client = login(supervisor)
    response = client.get("/agent/analytics/?range=7d&team=funds&category=deposit", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="analytics-body"')
    assert response.context["tickets"]["total"].created == 2
    assert client.get("/agent/analytics/?range=today&channel=email").context["tickets"]["total"].created == 1


def test_bad_filters_are_a_400_with_the_reason(login: Callable[[User], Client], supervisor: User) -> None:
    client = login(supervisor)
    response = client.get("/agent/analytics/?range=custom&start=2026-05-01&end=2026-04-01")
    assert response.status_code == 400
    assert "must not be after" in response.content.decode()
    assert client.get("/agent/analytics/?range=custom&start=2024-01-01&end=2026-01-01").status_code == 400
    assert client.get("/agent/analytics/?range=custom&start=yesterday").status_code == 400
    assert client.get("/agent/analytics/tickets/?metric=everything").status_code == 400
    assert client.get("/agent/analytics/export/passwords.csv").status_code == 404


def test_drilldown_lists_the_tickets_behind_a_figure(
    login: Callable[[User], Client],
    supervisor: User,
    some_tickets: None,
    django_assert_max_num_queries: Callable[[int], object],
) -> None:
    client = login(supervisor)
    with django_assert_max_num_queries(10):  # type: ignore[attr-defined]
        created = client.get("/agent/analytics/tickets/?range=7d&metric=created&team=funds")
    assert len(created.context["page"].items) == 2
    assert [
        t.channel for t in client.get("/agent/analytics/tickets/?range=today&channel=email").context["page"].items
    ] == ["email"]
    assert len(client.get("/agent/analytics/tickets/?range=7d&metric=solved").context["page"].items) == 1
    assert len(client.get("/agent/analytics/tickets/?metric=backlog").context["page"].items) == 2


def test_every_table_exports_as_csv_with_formulas_defused(
    login: Callable[[User], Client], admin_user: User, some_tickets: None
) -> None:
    client = login(admin_user)
    for table in (
        "channel",
        "category",
        "priority",
        "language",
        "team",
        "series",
        "agents",
        "backlog",
        "chat",
        "searches",
    ):
        response = client.get(f"/agent/analytics/export/{table}.csv?range=7d")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))  # type: ignore[attr-defined]
        assert rows[0]  # a header row, then the rows of the table
    team_rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(client.get("/agent/analytics/export/team.csv?range=7d").streaming_content).decode("utf-8-sig")
            )  # type: ignore[attr-defined]
        )
    )
    assert {row["key"]: row["created"] for row in team_rows} == {"funds": "2", "": "1"}
    searches = client.get("/agent/analytics/export/searches.csv?range=7d")
    rows = list(csv.reader(io.StringIO(b"".join(searches.streaming_content).decode("utf-8-sig"))))  # type: ignore[attr-defined]
    assert rows[1] == ["hyperlink evil", "1"]


def test_supervisors_turn_the_digest_off_and_on(login: Callable[[User], Client], supervisor: User) -> None:
    client = login(supervisor)
    client.post("/agent/analytics/digest/", {"subscribed": "0"})
    assert DigestOptOut.objects.filter(user=supervisor).exists()
    client.post("/agent/analytics/digest/", {"subscribed": "1"})
    assert not DigestOptOut.objects.filter(user=supervisor).exists()
    verbs = list(AuditEvent.objects.filter(target_type="user", target_id=supervisor.pk).values_list("verb", flat=True))
    assert verbs == ["analytics.digest_unsubscribed", "analytics.digest_subscribed"]


def test_cells_a_spreadsheet_would_run_are_quoted() -> None:
    assert [safe_cell(v) for v in ("=SUM(A1)", "+1", "-2", "@x", "plain", "充值")] == [
        "'=SUM(A1)",
        "'+1",
        "'-2",
        "'@x",
        "plain",
        "充值",
    ]
