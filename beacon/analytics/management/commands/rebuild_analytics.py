"""Recompute the analytics rollups from the tickets, chats and searches (backfill, or after a fix)."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from beacon.analytics import rollups


class Command(BaseCommand):
    help = (
        "Recompute the analytics rollups, a window of days at a time, with progress. Without options "
        "everything since the first ticket; safe to run while Beacon is in use."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", help="First day to recompute (YYYY-MM-DD, in the site's time zone).")
        parser.add_argument("--days", type=int, help="Recompute only the last N days.")
        parser.add_argument("--step-days", type=int, default=31, help="Days per window (default 31).")

    def handle(self, *args: Any, **options: Any) -> None:
        since = self._since(options)
        started = time.perf_counter()

        def progress(start: datetime, end: datetime, written: dict[str, int]) -> None:
            rows = ", ".join(f"{name} {count}" for name, count in written.items())
            self.stdout.write(
                f"  {start:%Y-%m-%d %H:%M} → {end:%Y-%m-%d %H:%M}  rows: {rows}  "
                f"({time.perf_counter() - started:.1f} s)"
            )

        windows = rollups.rebuild(since, step_days=max(1, options["step_days"]), progress=progress)
        if not windows:
            self.stdout.write("Nothing to recompute: no tickets, chats or searches yet.")
            return
        self.stdout.write(
            self.style.SUCCESS(f"Rollups recomputed in {windows} window(s), {time.perf_counter() - started:.1f} s.")
        )

    def _since(self, options: dict[str, Any]) -> datetime | None:
        if options.get("days"):
            return rollups.day_start(rollups.local_day(datetime.now().astimezone()) - timedelta(days=options["days"]))
        if options.get("since"):
            try:
                return rollups.day_start(date.fromisoformat(options["since"]))
            except ValueError:
                raise CommandError("--since takes a date such as 2026-01-31.") from None
        return None
