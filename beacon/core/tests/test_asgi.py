"""The HTTP side of config.asgi: requests served in one hop to a pool of long-lived threads."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db.backends.signals import connection_created
from django.test import Client

from beacon.accounts.tests.factories import UserFactory
from beacon.core.asgi import ThreadPoolHandler
from beacon.core.models import AuditEvent
from beacon.tickets.models import Category, Ticket
from beacon.tickets.services import user_group
from beacon.tickets.tests.test_api import NEW_DEPOSIT

pytestmark = pytest.mark.django_db(transaction=True)
CSRF = "a" * 32


async def call(
    app: ThreadPoolHandler, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")] + [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }
    chunks = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return chunks.pop() if chunks else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def threads_of(signal: Any) -> tuple[list[threading.Thread], Any]:
    seen: list[threading.Thread] = []

    def receiver(**kwargs: Any) -> None:
        seen.append(threading.current_thread())

    signal.connect(receiver, weak=False)
    return seen, receiver


async def test_a_request_runs_in_one_thread_of_the_pool() -> None:
    app = ThreadPoolHandler(threads=1)
    started, on_start = threads_of(request_started)
    finished, on_finish = threads_of(request_finished)
    try:
        for _ in range(3):
            assert (await call(app, "GET", "/healthz"))[0] == 200
    finally:
        request_started.disconnect(on_start)
        request_finished.disconnect(on_finish)
    assert len(set(started + finished)) == 1
    assert started[0].name.startswith("http")


@pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="SQLite keeps it")
async def test_the_threads_database_connection_is_kept_between_requests() -> None:
    app = ThreadPoolHandler(threads=1)
    opened, receiver = threads_of(connection_created)
    try:
        for _ in range(3):
            assert (await call(app, "GET", "/healthz"))[0] == 200
    finally:
        connection_created.disconnect(receiver)
    assert len(opened) == 1


async def test_a_customer_opens_a_ticket_through_the_api(deposit: Category) -> None:
    customer = await sync_to_async(UserFactory)()
    client = Client()
    await sync_to_async(client.force_login)(customer)
    cookies = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; csrftoken={CSRF}"
    payload = json.dumps(NEW_DEPOSIT).encode()
    headers = {"cookie": cookies, "x-csrftoken": CSRF, "content-type": "application/json"}
    layer = get_channel_layer()
    pages = await layer.new_channel()
    await layer.group_add(user_group(customer.pk), pages)

    status, body = await call(ThreadPoolHandler(threads=2), "POST", "/api/v1/tickets", payload, headers)

    assert status == 201, body
    ticket = await Ticket.objects.aget(pk=json.loads(body)["ticket"]["id"])
    assert ticket.requester_id == customer.pk
    verbs = [e.verb async for e in AuditEvent.objects.filter(target_type="ticket", target_id=ticket.pk)]
    assert {"ticket.created", "message.added"} <= set(verbs)
    event = await asyncio.wait_for(layer.receive(pages), timeout=5)  # sent from the loop after the view
    assert (event["event"], event["payload"]["reference"]) == ("ticket.created", ticket.reference)


async def test_static_files_are_served_without_the_views() -> None:
    app = ThreadPoolHandler(threads=1)
    css = Path(settings.BASE_DIR / "static" / "css" / "beacon.css").read_bytes()

    assert await call(app, "GET", "/static/css/beacon.css") == (200, css)
    assert (await call(app, "GET", "/static/css/nothing-here.css"))[0] == 404


async def test_a_missing_static_file_is_a_404_in_development_too(settings: Any) -> None:
    settings.DEBUG = True  # ServeStatic then raises for a missing file instead of passing it on
    status, body = await call(ThreadPoolHandler(threads=1), "GET", "/static/css/nothing-here.css")
    assert status == 404, body[:300]
