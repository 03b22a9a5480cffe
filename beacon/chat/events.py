"""Publishing chat events after commit.

`publish_chat()` is `beacon.core.events.publish()`. When a chat consumer runs a service
(`collecting()` around the call), the events committed inside it — the chat's own and those other
apps publish, such as the ticket's "message added" — are handed back to the consumer, which sends
them on the event loop itself: no hop from the database thread back to the loop for every commit,
which is what keeps latency flat under load. Anywhere else (views, tasks, tests calling services
directly) they are published exactly like every other event.
"""

from __future__ import annotations

from typing import Any

from beacon.core.events import Pending, publish
from beacon.core.events import collecting_events as collecting

__all__ = ["Pending", "collecting", "publish_chat"]


def publish_chat(group: str, event: str, payload: dict[str, Any]) -> None:
    publish(group, event, payload)
