"""The live wall's websocket: a fresh snapshot on connect, after ticket or chat-queue events (a
burst of them gives one refresh), and every few seconds regardless, so the screen stays right even
when an event was missed or the channel layer is per process (the embedded profile)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings

from beacon.analytics.selectors import wall_snapshot
from beacon.chat.groups import AGENTS_GROUP
from beacon.tickets.services import STAFF_GROUP

DEBOUNCE_SECONDS = 1.0


def refresh_seconds() -> float:
    return float(getattr(settings, "BEACON_WALL_REFRESH_SECONDS", 10))


class WallConsumer(AsyncJsonWebsocketConsumer):
    groups_joined: list[str]
    ticker: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        if not user.is_supervisor:
            await self.close(code=4403)
            return
        self.groups_joined = [STAFF_GROUP, AGENTS_GROUP]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        self.changed = asyncio.Event()
        await self.accept()
        await self.push()
        self.ticker = asyncio.create_task(self.tick())

    async def disconnect(self, code: int) -> None:
        if self.ticker is not None:
            self.ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.ticker
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def tick(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), timeout=refresh_seconds())
                await asyncio.sleep(DEBOUNCE_SECONDS)
            self.changed.clear()
            await self.push()

    async def push(self) -> None:
        snapshot = await database_sync_to_async(wall_snapshot)()
        await self.send_json({"type": "wall", **snapshot})

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        await self.send_json({"type": "error", "code": "read_only"})

    async def beacon_event(self, event: dict[str, Any]) -> None:
        self.changed.set()
