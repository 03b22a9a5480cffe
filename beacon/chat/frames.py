"""Chat wire format (pure): JSON objects with a "type", checked before anything else happens.

Every problem is a FrameError whose `code` goes back to the client in an error frame:
frame_too_large, malformed_json, unknown_type, invalid_frame.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

CUSTOMER_TYPES = frozenset(
    {
        "hello",
        "message",
        "typing",
        "read",
        "precheck",
        "handover",
        "verify_email",
        "verify_code",
        "feedback",
        "end",
        "csat",
        "transcript",
        "transcript_mail",
        "continue_as_ticket",
        "ping",
    }
)
AGENT_TYPES = frozenset(
    {
        "hello",
        "presence",
        "accept",
        "message",
        "note",
        "typing",
        "read",
        "transfer",
        "end",
        "subscribe",
        "unsubscribe",
        "ping",
    }
)
_CLIENT_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
MAX_ATTACHMENTS = 5


class FrameError(Exception):
    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def decode(text: str | None, data: bytes | None, *, allowed: frozenset[str], max_bytes: int) -> dict[str, Any]:
    """The frame as a dict with a known "type", or FrameError."""
    if text is None:
        raise FrameError("invalid_frame", "binary frames are not accepted")
    if len(text) > max_bytes or len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise FrameError("frame_too_large")
    try:
        frame = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise FrameError("malformed_json") from None
    if not isinstance(frame, dict):
        raise FrameError("invalid_frame", "a frame is a JSON object")
    if frame.get("type") not in allowed:
        raise FrameError("unknown_type")
    return frame


def text(frame: dict[str, Any], name: str, *, max_chars: int, required: bool = True) -> str:
    value = frame.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise FrameError("invalid_frame", f"{name} must be a string")
    value = value.replace("\r\n", "\n").strip()
    if required and not value:
        raise FrameError("invalid_frame", f"{name} is required")
    if len(value) > max_chars:
        raise FrameError("frame_too_large", f"{name} is longer than {max_chars} characters")
    return value


def integer(frame: dict[str, Any], name: str, *, default: int | None = None, minimum: int = 0) -> int:
    value = frame.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise FrameError("invalid_frame", f"{name} must be a whole number")
    return value


def optional_integer(frame: dict[str, Any], name: str) -> int | None:
    return None if frame.get(name) is None else integer(frame, name)


def client_key(frame: dict[str, Any]) -> str | None:
    value = frame.get("client_id")
    if value is None:
        return None
    if not isinstance(value, str) or not _CLIENT_KEY.match(value):
        raise FrameError("invalid_frame", "client_id must be 8-64 letters, digits, '-', '_', '.', ':'")
    return value


def keys(frame: dict[str, Any], name: str) -> list[str]:
    value = frame.get(name) or []
    if not isinstance(value, list) or len(value) > MAX_ATTACHMENTS or not all(isinstance(v, str) for v in value):
        raise FrameError("invalid_frame", f"{name} must be a list of at most {MAX_ATTACHMENTS} upload keys")
    return [v[:32] for v in value]


def boolean(frame: dict[str, Any], name: str) -> bool:
    value = frame.get(name)
    if not isinstance(value, bool):
        raise FrameError("invalid_frame", f"{name} must be true or false")
    return value


def string(frame: dict[str, Any], name: str, *, max_chars: int = 64) -> str:
    value = frame.get(name)
    if not isinstance(value, str) or not value or len(value) > max_chars:
        raise FrameError("invalid_frame", f"{name} is required")
    return value


@dataclass
class TokenBucket:
    """Per-connection flood control: `rate` frames a second on average, bursts up to `burst`."""

    rate: float
    burst: int
    tokens: float = field(init=False)
    updated: float = field(default_factory=time.monotonic)
    refused: int = 0

    def __post_init__(self) -> None:
        self.tokens = float(self.burst)

    def allow(self, cost: float = 1.0) -> bool:
        now = time.monotonic()
        self.tokens = min(float(self.burst), self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= cost:
            self.tokens -= cost
            return True
        self.refused += 1
        return False
