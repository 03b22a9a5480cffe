"""Rebuild the help center's search index from the published content."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection

from beacon.helpcenter.indexing import rebuild


class Command(BaseCommand):
    help = "Re-index every published article, FAQ and announcement (safe to run at any time)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", type=int, default=500, help="Documents written per batch (default 500).")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        self.stdout.write(f"Re-indexing the help center ({connection.vendor} full-text search)…")

        def progress(done: int, total: int) -> None:
            percent = 100 * done // total if total else 100
            self.stdout.write(f"\r  {done}/{total} documents ({percent}%)", ending="")
            self.stdout.flush()

        done = rebuild(progress=progress, batch=max(1, options["batch"]))
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Indexed {done} documents in {time.monotonic() - started:.1f} s."))
