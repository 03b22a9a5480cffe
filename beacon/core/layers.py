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


# Move the backed-up messages of an interrupted receive back to the channel (as channels_redis
# does before every pop), then pop up to ARGV[1] messages, keeping them in the backup until they
# are in memory: a receive cancelled while this runs loses nothing.
_POP_BATCH = """
local backed_up = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
for i = #backed_up, 1, -2 do
    redis.call('ZADD', KEYS[1], backed_up[i], backed_up[i - 1])
end
redis.call('DEL', KEYS[2])
local popped = redis.call('ZPOPMIN', KEYS[1], tonumber(ARGV[1]))
for i = 1, #popped, 2 do
    redis.call('ZADD', KEYS[2], popped[i + 1], popped[i])
end
return popped
"""


class BatchedRedisChannelLayer(RedisChannelLayer):
    """channels_redis's layer, receiving a process's messages in batches.

    All the websockets of a server process share one Redis sorted set (the process's channel), and
    channels_redis pops it one message at a time, in four sequential round trips (restore the
    backup, blocking pop, back up, drop the backup): under load the deliveries of a process queue
    behind each other. Here one script pops every waiting message (up to `receive_batch`) in one
    round trip and the process hands them out from memory; the blocking pop is used only when
    nothing waits. Ordering, the backup against cancelled receives, and the rest of
    channels_redis's receive (one receiving coroutine at a time per process) are unchanged.
    """

    receive_batch = 100

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._popped: deque[bytes] = deque()

    async def receive_single(self, channel: str) -> tuple[str, dict[str, Any]]:
        if "!" not in channel:  # a plain channel: channels_redis's way
            return await super().receive_single(channel)
        # Only the coroutine holding channels_redis's receive lock gets here: the batch is its.
        if not self._popped:
            await self._pop_batch(channel)
        message = self.deserialize(self._popped.popleft())
        return message.pop("__asgi_channel__", channel), message

    async def _pop_batch(self, channel: str) -> None:
        index = self.consistent_hash(channel)
        channel_key = self.prefix + channel
        backup = self._backup_channel_name(channel_key)
        connection = self.connection(index)
        await self.receive_clean_locks.acquire(channel_key)
        try:
            popped = await connection.eval(_POP_BATCH, 2, channel_key, backup, self.receive_batch)
            while not popped:
                result = await connection.bzpopmin(channel_key, timeout=self.brpop_timeout)
                if result is not None:
                    _key, member, score = result
                    await connection.zadd(backup, {member: float(score)})
                    popped = [member, score]
            self._popped.extend(popped[0::2])
        except BaseException:
            self.receive_clean_locks.release(channel_key)
            raise
        # In memory now: the backup can go (channels_redis's cleaner task, the same lock).
        cleaner = asyncio.ensure_future(connection.delete(backup))
        self.receive_cleaners.append(cleaner)

        def cleaned(task: asyncio.Future[Any]) -> None:
            self.receive_cleaners.remove(task)
            self.receive_clean_locks.release(channel_key)

        cleaner.add_done_callback(cleaned)
