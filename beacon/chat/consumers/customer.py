"""The customer's side of a chat (the widget and the portal's chat page): /ws/chat/.

The first frame is `hello` (identity and/or resume token, last sequence number seen); the server
answers `welcome` (chat state and a resume token) and replays every line after that number.
Each `message` is acknowledged with `ack` (its sequence number) once committed; the line itself
then arrives as a `message` frame like everyone else's.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any
from urllib.parse import urlencode

from asgiref.sync import sync_to_async
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from beacon.bot.answering.answer import BotAnswer, answer_question
from beacon.chat import conf, frames
from beacon.chat.consumers.base import ChatConsumer, logger
from beacon.chat.enums import SessionStatus
from beacon.chat.groups import customer_group, staff_group
from beacon.chat.models import ChatSession
from beacon.chat.origin import is_site_origin
from beacon.chat.payloads import entry_payload, session_payload
from beacon.chat.selectors import entries_since, entry_with_relations, queue_slots, sessions
from beacon.chat.services import conversation, identity, queue, transcripts
from beacon.chat.services import sessions as session_services
from beacon.chat.tokens import resume_token, transcript_token
from beacon.trust.advice import advice_for, marker
from beacon.trust.scanners.secrets import scan_secrets

HELLO_TIMEOUT = 15
CLOSE_PROTOCOL = 4400
CLOSE_IDENTITY = 4401
CLOSE_FORBIDDEN = 4403


def welcome_state(session_id: int, last_seq: int) -> dict[str, Any]:
    session = sessions().get(pk=session_id)
    entries = entries_since(session, last_seq, staff=False)
    state: dict[str, Any] = {
        "type": "welcome",
        "resume": resume_token(session.public_id),
        **session_payload(session, staff=False),
        "missed": len(entries),
    }
    if session.status == SessionStatus.QUEUED:
        slot = next((s for s in queue_slots() if s.public_id == session.public_id), None)
        if slot is not None:
            state["queue"] = {"position": slot.position, "wait_seconds": slot.wait_seconds}
    state["entries"] = [entry_payload(e, session.public_id, staff=False) for e in entries]
    return state


def answer_outside_the_database_thread(question: str, language: str) -> BotAnswer:
    """The assistant's answer (milliseconds of CPU, so not in the database thread). The search
    opens a database connection in whatever worker thread runs it: closed here, not left open
    for as long as that thread lives."""
    try:
        return answer_question(question, language)
    finally:
        connection.close()


def question_of(entry_id: int) -> str:
    entry = entry_with_relations(entry_id)
    return entry.message.body if entry.message is not None else entry.body


class CustomerChatConsumer(ChatConsumer):
    allowed_types = frames.CUSTOMER_TYPES

    async def connect(self) -> None:
        await super().connect()
        self.session: ChatSession | None = None
        self.same_site = is_site_origin(self.scope)
        await self.accept()
        self.hello_timer = asyncio.get_running_loop().call_later(HELLO_TIMEOUT, self._no_hello)

    @property
    def chat(self) -> ChatSession:
        if self.session is None:
            raise frames.FrameError("hello_first")
        return self.session

    def _no_hello(self) -> None:
        if self.session is None and not self.closing:
            self.closing = True
            asyncio.ensure_future(self.close(code=CLOSE_PROTOCOL))  # noqa: RUF006 - the loop keeps it

    async def disconnect(self, code: int) -> None:
        self.hello_timer.cancel()
        await super().disconnect(code)

    async def handle(self, frame: dict[str, Any]) -> None:
        if self.session is None and frame["type"] not in {"hello", "ping"}:
            await self.send_error("hello_first", _("Send hello first."), frame)
            return
        await super().handle(frame)

    # --- frames ------------------------------------------------------------------------------------

    async def on_hello(self, frame: dict[str, Any]) -> None:
        if self.session is not None:
            raise frames.FrameError("invalid_frame", "hello was already sent")
        identity_token = frame.get("identity") if isinstance(frame.get("identity"), str) else None
        resume = frame.get("resume") if isinstance(frame.get("resume"), str) else None
        last_seq = frames.integer(frame, "last_seq", default=0)
        self.language = session_services.chat_language(frame.get("language"))
        page = frame.get("page") if isinstance(frame.get("page"), str) else ""
        user = self.scope.get("user")
        portal_user = user if self.same_site and user is not None and user.is_authenticated else None
        try:
            session = await self.call(
                session_services.open_session,
                portal_user=portal_user,
                identity_token=identity_token,
                resume=resume,
                new=frame.get("new") is True,
                language=self.language,
                page_url=page,
            )
        except identity.IdentityRejected as exc:
            await self._refuse(exc.code, str(exc.message), CLOSE_IDENTITY)
            return
        except session_services.ResumeRefused as exc:
            await self._refuse(exc.code, str(exc.message), CLOSE_FORBIDDEN)
            return
        self.session = session
        self.hello_timer.cancel()
        self.language = session.language
        await self.join(customer_group(session.public_id))
        # Joined before reading the backlog: a line committed in between arrives twice at worst,
        # and clients drop sequence numbers they already have.
        welcome = await self.call(welcome_state, session.pk, last_seq)
        self.saw(session.public_id, welcome["last_seq"])
        await self.send_json(welcome)

    async def _refuse(self, code: str, message: str, close_code: int) -> None:
        logger.warning("chat: hello refused (%s) from %s", code, self.client_label())
        await self.send_error(code, message, {"type": "hello"})
        self.closing = True
        await self.close(code=close_code)

    async def on_message(self, frame: dict[str, Any]) -> None:
        body = frames.text(frame, "body", max_chars=conf.max_body_chars(), required=False)
        client_key = frames.client_key(frame)
        uploads = frames.keys(frame, "attachments")
        posted = await self.call(
            conversation.post_customer_message, self.chat.pk, body, client_key=client_key, upload_keys=uploads
        )
        await self.send_json(
            {"type": "ack", "client_id": client_key, "seq": posted.entry.seq, "duplicate": not posted.created}
        )
        if posted.created and posted.ask_bot:
            question = await self.call(question_of, posted.entry.pk)
            answer = await sync_to_async(answer_outside_the_database_thread, thread_sensitive=False)(
                question, self.language
            )
            await self.call(conversation.post_bot_answer, self.chat.pk, answer)

    async def on_typing(self, frame: dict[str, Any]) -> None:
        active = frames.boolean(frame, "active")
        await self.channel_layer.group_send(
            staff_group(self.chat.public_id),
            {
                "type": "chat.typing",
                "session": self.chat.public_id,
                "who": "customer",
                "active": active,
                "sender": self.channel_name,
            },
        )

    async def on_read(self, frame: dict[str, Any]) -> None:
        await self.mark_read(self.chat.pk, self.chat.public_id, frames.integer(frame, "seq"))

    async def on_precheck(self, frame: dict[str, Any]) -> None:
        """Warn before sending: which kinds of secret the text contains (never the text itself),
        and the marker each would be replaced with."""
        body = frames.text(frame, "body", max_chars=conf.max_body_chars(), required=False)
        findings = await sync_to_async(scan_secrets, thread_sensitive=False)(body)
        kinds = sorted({f.kind for f in findings if f.redactable})
        with translation.override(self.language):
            markers = [marker(kind) for kind in kinds]
            advice = advice_for(set(kinds)) if kinds else []
        await self.send_json(
            {"type": "precheck", "kinds": [str(k) for k in kinds], "markers": markers, "advice": advice}
        )

    async def on_handover(self, frame: dict[str, Any]) -> None:
        await self.call(queue.request_hand_over, self.chat.pk)

    async def on_verify_email(self, frame: dict[str, Any]) -> None:
        email = frames.text(frame, "email", max_chars=254)
        await self.call(identity.request_email_code, self.chat.pk, email)
        await self.send_json({"type": "verification", "state": "code_sent", "email": email})

    async def on_verify_code(self, frame: dict[str, Any]) -> None:
        code = frames.text(frame, "code", max_chars=12)
        await self.call(identity.confirm_email_code, self.chat.pk, code)
        await self.send_json({"type": "verification", "state": "verified"})

    async def on_feedback(self, frame: dict[str, Any]) -> None:
        await self.call(
            session_services.record_bot_feedback,
            self.chat.pk,
            frames.integer(frame, "seq"),
            frames.boolean(frame, "helpful"),
        )

    async def on_end(self, frame: dict[str, Any]) -> None:
        await self.call(session_services.end_chat, None, self.chat.pk, by_staff=False)

    async def on_csat(self, frame: dict[str, Any]) -> None:
        comment = frames.text(frame, "comment", max_chars=1000, required=False)
        await self.call(session_services.rate_chat, self.chat.pk, frames.integer(frame, "rating"), comment)
        await self.send_json({"type": "csat", "state": "thanks", "message": _("Thank you for your feedback.")})

    async def on_transcript(self, frame: dict[str, Any]) -> None:
        url = f"{reverse('chat:transcript')}?{urlencode({'t': transcript_token(self.chat.public_id)})}"
        await self.send_json({"type": "transcript", "url": url})

    async def on_transcript_mail(self, frame: dict[str, Any]) -> None:
        mail = await self.call(transcripts.request_transcript_mail, self.chat.pk)
        await self.send_json({"type": "transcript", "state": "mail_queued", "email": mail.to_address})

    async def on_continue_as_ticket(self, frame: dict[str, Any]) -> None:
        await self.call(queue.continue_as_ticket, self.chat.pk)

    # --- events from the channel layer ----------------------------------------------------------

    async def on_event(self, name: str, payload: dict[str, Any]) -> None:
        kind = name.removeprefix("chat.")
        if kind == "message":
            self.saw(payload["session"], payload["seq"])
        if kind in {"message", "status", "queue", "read"}:
            await self.send_json({"type": kind, **payload})

    async def chat_typing(self, event: dict[str, Any]) -> None:
        if event.get("sender") != self.channel_name:
            with contextlib.suppress(Exception):
                await self.send_json({"type": "typing", "who": event["who"], "active": event["active"]})
