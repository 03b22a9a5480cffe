"""Periodic work for `manage.py run_periodic` (Django's tasks framework has no scheduler).

Every job is idempotent: running it twice, or from two runners at once, changes nothing twice. A
job that fails is logged and tried again at its next turn; it never stops the others. Other apps can
add jobs with the BEACON_PERIODIC_JOBS setting: a list of ("dotted.path.to.function", seconds).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

DEFAULT_JOBS: list[tuple[str, int]] = [
    ("beacon.tickets.assignment.services.expire_stale_presence", 30),
    ("beacon.tickets.sla.clock.check_deadlines", 30),
    ("beacon.tickets.surge.services.detect_surge", 60),
    ("beacon.tickets.assignment.services.drain_backlog", 30),
    ("beacon.analytics.rollups.refresh_recent", 300),
    ("beacon.analytics.digest.send_daily_digests", 300),
    ("beacon.forum.services.mailing.deliver_due_mail", 60),
    # Also in mail_worker's rounds; here for deployments that read no mailbox (claims are atomic).
    ("beacon.mail.services.retry_due_outbound", 60),
]


@dataclass
class Job:
    path: str
    every: float
    func: Callable[[], Any]
    next_run: float = 0.0


def load_jobs() -> list[Job]:
    configured = getattr(settings, "BEACON_PERIODIC_JOBS", None) or DEFAULT_JOBS
    return [Job(path=path, every=float(every), func=import_string(path)) for path, every in configured]


def run_due(jobs: list[Job], now: float | None = None) -> dict[str, Any]:
    """Run every job whose turn has come; returns {path: result or "error"}."""
    now = time.monotonic() if now is None else now
    results: dict[str, Any] = {}
    for job in jobs:
        if job.next_run > now:
            continue
        job.next_run = now + job.every
        try:
            results[job.path] = job.func()
        except Exception:
            logger.exception("periodic job %s failed", job.path)
            results[job.path] = "error"
    return results
