"""Telegram updates → plain data. Pure: no ORM, no network."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class IncomingFile:
    file_id: str
    name: str


@dataclass(frozen=True)
class IncomingMessage:
    update_id: int
    chat_id: int
    user_id: int
    username: str
    first_name: str
    language: str
    text: str
    files: list[IncomingFile] = field(default_factory=list)

    @property
    def command(self) -> str:
        """ "/start", "/agent"… (without a @botname suffix), or ""."""
        if not self.text.startswith("/"):
            return ""
        return self.text.split()[0].split("@")[0].lower()


def parse_update(update: dict[str, Any]) -> IncomingMessage | None:
    """A private text/photo/document message, or None for anything Beacon does not handle (edits,
    group chats, channel posts, stickers…)."""
    message = update.get("message")
    if not isinstance(message, dict):
        return None
    chat = message.get("chat") or {}
    sender = message.get("from") or {}
    if chat.get("type") != "private" or sender.get("is_bot"):
        return None
    files: list[IncomingFile] = []
    photos = message.get("photo") or []
    if photos:
        # Telegram sends several sizes of one photo; the last is the largest.
        largest = photos[-1]
        files.append(IncomingFile(str(largest["file_id"]), f"photo-{largest.get('file_unique_id', 'telegram')}.jpg"))
    document = message.get("document")
    if isinstance(document, dict) and document.get("file_id"):
        files.append(IncomingFile(str(document["file_id"]), str(document.get("file_name") or "file")))
    text = str(message.get("text") or message.get("caption") or "")
    if not text and not files:
        return None
    language = str(sender.get("language_code") or "en")
    return IncomingMessage(
        update_id=int(update["update_id"]),
        chat_id=int(chat["id"]),
        user_id=int(sender.get("id") or chat["id"]),
        username=str(sender.get("username") or "")[:64],
        first_name=str(sender.get("first_name") or "")[:128],
        language="zh-hans" if language.startswith("zh") else "en",
        text=text,
        files=files,
    )
