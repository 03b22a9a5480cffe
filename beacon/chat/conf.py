"""Live-chat settings, each overridable in settings.py (documented in docs/chat.md)."""

from __future__ import annotations

from django.conf import settings


def identity_secret() -> str:
    return str(getattr(settings, "BEACON_CHAT_IDENTITY_SECRET", ""))


def identity_max_age() -> int:
    """Seconds a signed identity stays valid after its issue time."""
    return int(getattr(settings, "BEACON_CHAT_IDENTITY_MAX_AGE", 300))


def allowed_origins() -> list[str]:
    return [origin.rstrip("/").lower() for origin in getattr(settings, "BEACON_CHAT_ALLOWED_ORIGINS", [])]


def hours() -> str:
    return str(getattr(settings, "BEACON_CHAT_HOURS", ""))


def time_zone() -> str:
    return str(getattr(settings, "BEACON_CHAT_TIME_ZONE", "UTC"))


def database_threads() -> int:
    """Threads per process that run chat services (PostgreSQL; always 1 on SQLite, whose writers
    would wait on each other's file lock)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        return 1
    return max(1, int(getattr(settings, "BEACON_CHAT_DATABASE_THREADS", 1)))


def default_capacity() -> int:
    return int(getattr(settings, "BEACON_CHAT_AGENT_CAPACITY", 3))


def resume_max_age() -> int:
    """Seconds a widget may reconnect to its chat with the token it was given."""
    return int(getattr(settings, "BEACON_CHAT_RESUME_MAX_AGE", 12 * 3600))


def max_frame_bytes() -> int:
    return int(getattr(settings, "BEACON_CHAT_MAX_FRAME", 32 * 1024))


def max_body_chars() -> int:
    return int(getattr(settings, "BEACON_CHAT_MAX_BODY", 5000))


def frames_per_second() -> float:
    """Sustained frames a connection may send; `burst_frames` more are allowed in a burst."""
    return float(getattr(settings, "BEACON_CHAT_RATE", 5.0))


def burst_frames() -> int:
    return int(getattr(settings, "BEACON_CHAT_BURST", 20))


def agent_frames_per_second() -> float:
    """An agent console answers several chats at once: it may send more."""
    return float(getattr(settings, "BEACON_CHAT_AGENT_RATE", 20.0))


def agent_burst_frames() -> int:
    return int(getattr(settings, "BEACON_CHAT_AGENT_BURST", 60))


def presence_timeout() -> int:
    """An agent whose console has not been heard from for this many seconds counts as offline."""
    return int(getattr(settings, "BEACON_CHAT_PRESENCE_TIMEOUT", 90))


def default_handle_seconds() -> int:
    """Assumed length of a chat until there are finished chats to measure."""
    return int(getattr(settings, "BEACON_CHAT_DEFAULT_HANDLE_SECONDS", 360))
