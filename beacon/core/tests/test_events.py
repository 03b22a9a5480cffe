"""Events sent in one batch: in order in every group, and those that report an unchanged state
not at all. Over Redis (channels_redis, two round trips a batch) and in one process."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator

import pytest
import redis
from channels.layers import BaseChannelLayer

from beacon.core.events import OnChange, send_events
from beacon.core.layers import BatchedRedisChannelLayer, SweptInMemoryChannelLayer

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/13"


def redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(params=["redis", "in-memory"])
async def layer(request: pytest.FixtureRequest) -> AsyncIterator[BaseChannelLayer]:
    if request.param == "in-memory":
        yield SweptInMemoryChannelLayer()
        return
    if not redis_available():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    over_redis = BatchedRedisChannelLayer(hosts=[REDIS_URL], prefix=f"test-{uuid.uuid4().hex[:8]}")
    yield over_redis
    await over_redis.flush()


async def received(layer: BaseChannelLayer, channel: str, count: int) -> list[str]:
    return [(await layer.receive(channel))["event"] for _ in range(count)]


async def test_events_sent_together_arrive_in_order_in_every_group(layer: BaseChannelLayer) -> None:
    both = await layer.new_channel()
    only_second = await layer.new_channel()
    for group, channel in (("first", both), ("second", both), ("second", only_second)):
        await layer.group_add(group, channel)

    await send_events(
        [("first", "one", {}), ("nobody", "lost", {}), ("second", "two", {}), ("first", "three", {})], layer=layer
    )

    assert await received(layer, both, 3) == ["one", "two", "three"]
    assert await received(layer, only_second, 1) == ["two"]


async def test_an_unchanged_state_is_not_sent_again(layer: BaseChannelLayer) -> None:
    page = await layer.new_channel()
    await layer.group_add("queues", page)

    def row(event: str, version: float, state: str, *, always: bool = False) -> OnChange:
        return OnChange(("queues", event, {}), "ticket-1", version, state, always)

    await send_events([row("created", 1, "new"), row("same", 2, "new"), row("assigned", 3, "mine")], layer=layer)
    await send_events([row("reported-late", 2, "new"), row("same-again", 4, "mine")], layer=layer)
    await send_events([row("forced", 5, "mine", always=True), row("back", 6, "new")], layer=layer)
    await send_events([("queues", "end", {})], layer=layer)

    # "reported-late" is sent (the last state sent differs) but does not replace the newer one.
    assert await received(layer, page, 6) == ["created", "assigned", "reported-late", "forced", "back", "end"]
