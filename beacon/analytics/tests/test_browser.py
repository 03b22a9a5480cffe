"""The dashboard in a real browser: charts drawn, a filter change redraws them, a figure opens the
tickets behind it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from beacon.accounts.models import Team, User
from beacon.analytics import rollups
from beacon.analytics.tests.factories import ticket_at
from beacon.core.tests.browser import BROWSER_MARKS, sign_in
from beacon.tickets.models import Category

pytestmark = BROWSER_MARKS


@pytest.fixture
def history(general: Category, deposit: Category, funds_team: Team) -> None:
    now = timezone.now()
    for hours in (3, 30, 50):
        ticket_at(now - timedelta(hours=hours), category=deposit, team=funds_team, subject=f"Deposit {hours}")
    ticket_at(now - timedelta(hours=5), first_response=now - timedelta(hours=4), category=general, channel="email")
    rollups.rebuild()


def test_supervisor_reads_the_charts_filters_and_drills_down(
    live_server: object, supervisor: User, history: None, browser: Browser
) -> None:
    base = str(live_server)
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()  # a phone
    sign_in(page, base, supervisor.email, totp=True)
    page.goto(f"{base}/agent/analytics/?range=7d")
    body = page.locator("#analytics-body")
    expect(body).to_have_attribute("data-charts", "9")
    expect(page.locator(".kpi").first).to_contain_text("4")
    page.select_option("#id_team", "funds")
    expect(page).to_have_url(f"{base}/agent/analytics/?range=7d&start=&end=&team=funds&channel=&category=")
    expect(page.locator(".kpi").first).to_contain_text("3")
    expect(body).to_have_attribute("data-charts", "9")
    page.click(".kpi >> nth=0")
    expect(page.locator("#drilldown tbody tr")).to_have_count(3)
    expect(page.locator("#drilldown")).to_contain_text("Deposit 50")
