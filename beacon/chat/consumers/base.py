"""What both chat consumers share: frame checks, flood control, error frames, service calls.

A bad frame never closes the socket by itself: the client gets an error frame naming the problem
and the connection keeps serving. Only a client that keeps flooding after being told is closed.
Services run in Django's database thread with the chat's language active, so the texts they write
(system lines, error messages) are in the customer's language.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from asgiref.sync import sync_to_async
from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer
from django.db import connections
from django.utils import translation
from django.utils.translation import gettext as _

from beacon.chat import conf
from beacon.chat.events import Pending, collecting
from beacon.chat.frames import FrameError, TokenBucket, decode
from beacon.chat.groups import customer_group, staff_group
from beacon.chat.services.sessions import save_read_marks
from beacon.core.errors import DomainError
from beacon.core.events import send_events

logger = logging.getLogger("beacon.chat")

T = TypeVar("T")
FLOOD_CLOSE_AFTER = 50  # refused frames before the connection is closed
CLOSE_FLOOD = 4429
# Read receipts reach the other side at once; the chat row learns them at most this much later
# (and when the socket closes), so a receipt for every line costs no database write.
READ_SAVE_DELAY = 2.0


def _in_database_thread[T](function: Callable[[], T]) -> Callable[[], T]:
    """Run `function` keeping the thread's database connection open afterwards.

    Channels' database_sync_to_async closes it after every call when CONN_MAX_AGE is 0 (the
    default): opening an SQLite connection with its PRAGMAs cost more than storing a chat line.
    The connection is dropped only when it broke, and Django's own request handling in the same
    thread still closes it as configured.
    """

    def run() -> T:
        try:
            return function()
        finally:
            for connection in connections.all(initialized_only=True):
                if connection.connection is not None and connection.errors_occurred and not connection.is_usable():
                    connection.close()

    return run


@functools.cache
def _database_executor(threads: int) -> ThreadPoolExecutor | None:
    """The threads chat services run in when there are several (BEACON_CHAT_DATABASE_THREADS).

    One thread per process (Django's default for database work) runs one service at a time: while
    a line waits for PostgreSQL (its commit, a row lock) the next line waits too, so a process
    tops out well below one busy core. With several, each keeps its own connection and the waits
    overlap; the row locks every service takes (the chat's, the ticket's) keep the order of a
    chat's lines, as they do between server processes.
    """
    if threads <= 1:
        return None
    return ThreadPoolExecutor(max_workers=threads, thread_name_prefix="chat-db")


class ChatConsumer(AsyncWebsocketConsumer):
    allowed_types: frozenset[str] = frozenset()
    language = "en"
    staff = False  # an agent console (read receipts are the agent's)

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Channels closes the thread's database connections before every handler, each time with a
        hop to the database thread — for every frame and every event delivered. The chat does not:
        its handlers reach the database only through call(), which keeps the connection healthy."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    def flood_control(self) -> TokenBucket:
        return TokenBucket(rate=conf.frames_per_second(), burst=conf.burst_frames())

    async def connect(self) -> None:
        self.bucket = self.flood_control()
        self.groups_joined: set[str] = set()
        self.closing = False
        self.delivered: dict[str, int] = {}  # chat → the highest sequence number sent to this socket
        self.read_up_to: dict[str, int] = {}  # chat → the last read receipt announced
        self.unsaved_reads: dict[int, int] = {}  # chat pk → read receipt not stored yet
        self.read_timer: asyncio.TimerHandle | None = None

    async def disconnect(self, code: int) -> None:
        if self.read_timer is not None:
            self.read_timer.cancel()
        await self.save_reads()
        for group in list(self.groups_joined):
            await self.channel_layer.group_discard(group, self.channel_name)
        self.groups_joined.clear()

    async def join(self, group: str) -> None:
        if group not in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.add(group)

    async def leave(self, group: str) -> None:
        if group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
            self.groups_joined.discard(group)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.closing:
            return
        if not self.bucket.allow():
            if self.bucket.refused >= FLOOD_CLOSE_AFTER:
                logger.warning("chat: closing a flooding connection (%s)", self.client_label())
                self.closing = True
                await self.close(code=CLOSE_FLOOD)
                return
            await self.send_error("rate_limited", _("You are sending too fast. Wait a moment."))
            return
        try:
            frame = decode(text_data, bytes_data, allowed=self.allowed_types, max_bytes=conf.max_frame_bytes())
        except FrameError as exc:
            logger.info("chat: refused frame (%s) from %s", exc.code, self.client_label())
            await self.send_error(exc.code, exc.detail)
            return
        await self.handle(frame)

    async def handle(self, frame: dict[str, Any]) -> None:
        handler = getattr(self, f"on_{frame['type']}")
        try:
            await handler(frame)
        except FrameError as exc:
            await self.send_error(exc.code, exc.detail, frame)
        except DomainError as exc:
            await self.send_error(exc.code, str(exc.message), frame)
        except Exception:
            logger.exception("chat: %s frame failed", frame["type"])
            await self.send_error("server_error", _("Something went wrong on our side. Please try again."), frame)

    def client_label(self) -> str:
        client = self.scope.get("client") or ("?", 0)
        return f"{client[0]}"

    async def call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a service (or selector) in the database thread, in this chat's language; then send
        the events it committed from here (see beacon.chat.events)."""
        language = self.language

        def run() -> tuple[T | None, list[Pending], Exception | None]:
            with translation.override(language), collecting() as events:
                try:
                    return function(*args, **kwargs), events, None
                except Exception as exc:  # events committed before the failure still go out
                    return None, events, exc

        executor = _database_executor(conf.database_threads())
        if executor is None:  # Django's one database thread of the process
            runner = sync_to_async(_in_database_thread(run), thread_sensitive=True)
        else:
            runner = sync_to_async(_in_database_thread(run), thread_sensitive=False, executor=executor)
        result, events, failure = await runner()
        await self.flush(events)
        if failure is not None:
            raise failure
        return result  # type: ignore[return-value]

    async def flush(self, events: list[Pending]) -> None:
        """Send the events to their groups: over Redis, all of them in two round trips."""
        await send_events(events)

    async def send_json(self, payload: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps(payload, ensure_ascii=False, separators=(",", ":")))

    async def send_error(self, code: str, message: str = "", frame: dict[str, Any] | None = None) -> None:
        payload: dict[str, Any] = {"type": "error", "code": code}
        if message:
            payload["message"] = message
        if frame is not None:
            payload["for"] = frame.get("type")
            if frame.get("client_id") is not None:
                payload["client_id"] = frame.get("client_id")
        await self.send_json(payload)

    # --- read receipts ---------------------------------------------------------------------------

    def saw(self, public_id: str, seq: object) -> None:
        """A line (or a backlog up to `seq`) went out on this socket: it may be marked read."""
        if isinstance(seq, int) and seq > self.delivered.get(public_id, 0):
            self.delivered[public_id] = seq

    async def mark_read(self, session_id: int, public_id: str, seq: int) -> None:
        """Announce a read receipt to the other side now and store it a little later. Receipts
        only move forward, and only up to what this socket was sent."""
        if seq > self.delivered.get(public_id, 0) or seq <= self.read_up_to.get(public_id, 0):
            return
        self.read_up_to[public_id] = seq
        group = customer_group(public_id) if self.staff else staff_group(public_id)
        payload = {"session": public_id, "seq": seq, "by": "agent" if self.staff else "customer"}
        await self.flush([(group, "chat.read", payload)])
        self.unsaved_reads[session_id] = seq
        if self.read_timer is None:
            loop = asyncio.get_running_loop()
            self.read_timer = loop.call_later(READ_SAVE_DELAY, lambda: loop.create_task(self.save_reads()))

    async def save_reads(self) -> None:
        self.read_timer = None
        marks, self.unsaved_reads = self.unsaved_reads, {}
        if marks:
            try:
                await self.call(save_read_marks, marks, by_staff=self.staff)
            except Exception:
                logger.exception("chat: could not store read receipts")

    async def on_ping(self, frame: dict[str, Any]) -> None:
        await self.send_json({"type": "pong"})

    async def beacon_event(self, event: dict[str, Any]) -> None:
        await self.on_event(event["event"], event["payload"])

    async def on_event(self, name: str, payload: dict[str, Any]) -> None:
        raise NotImplementedError
