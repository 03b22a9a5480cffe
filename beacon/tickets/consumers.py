"""Live ticket events for the portal and the agent workspace.

Customers receive events about their own tickets; staff receive queue events and subscribe to the
ticket they have open. Pages react by re-fetching the affected fragment over HTTP, so access checks
stay in one place (the views).
"""

from __future__ import annotations

import json
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from beacon.core.errors import NotFound
from beacon.tickets.escalation.services import SUPERVISOR_GROUP
from beacon.tickets.selectors import access_ticket
from beacon.tickets.services import STAFF_GROUP, ticket_group, user_group

MAX_FRAME = 1024


class TicketEventsConsumer(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.groups_joined: list[str] = [user_group(user.pk)]
        if user.is_staff_member:
            self.groups_joined.append(STAFF_GROUP)
        if user.is_supervisor:
            self.groups_joined.append(SUPERVISOR_GROUP)  # SLA warnings, breaches, escalations, surge
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is None or len(text_data) > MAX_FRAME:
            await self.send_error("frame_too_large")
            return
        try:
            frame = json.loads(text_data)
        except json.JSONDecodeError:
            await self.send_error("malformed_json")
            return
        if not isinstance(frame, dict) or frame.get("type") != "subscribe":
            await self.send_error("unknown_type")
            return
        ticket_id = frame.get("ticket")
        if not isinstance(ticket_id, int) or not await self._may_see(ticket_id):
            await self.send_error("not_found")
            return
        group = ticket_group(ticket_id)
        if group not in self.groups_joined:
            self.groups_joined.append(group)
            await self.channel_layer.group_add(group, self.channel_name)
        await self.send(text_data=json.dumps({"type": "subscribed", "ticket": ticket_id}))

    @database_sync_to_async
    def _may_see(self, ticket_id: int) -> bool:
        try:
            access_ticket(self.scope["user"], ticket_id)
        except NotFound:
            return False
        return True

    async def send_error(self, code: str) -> None:
        await self.send(text_data=json.dumps({"type": "error", "code": code}))

    async def beacon_event(self, event: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps({"type": event["event"], **event["payload"]}))
