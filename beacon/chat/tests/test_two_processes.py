"""Two uvicorn processes sharing Redis (channel layer and cache) and one database: a customer on
one process and an agent on the other hold a conversation; the customer reconnects to the other
process and gets what they missed."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
import redis

from beacon.chat.identity import sign_identity
from beacon.chat.testing import SIGNING_SECRET, LiveClient, Site, site

REDIS_URL = "redis://127.0.0.1:6379/13"  # this suite's own database number


def redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(not redis_available(), reason="Redis is not running on 127.0.0.1:6379")


@pytest.fixture(scope="module")
def shared() -> Iterator[Site]:
    redis.Redis.from_url(REDIS_URL).flushdb()
    with site(REDIS_URL) as current:
        yield current


async def test_a_conversation_across_two_server_processes(shared: Site) -> None:
    people = shared.seed(agents=1)
    agent = people["agents"][0]
    identity = sign_identity(SIGNING_SECRET, uid="9001", email="trader@example.com", issued_at=int(time.time()))
    with shared.server() as first_server, shared.server() as second_server:
        first, second = first_server.base, second_server.base
        desk = await LiveClient.open(second, "/ws/chat/agent/", session=agent["session"])
        await desk.of_type("welcome")
        customer = await LiveClient.open(first, "/ws/chat/")
        await customer.send(type="hello", identity=identity, language="en")
        welcome = await customer.of_type("welcome")
        await customer.send(type="message", client_id="cross-process-1", body="My USDT withdrawal is missing")
        await customer.of_type("ack")
        await customer.send(type="handover")
        await customer.until(lambda f: f.get("type") == "status" and f.get("status") == "queued")
        queue = await desk.until(lambda f: f.get("type") == "queue" and f["queue"])
        session = queue["queue"][0]["session"]
        await desk.send(type="accept", session=session)
        await desk.of_type("history")
        joined = await customer.until(lambda f: f.get("type") == "status" and f.get("status") == "active")
        await desk.send(type="message", session=session, client_id="from-process-2", body="Checking it now.")
        heard = await customer.until(lambda f: f.get("type") == "message" and f.get("kind") == "agent")
        await customer.send(type="message", client_id="from-process-1", body="Thank you")
        answered = await desk.until(lambda f: f.get("type") == "message" and f.get("body") == "Thank you")
        await customer.close()
        await desk.send(type="message", session=session, client_id="while-away-01", body="Found it: credited.")
        await desk.of_type("ack")
        back = await LiveClient.open(second, "/ws/chat/")
        await back.send(type="hello", resume=welcome["resume"], last_seq=answered["seq"])
        again = await back.of_type("welcome")
        await back.close()
        await desk.close()
    assert joined["agent"]["agent_id"] == agent["agent_id"]
    assert heard["body"] == "Checking it now."
    assert [e["body"] for e in again["entries"]] == ["Found it: credited."]


async def test_an_idle_console_keeps_receiving_over_redis(shared: Site) -> None:
    """A console left alone longer than the layer's blocking pop (5 s) is still connected and hears
    the next visitor who asks for a person."""
    people = shared.seed(agents=1, prefix="idle-")
    identity = sign_identity(SIGNING_SECRET, uid="9002", email="idle@example.com", issued_at=int(time.time()))
    with shared.server() as server:
        desk = await LiveClient.open(server.base, "/ws/chat/agent/", session=people["agents"][0]["session"])
        await desk.of_type("welcome")
        await asyncio.sleep(7)
        customer = await LiveClient.open(server.base, "/ws/chat/")
        await customer.send(type="hello", identity=identity, language="en")
        await customer.of_type("welcome")
        await customer.send(type="message", client_id="idle-desk-1", body="Where is my deposit?")
        await customer.of_type("ack")
        await customer.send(type="handover")
        queue = await desk.until(lambda f: f.get("type") == "queue" and f["queue"])
        await customer.close()
        await desk.close()
    assert len(queue["queue"]) == 1
