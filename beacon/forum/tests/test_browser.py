"""Forum flows in a real browser: Playwright drives Debian's Chromium against a live server."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from beacon.accounts.enums import Role
from beacon.accounts.models import User
from beacon.accounts.tests.factories import UserFactory, staff
from beacon.core.tests.browser import BROWSER_MARKS, sign_in
from beacon.forum.models import ForumCategory, Thread
from beacon.forum.tests.factories import ForumCategoryFactory, question
from beacon.helpcenter.models import Category as HelpCategory

pytestmark = BROWSER_MARKS


@pytest.fixture
def people(db: None) -> tuple[User, User, ForumCategory]:
    HelpCategory.objects.create(slug="deposits", name_en="Deposits", name_zh="充值")
    category = ForumCategoryFactory(slug="deposits-withdrawals", name_en="Deposits & withdrawals")
    return (
        UserFactory(email="newbie@example.com", display_name="Newbie"),
        staff(Role.AGENT, email="mia@example.com", display_name="Mia"),
        category,
    )


# The browser fixture comes last: Playwright's event loop must start after the database work.
def test_member_asks_staff_answer_officially_asker_accepts_and_staff_draft_an_article(
    live_server: object, people: tuple[User, User, ForumCategory], browser: Browser
) -> None:
    base = str(live_server)
    member, agent, category = people

    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(phone, base, member.email)
    phone.goto(f"{base}/community/")
    phone.click("text=Ask the community")
    phone.select_option("#id_category", category.slug)
    phone.fill("#id_title", "Is my ETH deposit lost?")
    phone.fill("#id_body", "I picked the wrong network. My key is " + "abandon " * 11 + "about")
    phone.click("#thread-form button[type=submit]")
    expect(phone.locator(".flash-warning").first).to_contain_text("new wallet")
    expect(phone.locator("#posts")).to_contain_text("[hidden: seed phrase]")
    expect(phone.locator("#posts")).not_to_contain_text("abandon")
    thread_url = phone.url

    desk = browser.new_context().new_page()
    sign_in(desk, base, agent.email, totp=True)
    desk.goto(thread_url)
    desk.fill("#id_body", "It is not lost: open a request and we will recover it. Move your funds to a new wallet.")
    desk.click("#reply button[type=submit]")
    expect(desk.locator(".verified-badge")).to_contain_text(agent.public_id)

    phone.goto(thread_url)
    badge = phone.locator(".verified-badge")
    expect(badge).to_contain_text("Official")
    phone.click("button.accept")
    expect(phone.locator(".forum-post.accepted")).to_contain_text("It is not lost")

    desk.goto(thread_url)
    desk.click("#to-article")
    expect(desk.locator(".flash-success")).to_contain_text("Draft article")

    phone.goto(thread_url)
    phone.click(".verified-badge")
    expect(phone.locator("body")).to_contain_text(agent.public_id)


@pytest.fixture
def open_thread(people: tuple[User, User, ForumCategory]) -> Thread:
    member, _agent, category = people
    return question(member, category, title="Is the SOL network delayed today?", body="My SOL deposit is pending.")


def test_a_reply_appears_for_someone_reading_the_thread_without_reloading(
    live_server: object,
    people: tuple[User, User, ForumCategory],
    open_thread: Thread,
    settings: object,
    browser: Browser,
) -> None:
    settings.BEACON_FORUM_POLL_SECONDS = 1  # type: ignore[attr-defined]
    base = str(live_server)
    _member, agent, _category = people
    thread = open_thread

    reader = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    reader.goto(f"{base}{thread.get_absolute_url()}")
    expect(reader.locator("#posts .forum-post")).to_have_count(1)

    desk = browser.new_context().new_page()
    sign_in(desk, base, agent.email, totp=True)
    desk.goto(f"{base}{thread.get_absolute_url()}")
    desk.fill("#id_body", "Solana deposits are delayed by about 30 minutes; nothing is lost.")
    desk.click("#reply button[type=submit]")
    expect(desk.locator(".verified-badge")).to_contain_text(agent.public_id)

    expect(reader.locator("#posts .forum-post")).to_have_count(2, timeout=10_000)
    expect(reader.locator("#posts")).to_contain_text("delayed by about 30 minutes")
    expect(reader.locator(".verified-badge")).to_contain_text(agent.public_id)
    desk.fill("#id_body", "Update: the network has caught up.")
    desk.click("#reply button[type=submit]")
    expect(reader.locator("#posts .forum-post")).to_have_count(3, timeout=10_000)
