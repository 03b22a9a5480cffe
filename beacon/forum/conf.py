"""Forum settings, each overridable in settings.py (documented in docs/forum.md)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings


def mail_batch_window() -> timedelta:
    """At most one notification e-mail per thread and person within this window; replies that
    come meanwhile are gathered into the next mail."""
    return timedelta(minutes=int(getattr(settings, "BEACON_FORUM_MAIL_BATCH_MINUTES", 15)))


def edit_window() -> timedelta:
    """How long members may edit their own posts (moderators: always)."""
    return timedelta(hours=int(getattr(settings, "BEACON_FORUM_EDIT_HOURS", 24)))


def live_poll_seconds() -> int:
    """How often an open thread page asks for new replies."""
    return int(getattr(settings, "BEACON_FORUM_POLL_SECONDS", 10))
