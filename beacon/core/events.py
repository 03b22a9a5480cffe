"""Real-time events: published to the channel layer only after the transaction commits."""

from __future__ import annotations

import logging
import time
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import BaseChannelLayer, get_channel_layer
from channels_redis.core import RedisChannelLayer
from django.db import transaction

logger = logging.getLogger(__name__)

Event = tuple[str, str, dict[str, Any]]


@dataclass(frozen=True)
class OnChange:
    """An event sent only if the state it reports differs from the last one sent under `key`
    (publish_on_change). `version` orders states: an older one never replaces a newer one."""

    event: Event
    key: str
    version: float
    state: str
    always: bool = False


Pending = Event | OnChange
PUBLISHED_TTL = 24 * 3600  # seconds the last state sent under a key is remembered
_collected: ContextVar[list[Pending] | None] = ContextVar("beacon_events_collected", default=None)


@contextmanager
def collecting_events() -> Iterator[list[Pending]]:
    """Collect the events committed inside the block (in commit order) instead of sending them.

    For code that already runs next to an event loop (a websocket consumer calling a service in
    the database thread): it sends the collected events from the loop itself (send_events), which
    saves a hop from the database thread back to the loop for every commit.
    """
    events: list[Pending] = []
    token = _collected.set(events)
    try:
        yield events
    finally:
        _collected.reset(token)


def publish(group: str, event: str, payload: dict[str, Any]) -> None:
    """Send `event` to every websocket in `group` once the current transaction has committed.

    Outside a transaction it is sent at once. A failure to publish is logged, never raised: the
    state change it reports has already been committed.
    """
    publish_many([(group, event, payload)])


def publish_many(messages: Sequence[Pending]) -> None:
    """Several events after commit in one trip to the channel layer (one event loop hop, not N)."""
    messages = list(messages)
    collected = _collected.get()
    if collected is not None:
        transaction.on_commit(lambda: collected.extend(messages), robust=True)
        return
    transaction.on_commit(lambda: async_to_sync(send_events)(messages), robust=True)


def publish_on_change(
    group: str,
    event: str,
    payload: dict[str, Any],
    *,
    key: str,
    state: Callable[[], tuple[float, str] | None],
    always: bool = False,
) -> None:
    """publish(), unless the last event sent under `key` reported the same state.

    For events many pages react to although most change nothing those pages show. `state()` is
    read after commit: the state and its version, or None (unknown: publish). The last state sent
    is remembered next to the channel layer (in Redis, shared by the server processes, for a day)
    and compared in the same round trips that send the batch. `always`: publish, and remember.
    """

    def after_commit() -> None:
        current = state()
        if current is None:
            publish(group, event, payload)
        else:
            publish_many([OnChange((group, event, payload), key, current[0], current[1], always)])

    transaction.on_commit(after_commit, robust=True)


async def send_events(events: Sequence[Pending], layer: BaseChannelLayer | None = None) -> None:
    """Send events to their groups now; each group receives its events in the order given.

    On channels_redis all of them cost two round trips to Redis (its group_send costs two for each
    group, and two more for each group somebody listens to). A failure is logged, never raised.
    `layer`: the default channel layer unless given.
    """
    layer = layer or get_channel_layer()
    if layer is None or not events:
        return
    try:
        if isinstance(layer, RedisChannelLayer):
            await _send_over_redis(layer, events)
        else:
            await _send_one_by_one(layer, events)
    except Exception:
        sent = (e.event if isinstance(e, OnChange) else e for e in events)
        logger.exception("could not publish %s", ", ".join(sorted({f"{e} to {g}" for g, e, _p in sent})))


