"""End to end in a real browser: Playwright drives Debian's Chromium against a live server."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from beacon.accounts.enums import Role
from beacon.accounts.models import User
from beacon.accounts.tests.factories import UserFactory, staff
from beacon.core.tests.browser import BROWSER_MARKS, sign_in
from beacon.core.tests.images import png_bytes
from beacon.tickets.models import Category
from beacon.tickets.tests.factories import ETH_TXID

pytestmark = BROWSER_MARKS


@pytest.fixture
def people(deposit: Category) -> tuple[User, User]:
    customer = UserFactory(email="trader@example.com", display_name="Trader")
    agent = staff(Role.AGENT, email="mia@example.com", display_name="Mia", teams=[deposit.default_team])
    return customer, agent


# The browser fixture comes last: Playwright's event loop must start after the database work.
def test_customer_submits_deposit_ticket_and_agent_answers(
    live_server: object, people: tuple[User, User], tmp_path: Path, browser: Browser
) -> None:
    base = str(live_server)
    customer, agent = people
    screenshot = tmp_path / "wallet.png"
    screenshot.write_bytes(png_bytes((300, 200)))

    trader = browser.new_context(viewport={"width": 390, "height": 844}).new_page()  # a phone
    sign_in(trader, base, customer.email)
    trader.goto(f"{base}/tickets/new/deposit/")
    trader.fill("#id_subject", "USDT deposit not credited")
    trader.fill("#id_body", "I sent 100 USDT from my wallet two hours ago.")
    trader.fill("#id_f_asset", "USDT")
    trader.select_option("#id_f_network", "ETH")
    trader.fill("#id_f_txid", ETH_TXID)
    trader.fill("#id_f_amount", "100")
    trader.set_input_files("#id_attachments", str(screenshot))
    trader.click("#ticket-form button[type=submit]")
    expect(trader.locator(".flash-success")).to_contain_text("has been received")
    expect(trader.locator(".attachments img")).to_have_count(1)
    ticket_url = trader.url

    desk = browser.new_context().new_page()
    sign_in(desk, base, agent.email, totp=True)
    desk.goto(f"{base}/agent/")
    desk.click("text=USDT deposit not credited")
    expect(desk.locator(".attachments img")).to_have_count(1)
    desk.fill("#id_body", "We can see 100 USDT on chain; it will be credited within 10 minutes.")
    desk.click("#conversation button[type=submit]")
    expect(desk.locator("#thread")).to_contain_text("credited within 10 minutes")

    trader.goto(ticket_url)
    expect(trader.locator("#thread")).to_contain_text("credited within 10 minutes")
    expect(trader.locator("#thread")).to_contain_text("Support team")
