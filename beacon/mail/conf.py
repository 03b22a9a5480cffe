"""E-mail channel settings, each overridable in settings.py (documented in docs/mail.md)."""

from __future__ import annotations

import functools
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings


def max_message_bytes() -> int:
    """Larger mail is recorded as rejected and not read (a 30 MB attachment is ~41 MB encoded)."""
    return int(getattr(settings, "BEACON_MAIL_MAX_BYTES", 50 * 1024 * 1024))


def rate_limit() -> tuple[int, timedelta]:
    """At most N mails per sender are turned into tickets or replies within the window."""
    count = int(getattr(settings, "BEACON_MAIL_RATE_LIMIT", 30))
    window = timedelta(seconds=int(getattr(settings, "BEACON_MAIL_RATE_WINDOW", 3600)))
    return count, window


def max_inbound_attempts() -> int:
    return int(getattr(settings, "BEACON_MAIL_MAX_ATTEMPTS", 5))


def outbound_retry_delays() -> list[int]:
    """Seconds to wait before each retry of a failed send; after the last one the mail is failed."""
    return list(getattr(settings, "BEACON_MAIL_RETRY_DELAYS", [60, 300, 1800, 7200, 21600]))


def from_address() -> str:
    return str(getattr(settings, "BEACON_MAIL_FROM", settings.DEFAULT_FROM_EMAIL))


def message_id_domain() -> str:
    domain = getattr(settings, "BEACON_MAIL_DOMAIN", "")
    if domain:
        return str(domain)
    return parseaddr(from_address())[1].rpartition("@")[2] or "beacon.localhost"


def own_addresses() -> frozenset[str]:
    """Addresses Beacon sends from: mail from them is a loop, never a ticket (checked for every mail)."""
    return _addresses_in(from_address(), settings.DEFAULT_FROM_EMAIL)


@functools.lru_cache(maxsize=8)
def _addresses_in(*headers: str) -> frozenset[str]:
    return frozenset(address for header in headers if (address := parseaddr(header)[1].lower()))


def listener_recipients() -> list[str]:
    """Addresses or @domains the SMTP listener accepts mail for; empty accepts any recipient."""
    return [a.lower() for a in getattr(settings, "BEACON_MAIL_LISTENER_RECIPIENTS", [])]
