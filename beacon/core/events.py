"""Real-time events: published to the channel layer only after the transaction commits."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def publish(group: str, event: str, payload: dict[str, Any]) -> None:
    """Send `event` to every websocket in `group` once the current transaction has committed.

    Outside a transaction it is sent at once. A failure to publish is logged, never raised: the
    state change it reports has already been committed.
    """
    publish_many([(group, event, payload)])


def publish_many(messages: Sequence[tuple[str, str, dict[str, Any]]]) -> None:
    """Several events after commit in one trip to the channel layer (one event loop hop, not N)."""
    messages = list(messages)

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
