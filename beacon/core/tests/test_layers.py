"""Beacon's channel layers: the single-process one keeps up with thousands of open sockets; the
Redis one receives a process's messages in batches and loses none."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator

import pytest

from beacon.core.layers import BatchedRedisChannelLayer, SweptInMemoryChannelLayer
from beacon.core.tests.test_events import REDIS_URL, redis_available


async def test_sends_stay_fast_with_thousands_of_groups() -> None:
    layer = SweptInMemoryChannelLayer()
    for n in range(2000):  # one group per open chat widget
        await layer.group_add(f"chat-{n}", f"specific.test!{n}")

    started = time.perf_counter()
    received = []
    for n in range(2000):
        await layer.group_send(f"chat-{n}", {"type": "beacon.event", "n": n})
        received.append((await layer.receive(f"specific.test!{n}"))["n"])
    elapsed = time.perf_counter() - started

    assert received == list(range(2000))
    assert elapsed < 1.0  # channels' own layer: 2.6 s here, walking every group on each call


@pytest.fixture
async def redis_layer() -> AsyncIterator[BatchedRedisChannelLayer]:
    if not redis_available():
        pytest.skip(f"no Redis at {REDIS_URL}")
    layer = BatchedRedisChannelLayer(hosts=[REDIS_URL], prefix=f"test-{uuid.uuid4().hex[:8]}", capacity=1000)
    yield layer
    await layer.flush()


async def test_a_process_receives_its_waiting_messages_in_one_pop(redis_layer: BatchedRedisChannelLayer) -> None:
    sockets = [await redis_layer.new_channel() for _n in range(50)]  # one process, 50 websockets
    for n in range(3):
        for channel in sockets:
            await redis_layer.send(channel, {"type": "beacon.event", "n": n})

    first = await redis_layer.receive(sockets[0])
    process_channel = redis_layer.prefix + redis_layer.non_local_name(sockets[0])
    waiting = await redis_layer.connection(0).zcard(process_channel)
    received = [first["n"], *[(await redis_layer.receive(sockets[0]))["n"] for _n in range(2)]]
    others = {channel: [(await redis_layer.receive(channel))["n"] for _n in range(3)] for channel in sockets[1:]}

    assert waiting == 50  # the first pop took the next 100 messages (channels_redis's took one)
    assert received == [0, 1, 2]
    assert all(numbers == [0, 1, 2] for numbers in others.values())


async def test_a_cancelled_receive_loses_nothing(redis_layer: BatchedRedisChannelLayer) -> None:
    socket, other = await redis_layer.new_channel(), await redis_layer.new_channel()
    waiting = asyncio.ensure_future(redis_layer.receive(socket))  # blocks in Redis: nothing sent yet
    await asyncio.sleep(0.1)
    waiting.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await waiting
    await redis_layer.send(other, {"type": "beacon.event", "n": 1})
    await redis_layer.send(socket, {"type": "beacon.event", "n": 2})

    assert (await asyncio.wait_for(redis_layer.receive(socket), 5))["n"] == 2
    assert (await asyncio.wait_for(redis_layer.receive(other), 5))["n"] == 1
