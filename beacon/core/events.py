"""Real-time events: published to the channel layer only after the transaction commits."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

Event = tuple[str, str, dict[str, Any]]
_collected: ContextVar[list[Event] | None] = ContextVar("beacon_events_collected", default=None)


@contextmanager
def collecting_events() -> Iterator[list[Event]]:
    """Collect the events committed inside the block (in commit order) instead of sending them.

    For code that already runs next to an event loop (a websocket consumer calling a service in
    the database thread): it sends the collected events from the loop itself, which saves a hop
    from the database thread back to the loop for every commit.
    """
    events: list[Event] = []
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


def publish_many(messages: Sequence[tuple[str, str, dict[str, Any]]]) -> None:
    """Several events after commit in one trip to the channel layer (one event loop hop, not N)."""
    messages = list(messages)
    collected = _collected.get()
    if collected is not None:
        transaction.on_commit(lambda: collected.extend(messages), robust=True)
        return

    async def send_all() -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        for group, event, payload in messages:
            try:
                await layer.group_send(group, {"type": "beacon.event", "event": event, "payload": payload})
            except Exception:
                logger.exception("could not publish %s to %s", event, group)

    transaction.on_commit(async_to_sync(send_all), robust=True)
