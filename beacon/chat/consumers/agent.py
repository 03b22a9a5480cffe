"""The agent console's side: /ws/chat/agent/ (staff with two-factor authentication only).

On connect the agent is online and receives `welcome` (the queue they may take, their chats,
their presence). `subscribe` (or `hello` with several chats) replays a chat's lines after a
sequence number; `accept`, `message`, `note`, `transfer`, `end` act on a chat the agent was
allowed to open. Queue changes arrive as `queue` frames, new assignments as `assigned`.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from django.utils.translation import gettext as _

from beacon.accounts.enums import STAFF_ROLES
from beacon.accounts.models import Team, User
from beacon.accounts.selectors import has_totp
from beacon.chat import conf, frames
from beacon.chat.consumers.base import ChatConsumer, logger
from beacon.chat.groups import AGENTS_GROUP, agent_group, customer_group, staff_group
from beacon.chat.models import ChatSession
from beacon.chat.payloads import entry_payload, session_payload
from beacon.chat.selectors import (
    access_chat_session,
    active_sessions_of,
    chat_presence_of,
    entries_since,
    queue_for,
)
from beacon.chat.services import conversation, queue
from beacon.chat.services import sessions as session_services
from beacon.core.errors import NotFound

CLOSE_UNAUTHORISED = 4401
CLOSE_FORBIDDEN = 4403
HEARTBEAT_WRITE = 20.0  # seconds between presence writes


def console_state(agent: User) -> dict[str, Any]:
    presence = chat_presence_of(agent)
    return {
        "type": "welcome",
        "agent": {"name": agent.label, "agent_id": agent.public_id, "supervisor": agent.is_supervisor},
        "presence": {"status": presence.status, "capacity": presence.capacity},
        "queue": [session_payload(s, staff=True) for s in queue_for(agent)],
        "mine": [session_payload(s, staff=True) for s in active_sessions_of(agent)],
    }


def history(agent: User, public_id: str, last_seq: int) -> tuple[ChatSession, dict[str, Any]]:
    session = access_chat_session(agent, public_id)
    entries = entries_since(session, last_seq, staff=True)
    return session, {
        "type": "history",
        "session": session.public_id,
        "state": session_payload(session, staff=True),
        "entries": [entry_payload(e, session.public_id, staff=True) for e in entries],
    }


def team_slugs(agent: User) -> set[str]:
    return set(agent.teams.values_list("slug", flat=True))


def transfer_target(frame: dict[str, Any]) -> tuple[User | None, Team | None]:
    agent_id, team_slug = frame.get("agent"), frame.get("team")
    if isinstance(agent_id, str) and agent_id:
        target = User.objects.filter(public_id=agent_id, role__in=STAFF_ROLES, is_active=True).first()
        if target is None:
            raise NotFound(_("No such agent."))
        return target, None
    if isinstance(team_slug, str) and team_slug:
        team = Team.objects.filter(slug=team_slug).first()
        if team is None:
            raise NotFound(_("No such team."))
        return None, team
    raise frames.FrameError("invalid_frame", "give agent (agent ID) or team (slug)")


class AgentChatConsumer(ChatConsumer):
    allowed_types = frames.AGENT_TYPES
    staff = True

    def flood_control(self) -> frames.TokenBucket:
        return frames.TokenBucket(rate=conf.agent_frames_per_second(), burst=conf.agent_burst_frames())

    async def connect(self) -> None:
        await super().connect()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close(code=CLOSE_UNAUTHORISED)
            return
        if not user.is_staff_member or not await self.call(has_totp, user):
            logger.warning("chat: console refused for user %s (not staff with 2FA)", user.pk)
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.agent: User = user
        self.language = user.language
        self.sessions: dict[str, int] = {}
        self.teams = await self.call(team_slugs, user)
        self.last_beat = time.monotonic()
        await self.accept()
        await self.join(AGENTS_GROUP)
        await self.join(agent_group(user.pk))
        await self.call(queue.agent_connected, user)
        self.connected = True
        await self.send_json(await self.call(console_state, user))

    async def disconnect(self, code: int) -> None:
        if getattr(self, "connected", False):
            self.connected = False
            await self.call(queue.agent_disconnected, self.agent)
        await super().disconnect(code)

    def pk_of(self, frame: dict[str, Any]) -> int:
        public_id = frames.string(frame, "session", max_chars=32)
        if public_id not in self.sessions:
            raise NotFound(_("Open the chat first."))
        return self.sessions[public_id]

    async def subscribe(self, public_id: str, last_seq: int) -> None:
        session, payload = await self.call(history, self.agent, public_id, last_seq)
        self.sessions[session.public_id] = session.pk
        await self.join(staff_group(session.public_id))
        self.saw(session.public_id, payload["state"]["last_seq"])
        await self.send_json(payload)

    # --- frames ------------------------------------------------------------------------------------

    async def on_hello(self, frame: dict[str, Any]) -> None:
        wanted = frame.get("sessions") or {}
        if not isinstance(wanted, dict) or len(wanted) > 50:
            raise frames.FrameError("invalid_frame", "sessions maps chat ids to the last sequence number seen")
        for public_id, last_seq in wanted.items():
            if not isinstance(last_seq, int) or isinstance(last_seq, bool):
                raise frames.FrameError("invalid_frame", "sequence numbers are whole numbers")
            try:
                await self.subscribe(public_id, last_seq)
            except NotFound:
                await self.send_json({"type": "released", "session": public_id})

    async def on_subscribe(self, frame: dict[str, Any]) -> None:
        await self.subscribe(
            frames.string(frame, "session", max_chars=32), frames.integer(frame, "last_seq", default=0)
        )

    async def on_unsubscribe(self, frame: dict[str, Any]) -> None:
        public_id = frames.string(frame, "session", max_chars=32)
        self.sessions.pop(public_id, None)
        await self.leave(staff_group(public_id))

    async def on_accept(self, frame: dict[str, Any]) -> None:
        public_id = frames.string(frame, "session", max_chars=32)
        session = await self.call(access_chat_session, self.agent, public_id)
        await self.call(queue.accept_chat, self.agent, session.pk)
        await self.subscribe(public_id, frames.integer(frame, "last_seq", default=0))

    async def on_message(self, frame: dict[str, Any]) -> None:
        await self._post(frame, internal=False)

    async def on_note(self, frame: dict[str, Any]) -> None:
        await self._post(frame, internal=True)

    async def _post(self, frame: dict[str, Any], *, internal: bool) -> None:
        session_id = self.pk_of(frame)
        body = frames.text(frame, "body", max_chars=conf.max_body_chars())
        client_key = frames.client_key(frame)
        posted = await self.call(
            conversation.post_agent_message, self.agent, session_id, body, internal=internal, client_key=client_key
        )
        await self.send_json(
            {
                "type": "ack",
                "session": frame["session"],
                "client_id": client_key,
                "seq": posted.entry.seq,
                "duplicate": not posted.created,
            }
        )

    async def on_typing(self, frame: dict[str, Any]) -> None:
        self.pk_of(frame)
        public_id = frame["session"]
        await self.channel_layer.group_send(
            customer_group(public_id),
            {
                "type": "chat.typing",
                "session": public_id,
                "who": "agent",
                "active": frames.boolean(frame, "active"),
                "sender": self.channel_name,
            },
        )

    async def on_read(self, frame: dict[str, Any]) -> None:
        session_id = self.pk_of(frame)
        await self.mark_read(session_id, frame["session"], frames.integer(frame, "seq"))

    async def on_transfer(self, frame: dict[str, Any]) -> None:
        session_id = self.pk_of(frame)
        to_agent, to_team = await self.call(transfer_target, frame)
        await self.call(queue.transfer_chat, self.agent, session_id, to_agent=to_agent, to_team=to_team)

    async def on_end(self, frame: dict[str, Any]) -> None:
        await self.call(session_services.end_chat, self.agent, self.pk_of(frame), by_staff=True)

    async def on_presence(self, frame: dict[str, Any]) -> None:
        capacity = frames.optional_integer(frame, "capacity")
        presence = await self.call(
            queue.set_presence, self.agent, frames.string(frame, "status", max_chars=16), capacity
        )
        await self.send_json({"type": "presence", "status": presence.status, "capacity": presence.capacity})

    async def on_ping(self, frame: dict[str, Any]) -> None:
        if time.monotonic() - self.last_beat > HEARTBEAT_WRITE:
            self.last_beat = time.monotonic()
            await self.call(queue.touch_presence, self.agent)
        await self.send_json({"type": "pong"})

    # --- events from the channel layer ----------------------------------------------------------

    async def on_event(self, name: str, payload: dict[str, Any]) -> None:
        kind = name.removeprefix("chat.")
        if kind == "queue":
            visible = [s for s in payload["queue"] if self._may_take(s)]
            await self.send_json({"type": "queue", "queue": visible})
        elif kind == "assigned":
            with contextlib.suppress(NotFound):
                await self.subscribe(payload["session"], 0)
            await self.send_json({"type": "assigned", **payload})
        elif kind == "released":
            if not self.agent.is_supervisor:
                self.sessions.pop(payload["session"], None)
                await self.leave(staff_group(payload["session"]))
            await self.send_json({"type": "released", **payload})
        elif kind in {"message", "status", "read", "rated"}:
            if kind == "message":
                self.saw(payload["session"], payload["seq"])
            await self.send_json({"type": kind, **payload})

    def _may_take(self, session: dict[str, Any]) -> bool:
        return self.agent.is_supervisor or session.get("team") is None or session.get("team") in self.teams

    async def chat_typing(self, event: dict[str, Any]) -> None:
        if event.get("sender") != self.channel_name:
            with contextlib.suppress(Exception):
                await self.send_json(
                    {"type": "typing", "session": event["session"], "who": event["who"], "active": event["active"]}
                )
