"""Real-browser test helpers: Playwright drives Debian's Chromium (never a downloaded browser).

A module of browser tests sets `pytestmark = BROWSER_MARKS` and takes the `browser` fixture (from
`beacon/conftest.py`) as its last argument: Playwright's event loop must start after the database
and live-server work the other fixtures do.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pyotp
import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from playwright.sync_api import Browser, Page, sync_playwright

from beacon.accounts.tests.factories import PASSWORD, TOTP_SECRET

CHROMIUM = shutil.which("chromium")
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)"),
]
# Without these, Chromium keeps trying to reach Google's hosts, which a closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def sign_in(page: Page, base: str, email: str, *, totp: bool = False) -> None:
    """Sign in through the real login form (and the TOTP step for staff when `totp`)."""
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    # Wait for each step to land before navigating on, or the next goto() can abort the POST.
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if totp:
        page.fill("input[name=code]", pyotp.TOTP(TOTP_SECRET).now())
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/2fa/" not in url)


def off_the_browser_thread[T](read: Callable[[], T]) -> T:
    """Run a database read while Playwright's event loop owns this thread (Django refuses ORM calls
    from a thread with a running loop). The live server has committed, so another connection sees it."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(read).result()


class OneRequestAtATimeServer(ThreadedWSGIServer):
    """The live server's WSGI server, answering one request at a time.

    With SQLite in memory, every thread of the live server shares the test's one database
    connection. A page that fires requests in parallel (htmx fragments, a second browser context,
    polling) would use that connection from two threads at once and corrupt a query. Connections
    stay open in their own threads (keep-alive works); only the requests take turns, from the call
    until the response is closed."""

    def set_app(self, application: Any) -> None:
        turn = threading.Lock()

        def one_at_a_time(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
            turn.acquire()
            try:
                return _ReleaseOnClose(application(environ, start_response), turn)
            except BaseException:
                turn.release()
                raise

        super().set_app(one_at_a_time)


class _ReleaseOnClose:
    """A WSGI response that gives the turn back when the server closes it (after the body is sent)."""

    def __init__(self, response: Iterable[bytes], turn: threading.Lock) -> None:
        self.response = response
        self.turn = turn

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.response)

    def close(self) -> None:
        try:
            close = getattr(self.response, "close", None)
            if close is not None:
                close()
        finally:
            self.turn.release()
