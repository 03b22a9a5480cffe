"""Deflection in a real browser: while a trader types a request, the answer appears and ends it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from beacon.accounts.models import User
from beacon.core.tests.browser import BROWSER_MARKS, off_the_browser_thread, sign_in
from beacon.helpcenter.models import Article, Deflection
from beacon.helpcenter.tests.factories import article
from beacon.tickets.models import Category, Ticket

pytestmark = BROWSER_MARKS


@pytest.fixture
def answer(db: None) -> Article:
    article("How to turn on 2FA", "Scan the QR code with your authenticator.")
    return article("Deposit not credited yet", "Check the TXID and the number of confirmations.")


# The browser fixture comes last: Playwright's event loop must start after the database work.
def test_typing_a_request_suggests_the_article_that_solves_it(
    live_server: object, customer: User, deposit: Category, answer: Article, browser: Browser
) -> None:
    base = str(live_server)
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()  # a phone
    sign_in(page, base, customer.email)
    page.goto(f"{base}/tickets/new/deposit/")

    page.locator("#id_subject").press_sequentially("my deposit is not credited", delay=20)
    suggestions = page.locator("#help-suggestions")
    expect(suggestions.locator("a")).to_have_count(1)
    expect(suggestions).to_contain_text("Deposit not credited yet")
    suggestions.get_by_role("button", name="This solved my problem").click()

    page.wait_for_url(f"{base}{answer.get_absolute_url()}")
    assert off_the_browser_thread(lambda: list(Deflection.objects.values_list("user", "article"))) == [
        (customer.pk, answer.pk)
    ]
    assert off_the_browser_thread(lambda: Ticket.objects.count()) == 0
