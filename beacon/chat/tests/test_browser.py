"""In real browsers: a trader on an exchange's page (hostile CSS, phone-sized) chats through the
embedded widget; an agent answers from the console. Playwright drives Debian's Chromium against a
uvicorn server (websockets) on a throw-away database."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from beacon.chat.identity import sign_identity
from beacon.chat.testing import SIGNING_SECRET, Site, site

CHROMIUM = shutil.which("chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def live() -> Iterator[tuple[Site, str, dict[str, object]]]:
    with site() as current:
        people = current.seed(agents=1, faq=True)
        with current.server() as server:
            yield current, server.base, people


# The browser fixture comes last: Playwright's event loop must start after the server work.
@pytest.fixture
def browser(live: object) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


def test_a_trader_chats_with_the_bot_then_an_agent(live: tuple[Site, str, dict], browser: Browser) -> None:  # type: ignore[type-arg]
    _site, base, people = live
    agent = people["agents"][0]

    desk = browser.new_context()
    desk.add_cookies([{"name": "sessionid", "value": agent["session"], "url": base}])
    console = desk.new_page()
    console.goto(f"{base}/agent/chat/")
    expect(console.locator("#connection")).to_have_text("Online")

    identity = sign_identity(
        SIGNING_SECRET, uid="5001", email="trader@example.com", name="Trader", issued_at=int(time.time())
    )
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    trader = phone.new_page()
    trader.goto(f"{base}/chat/embed-demo/?identity={quote(identity)}")
    launcher = trader.locator(".launcher")
    expect(launcher).to_be_visible()  # the host page hides every <button>; not ours
    assert "Comic" not in launcher.evaluate("node => getComputedStyle(node).fontFamily")
    launcher.click()
    panel = trader.locator(".panel")
    expect(panel).to_be_visible()
    assert panel.evaluate("node => node.getBoundingClientRect().width") == 390  # full screen on a phone

    trader.locator(".input").fill("I lost my phone with Google Authenticator")
    trader.locator(".input").press("Enter")
    bot = trader.locator(".msg.bot")
    expect(bot).to_contain_text("Reset 2FA")
    expect(bot.locator("a")).to_have_text("I lost my phone with the authenticator app. How do I reset 2FA?")
    trader.locator(".tools .action-talk_to_person").click()
    expect(trader.locator(".status")).to_contain_text("number 1 in line")

    expect(console.locator("#queue .chat-item")).to_have_count(1)
    console.locator("#queue .accept").click()
    expect(console.locator("#chat-entries")).to_contain_text("I lost my phone with Google Authenticator")
    console.locator("#reply").fill("Hello, I can help you reset it. Which e-mail is on the account?")
    console.locator("#reply").press("Enter")

    expect(trader.locator(".msg.agent")).to_contain_text("Which e-mail is on the account?")
    expect(trader.locator(".status")).to_contain_text("Chatting with Agent 0")
    trader.locator(".input").fill("trader@example.com, thanks!")
    trader.locator(".input").press("Enter")
    expect(console.locator("#chat-entries")).to_contain_text("trader@example.com, thanks!")
    expect(trader.locator(".msg.customer .seen")).to_have_count(1)

    console.locator("#end-chat").click()
    expect(trader.locator(".rating")).to_be_visible()
    trader.locator(".rating .star").nth(4).click()
    trader.locator(".rating .submit-rating").click()
    expect(trader.locator(".log")).to_contain_text("Thank you for your feedback.")
    desk.close()
    phone.close()
