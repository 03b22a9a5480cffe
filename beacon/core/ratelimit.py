"""Fixed-window rate limits kept in the cache (per process in the embedded profile, shared over Redis)."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def hit(key: str, limit: int, window_seconds: int) -> bool:
    """Count one use of `key`; True while the caller is within `limit` uses per window."""
    cache_key = f"ratelimit:{key}"
    if cache.add(cache_key, 1, window_seconds):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, window_seconds)
        return True
    return count <= limit
