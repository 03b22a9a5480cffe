"""Beacon's channel layers.

One server process (no REDIS_URL): channels' in-memory layer, swept for expired messages and
memberships at most once a second instead of on every send and receive. Several (REDIS_URL):
channels_redis's layer, receiving a process's messages in batches.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from typing import Any

from channels.layers import InMemoryChannelLayer
from channels_redis.core import RedisChannelLayer


class SweptInMemoryChannelLayer(InMemoryChannelLayer):
    """Channels' layer walks every channel and every group on each group_send and receive to drop
    expired messages (after 60 s) and memberships (after a day). With 2,000 open chat widgets —
    2,000 groups — that walk was half the CPU of the embedded chat: a line is several sends and
    receives. Once a second drops them as surely; a message may outlive its expiry by that second.
    """

    sweep_every = 1.0  # seconds
    _swept_at = float("-inf")

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._swept_at >= self.sweep_every:
            self._swept_at = now
            super()._clean_expired()


class BatchedRedisChannelLayer(RedisChannelLayer):
    """channels_redis's layer, receiving a process's messages in batches.

    All the websockets of a server process share one Redis sorted set (the process's channel), and
    channels_redis pops it one message at a time, in four sequential round trips (restore the backup
    of an interrupted receive, blocking pop, back the message up, drop the backup): under load a
    process's deliveries queue behind each other, and each round trip costs CPU. Here one blocking
    pop (BZMPOP, Redis 7) takes every waiting message, up to `receive_batch`, and the process hands
    them out from memory. The pop runs in a task of its own that a cancelled receive does not
    interrupt (it only stops waiting for it), so nothing popped is lost and no backup is needed.
    Ordering and the rest of channels_redis's receive (one coroutine at a time receives for the
    process, a buffer per socket) are unchanged.
    """

    receive_batch = 100

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._popped: deque[bytes] = deque()
        self._popping: asyncio.Task[None] | None = None

    async def receive_single(self, channel: str) -> tuple[str, dict[str, Any]]:
        if "!" not in channel:  # a plain channel: channels_redis's way
            return await super().receive_single(channel)
        # Only the coroutine holding channels_redis's receive lock gets here.
        while not self._popped:
            task = self._popping
            if task is None or task.done() or task.get_loop() is not asyncio.get_running_loop():
                task = self._popping = asyncio.ensure_future(self._pop(channel))
                task.add_done_callback(_retrieve)
            await asyncio.shield(task)
        message = self.deserialize(self._popped.popleft())
        return message.pop("__asgi_channel__", channel), message

    async def _pop(self, channel: str) -> None:
        connection = self.connection(self.consistent_hash(channel))
        key = self.prefix + channel
        while True:
            result = await connection.bzmpop(self.brpop_timeout, 1, [key], min=True, count=self.receive_batch)
            if result:
                _key, popped = result
                self._popped.extend(member for member, _score in popped)
                return

    async def flush(self) -> None:
        if self._popping is not None:
            self._popping.cancel()
            self._popping = None
        self._popped.clear()
        await super().flush()


def _retrieve(task: asyncio.Task[None]) -> None:
    """A failed pop is raised to the receive waiting for it; with none waiting, it is not logged."""
    if not task.cancelled():
        task.exception()
