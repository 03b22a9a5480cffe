"""A local stand-in for the Telegram Bot API: the few methods Beacon uses, on 127.0.0.1.

Tests queue updates and files, read what the bot sent, and can take the "API" down to play an outage.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "123456:TEST-token"


@dataclass
class BotApiState:
    updates: list[dict[str, Any]] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # file_id → (path, bytes)
    webhook: dict[str, Any] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    down: bool = False
    next_message_id: int = 100


class FakeTelegram:
    def __init__(self) -> None:
        self.state = BotApiState()
        state = self.state

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def _reply(self, status: int, body: Any, raw: bytes | None = None) -> None:
                data = raw if raw is not None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/octet-stream" if raw is not None else "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                prefix = f"/file/bot{TOKEN}/"
                if state.down:
                    return self._reply(502, {"ok": False})
                for path, data in state.files.values():
                    if self.path == prefix + path:
                        return self._reply(200, None, raw=data)
                return self._reply(404, {"ok": False, "description": "Not Found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                payload = json.loads(self.rfile.read(length) or b"{}")
                if not self.path.startswith(f"/bot{TOKEN}/"):
                    return self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                method = self.path.rsplit("/", 1)[1]
                state.calls.append(method)
                if state.down:
                    return self._reply(502, {"ok": False, "description": "Bad Gateway"})
                if method == "getUpdates":
                    offset = payload.get("offset")
                    if offset is not None:
                        state.updates[:] = [u for u in state.updates if u["update_id"] >= offset]
                    return self._reply(200, {"ok": True, "result": list(state.updates)})
                if method == "setWebhook":
                    state.webhook = payload
                    return self._reply(200, {"ok": True, "result": True})
                if method == "deleteWebhook":
                    state.webhook = {}
                    return self._reply(200, {"ok": True, "result": True})
                if method == "sendMessage":
                    state.next_message_id += 1
                    state.sent.append({**payload, "message_id": state.next_message_id})
                    return self._reply(200, {"ok": True, "result": {"message_id": state.next_message_id}})
                if method == "getFile":
                    found = state.files.get(payload.get("file_id", ""))
                    if found is None:
                        return self._reply(400, {"ok": False, "description": "Bad Request: invalid file_id"})
                    path, data = found
                    result = {"file_id": payload["file_id"], "file_path": path, "file_size": len(data)}
                    return self._reply(200, {"ok": True, "result": result})
                return self._reply(404, {"ok": False, "description": "Not Found: method not found"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeTelegram:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def texts_to(self, chat_id: int) -> list[str]:
        return [m["text"] for m in self.state.sent if m["chat_id"] == chat_id]


def text_update(update_id: int, text: str, *, chat_id: int = 555, username: str = "satoshi") -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1700000000,
            "chat": {"id": chat_id, "type": "private", "username": username},
            "from": {
                "id": chat_id,
                "is_bot": False,
                "first_name": "Satoshi",
                "username": username,
                "language_code": "en",
            },
            "text": text,
        },
    }


def photo_update(update_id: int, file_id: str, caption: str = "", *, chat_id: int = 555) -> dict[str, Any]:
    update = text_update(update_id, "", chat_id=chat_id)
    message = update["message"]
    del message["text"]
    message["photo"] = [
        {"file_id": f"{file_id}-small", "file_unique_id": "s", "width": 90, "height": 60},
        {"file_id": file_id, "file_unique_id": "big", "width": 300, "height": 200},
    ]
    if caption:
        message["caption"] = caption
    return update
