"""Long polling: the alternative to the webhook when Beacon cannot be reached from the internet."""

from __future__ import annotations

import logging

from beacon.social.services.outbox import retry_due
from beacon.social.services.telegram import handle_update
from beacon.social.telegram.client import TelegramClient, TelegramError

logger = logging.getLogger(__name__)


def poll_once(client: TelegramClient, offset: int | None, *, timeout: int = 25) -> int | None:
    """Fetch and handle one batch; returns the next offset. An update that fails stops the batch and
    is fetched again next time (Telegram keeps it until a later offset confirms it)."""
    try:
        updates = client.get_updates(offset, timeout=timeout)
    except TelegramError as exc:
        logger.warning("getUpdates failed: %s", exc)
        return offset
    for update in updates:
        try:
            handle_update(update, client)
        except Exception:
            logger.exception("Telegram update %s failed; it will be retried", update.get("update_id"))
            return int(update["update_id"])
        offset = int(update["update_id"]) + 1
    retry_due(client=client)
    return offset
