"""The original formatting of a received mail, as an agent and the customer see it in a real browser."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Browser, expect

from beacon.accounts.enums import Role
from beacon.accounts.models import User
from beacon.accounts.tests.factories import PASSWORD, staff
from beacon.core.tests.browser import BROWSER_MARKS, sign_in
from beacon.mail.services import ingest_mail
from beacon.tickets.models import Category, Ticket

from .conftest import corpus

pytestmark = BROWSER_MARKS


@pytest.fixture
def mailed_ticket(general: Category) -> Ticket:
    result = ingest_mail(corpus("outlook_html_inline_tracker.eml"), source="pipe")
    assert result.ticket_id is not None, result
    ticket = Ticket.objects.select_related("requester").get(pk=result.ticket_id)
    # The sender later signs up to the portal with the address they wrote from.
    ticket.requester.set_password(PASSWORD)
    ticket.requester.save()
    EmailAddress.objects.update_or_create(
        user=ticket.requester, email=ticket.requester.email, defaults={"verified": True, "primary": True}
    )
    return ticket


@pytest.fixture
def lead(db: None) -> User:
    return staff(Role.SUPERVISOR, email="lead@example.com", display_name="Grace")


# The browser fixture comes last: Playwright's event loop must start after the database work.
def test_the_formatted_mail_opens_on_demand_with_its_image_and_without_its_script(
    live_server: object, mailed_ticket: Ticket, lead: User, browser: Browser
) -> None:
    base = str(live_server)

    desk = browser.new_context().new_page()
    dialogs: list[str] = []
    desk.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(desk, base, lead.email, totp=True)
    desk.goto(f"{base}/agent/tickets/{mailed_ticket.pk}/")
    original = desk.locator(".mail-original").first
    expect(original.locator("iframe")).to_have_count(0)  # plain text until asked
    original.locator("summary").click()

    frame = original.frame_locator("iframe")
    expect(frame.locator("b").first).to_have_text("我的 USDT 充值还没到账")
    image = frame.locator("img").first
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "the inline image did not load"
    link = frame.locator("a[href^='https://tronscan.org']").first
    expect(link).to_have_attribute("target", "_blank")
    assert original.locator("iframe").evaluate("f => f.sandbox.contains('allow-scripts')") is False
    assert dialogs == []  # nothing in the mail ran

    # The customer whose ticket it is sees the same, on a phone.
    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(phone, base, mailed_ticket.requester.email)
    phone.goto(f"{base}/tickets/{mailed_ticket.pk}/")
    mine = phone.locator(".mail-original").first
    mine.locator("summary").click()
    expect(mine.frame_locator("iframe").locator("b").first).to_have_text("我的 USDT 充值还没到账")