def as_message(event: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The channel-layer message a consumer's beacon_event handler receives."""
    return {"type": "beacon.event", "event": event, "payload": payload}


# The last state sent under each key, for layers without Redis (one process).
_published_here: weakref.WeakKeyDictionary[BaseChannelLayer, dict[str, tuple[float, str]]] = weakref.WeakKeyDictionary()


def _is_new(pending: OnChange, last: tuple[float, str] | None) -> bool:
    return pending.always or last is None or last[1] != pending.state


def _replaces(pending: OnChange, last: tuple[float, str] | None) -> bool:
    return last is None or pending.version >= last[0]


async def _send_one_by_one(layer: BaseChannelLayer, events: Sequence[Pending]) -> None:
    published = _published_here.setdefault(layer, {})
    for pending in events:
        if isinstance(pending, OnChange):
            last = published.get(pending.key)
            if not _is_new(pending, last):
                continue
            if _replaces(pending, last):
                if len(published) >= 100_000:
                    published.clear()  # forgetting only means publishing again
                published[pending.key] = (pending.version, pending.state)
            pending = pending.event
        group, event, payload = pending
        await layer.group_send(group, as_message(event, payload))


# What channels_redis's group_send does for one group, for every message of a batch: drop expired
# messages, then add the message unless the channel is full. Scores grow with the position in the
# batch, so a channel that gets several messages receives them in order (its consumer pops the
# lowest score first).
_DELIVER = """
local now = tonumber(ARGV[#ARGV - 1])
local expiry = tonumber(ARGV[#ARGV])
local count = #KEYS
local over_capacity = 0
for i = 1, count do
    redis.call('ZREMRANGEBYSCORE', KEYS[i], 0, math.floor(now) - expiry)
    if redis.call('ZCOUNT', KEYS[i], '-inf', '+inf') < tonumber(ARGV[count + i]) then
        redis.call('ZADD', KEYS[i], now + i / 100000, ARGV[i])
        redis.call('EXPIRE', KEYS[i], expiry)
    else
        over_capacity = over_capacity + 1
    end
end
return over_capacity
"""


async def _send_over_redis(layer: RedisChannelLayer, events: Sequence[Pending]) -> None:
    """channels_redis's group_send for a whole batch: the members of every group (and the states
    last sent, for OnChange events) in one pipeline, then every message in one script per Redis
    host, with the states sent."""
    conditional = {e.key: e for e in events if isinstance(e, OnChange)}
    groups = dict.fromkeys((e.event if isinstance(e, OnChange) else e)[0] for e in events)
    groups_by_host: dict[int, list[str]] = defaultdict(list)
    for group in groups:
        layer.require_valid_group_name(group)  # raises on a bad name
        groups_by_host[layer.consistent_hash(group)].append(group)
    states_host = 0  # the states live with the first host
    members: dict[str, list[str]] = {}
    last_sent: dict[str, tuple[float, str] | None] = {}
    expired = int(time.time()) - layer.group_expiry
    for host in {*groups_by_host, *([states_host] if conditional else [])}:
        pipe = layer.connection(host).pipeline(transaction=False)
        for group in groups_by_host.get(host, []):
            key = layer._group_key(group)
            pipe.zremrangebyscore(key, min=0, max=expired)
            pipe.zrange(key, 0, -1)
        if host == states_host:
            for key in conditional:
                pipe.get(_state_key(layer, key))
        results = await pipe.execute()
        on_host = groups_by_host.get(host, [])
        for group, channels in zip(on_host, results[1 : 2 * len(on_host) : 2], strict=True):
            members[group] = [channel.decode() for channel in channels]
        if host == states_host:
            for key, raw in zip(conditional, results[2 * len(on_host) :], strict=True):
                last_sent[key] = _decode_state(raw)

    deliveries: dict[int, list[tuple[str, bytes, int]]] = defaultdict(list)
    remember: list[OnChange] = []
    for pending in events:
        if isinstance(pending, OnChange):
            last = last_sent[pending.key]
            if not _is_new(pending, last):
                continue
            if _replaces(pending, last):
                remember.append(pending)
                last_sent[pending.key] = (pending.version, pending.state)
            pending = pending.event
        group, event, payload = pending
        if not members[group]:
            continue
        keys_by_host, messages, capacities = layer._map_channel_keys_to_connection(
            members[group], as_message(event, payload)
        )
        for host, keys in keys_by_host.items():
            deliveries[host].extend((key, messages[key], capacities[key]) for key in keys)
    for host in {*deliveries, *([states_host] if remember else [])}:
        pipe = layer.connection(host).pipeline(transaction=False)
        batch = deliveries.get(host, [])
        if batch:
            pipe.eval(
                _DELIVER,
                len(batch),
                *(key for key, _message, _capacity in batch),
                *(message for _key, message, _capacity in batch),
                *(capacity for _key, _message, capacity in batch),
                time.time(),
                layer.expiry,
            )
        if host == states_host:
            for pending in remember:
                pipe.set(_state_key(layer, pending.key), f"{pending.version}|{pending.state}", ex=PUBLISHED_TTL)
        results = await pipe.execute()
        if batch and results[0]:
            logger.info("%s of %s messages not delivered: channels over capacity", results[0], len(batch))


def _state_key(layer: RedisChannelLayer, key: str) -> str:
    return f"{layer.prefix}:published:{key}"


def _decode_state(raw: bytes | None) -> tuple[float, str] | None:
    if raw is None:
        return None
    version, _bar, state = raw.decode().partition("|")
    return float(version), state
