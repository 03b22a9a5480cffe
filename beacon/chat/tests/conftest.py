"""Chat test helpers: websocket clients for customers and agents, an agent on shift, help content."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings

from beacon.accounts.models import User
from beacon.chat.identity import sign_identity
from beacon.chat.services import queue as queue_services
from beacon.mail.tests.conftest import smtp_sink  # noqa: F401 - the mail tests' SMTP sink, as a fixture here
from beacon.tickets.models import Category
from config.asgi import application

SECRET = "test-exchange-signing-secret"
SITE = (b"origin", b"http://127.0.0.1")


class Client:
    """A websocket client that keeps every frame it received, so tests can look for one."""

    def __init__(self, communicator: WebsocketCommunicator) -> None:
        self.ws = communicator
        self.frames: list[dict[str, Any]] = []

    async def send(self, **frame: Any) -> None:
        await self.ws.send_json_to(frame)

    async def receive(self, timeout: float = 5) -> dict[str, Any]:
        frame = await self.ws.receive_json_from(timeout=timeout)
        self.frames.append(frame)
        return frame

    async def until(self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 8) -> dict[str, Any]:
        """The first frame (already received or arriving) that matches."""
        for frame in self.frames:
            if predicate(frame):
                self.frames.remove(frame)
                return frame
        deadline = time.monotonic() + timeout
        while True:
            frame = await self.ws.receive_json_from(timeout=max(0.1, deadline - time.monotonic()))
            if predicate(frame):
                return frame
            self.frames.append(frame)

    async def of_type(self, kind: str, timeout: float = 8, **match: Any) -> dict[str, Any]:
        return await self.until(
            lambda f: f.get("type") == kind and all(f.get(k) == v for k, v in match.items()), timeout
        )

    async def close(self) -> None:
        await self.ws.disconnect()


async def open_socket(path: str, user: User | None = None, origin: bytes = SITE[1]) -> Client:
    communicator = WebsocketCommunicator(application, path, headers=[(b"origin", origin)])
    communicator.scope["user"] = user or AnonymousUser()
    connected, code = await communicator.connect()
    assert connected, code
    return Client(communicator)


async def customer_socket(user: User | None = None, **hello: Any) -> tuple[Client, dict[str, Any]]:
    client = await open_socket("/ws/chat/", user)
    await client.send(type="hello", **hello)
    welcome = await client.of_type("welcome")
    return client, welcome


async def agent_socket(agent: User) -> tuple[Client, dict[str, Any]]:
    client = await open_socket("/ws/chat/agent/", agent)
    return client, await client.of_type("welcome")


def signed(uid: str = "10001", email: str = "trader@example.com", vip: str = "", issued_at: int | None = None) -> str:
    return sign_identity(SECRET, uid=uid, email=email, vip=vip, name="Trader", issued_at=issued_at or int(time.time()))


@pytest.fixture(autouse=True)
def _chat_settings() -> Any:
    """A known signing secret, chat open around the clock, background tasks inline, services in
    Django's one database thread (threads of their own would keep connections to the test database
    open past its teardown; bench/chat_load.py runs the servers with several)."""
    with override_settings(
        BEACON_CHAT_IDENTITY_SECRET=SECRET,
        BEACON_CHAT_HOURS="",
        BEACON_CHAT_DATABASE_THREADS=1,
        TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
    ):
        yield


@pytest.fixture
def on_shift() -> Callable[[User], Any]:
    """Put an agent on shift (as their console does when it connects)."""

    def start(agent: User) -> None:
        queue_services.agent_connected(agent)

    return start


@pytest.fixture
async def chat_ready(general: Category) -> AsyncIterator[None]:
    yield


async def db(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return await sync_to_async(function)(*args, **kwargs)


async def reset_2fa_faq() -> Any:
    """The help center's answer to "I lost my authenticator", which the assistant finds."""
    from beacon.helpcenter.enums import ArticleKind
    from beacon.helpcenter.tests.factories import article

    return await db(
        article,
        "How do I reset two-factor authentication?",
        "If you lost your phone, open Security settings and choose Reset 2FA. Support never asks for your codes.",
        kind=ArticleKind.FAQ,
        phrasings=["lost my authenticator", "reset 2FA"],
    )
