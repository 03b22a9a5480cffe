"""Publishing chat events after commit.

`publish_chat()` is `beacon.core.events.publish()` for the chat, with one shortcut: when a chat
consumer runs a service (`collecting()` around the call), the committed events are handed back to
the consumer, which sends them on the event loop itself — no hop from the database thread back to
the loop for every event, which is what keeps latency flat under load. Anywhere else (views,
tasks, tests calling services directly) they are published exactly like every other event.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import transaction

from beacon.core.events import publish

Event = tuple[str, str, dict[str, Any]]
_collected: ContextVar[list[Event] | None] = ContextVar("beacon_chat_events", default=None)


def publish_chat(group: str, event: str, payload: dict[str, Any]) -> None:
    collected = _collected.get()
    if collected is None:
        publish(group, event, payload)
        return
    transaction.on_commit(lambda: collected.append((group, event, payload)), robust=True)


@contextmanager
def collecting() -> Iterator[list[Event]]:
    """Collect the events committed inside the block (in commit order) instead of sending them."""
    events: list[Event] = []
    token = _collected.set(events)
    try:
        yield events
    finally:
        _collected.reset(token)


def as_message(event: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The channel-layer message a consumer's beacon_event handler receives."""
    return {"type": "beacon.event", "event": event, "payload": payload}
