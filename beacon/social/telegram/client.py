"""A thin, synchronous client for the five Bot API methods Beacon uses. No ORM, no settings.

Why not python-telegram-bot or aiogram: both are asyncio frameworks with their own dispatcher and
update loop; Beacon's services are synchronous Django code and need only getUpdates, setWebhook,
deleteWebhook, sendMessage and getFile (plus the file download). A 100-line httpx client keeps the
adapter testable against a local HTTP server and adds no framework to the deployment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

MAX_FILE_BYTES = 20 * 1024 * 1024  # the Bot API will not serve larger files to bots
MAX_MESSAGE = 4096  # characters per sendMessage


class TelegramError(Exception):
    """Telegram answered, but refused the call (bad token, chat not found, blocked by the user…)."""

    def __init__(self, message: str, *, status: int = 0, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after

    @property
    def is_temporary(self) -> bool:
        return self.status == 429 or self.status >= 500


class TelegramUnavailable(TelegramError):
    """Telegram could not be reached or failed (network, timeout, 5xx): try again later."""

    @property
    def is_temporary(self) -> bool:
        return True


@dataclass(frozen=True)
class TelegramClient:
    token: str
    base_url: str = "https://api.telegram.org"
    timeout: float = 15.0

    def _call(self, method: str, payload: dict[str, Any], *, timeout: float | None = None) -> Any:
        url = f"{self.base_url}/bot{self.token}/{method}"
        try:
            response = httpx.post(url, json=payload, timeout=timeout or self.timeout)
        except httpx.HTTPError as exc:
            raise TelegramUnavailable(f"{method}: {type(exc).__name__}") from exc
        try:
            body = response.json()
        except ValueError:
            raise TelegramUnavailable(f"{method}: HTTP {response.status_code}", status=response.status_code) from None
        if response.status_code >= 500:
            raise TelegramUnavailable(f"{method}: HTTP {response.status_code}", status=response.status_code)
        if not isinstance(body, dict) or not body.get("ok"):
            description = body.get("description", "error") if isinstance(body, dict) else "error"
            retry_after = (body.get("parameters") or {}).get("retry_after") if isinstance(body, dict) else None
            raise TelegramError(f"{method}: {description}", status=response.status_code, retry_after=retry_after)
        return body.get("result")

    def get_updates(self, offset: int | None = None, timeout: int = 25) -> list[dict[str, Any]]:
        payload: dict[str, Any] = {"timeout": timeout, "allowed_updates": ["message"]}
        if offset is not None:
            payload["offset"] = offset
        result = self._call("getUpdates", payload, timeout=timeout + 10)
        return list(result or [])

    def set_webhook(self, url: str, secret_token: str) -> bool:
        payload = {"url": url, "secret_token": secret_token, "allowed_updates": ["message"]}
        return bool(self._call("setWebhook", payload))

    def delete_webhook(self) -> bool:
        return bool(self._call("deleteWebhook", {}))

    def send_message(self, chat_id: int, text: str) -> int:
        """Send plain text (no parse mode: nothing in it is interpreted). Returns the message id."""
        result = self._call("sendMessage", {"chat_id": chat_id, "text": text[:MAX_MESSAGE]})
        return int(result["message_id"])

    def download_file(self, file_id: str) -> tuple[str, bytes]:
        """getFile, then the download. Returns (file_path, bytes)."""
        info = self._call("getFile", {"file_id": file_id})
        path = str(info.get("file_path", ""))
        if not path or int(info.get("file_size") or 0) > MAX_FILE_BYTES:
            raise TelegramError("getFile: file too large or unavailable")
        try:
            response = httpx.get(f"{self.base_url}/file/bot{self.token}/{path}", timeout=self.timeout)
        except httpx.HTTPError as exc:
            raise TelegramUnavailable(f"file download: {type(exc).__name__}") from exc
        if response.status_code != 200:
            raise TelegramUnavailable(f"file download: HTTP {response.status_code}", status=response.status_code)
        return path, response.content[: MAX_FILE_BYTES + 1]
