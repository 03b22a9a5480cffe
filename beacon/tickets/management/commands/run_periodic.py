"""Run Beacon's periodic work: SLA warnings and breaches, surge detection, stale presence, backlog."""

from __future__ import annotations

import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from beacon.tickets.periodic import load_jobs, run_due


class Command(BaseCommand):
    help = (
        "Run periodic jobs in a loop (SLA checks, surge detection, presence time-outs, backlog draining). "
        "Start it next to db_worker; `--once` runs every job once (for cron)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")
        parser.add_argument("--tick", type=float, default=5.0, help="Seconds between checks for due jobs.")

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = load_jobs()
        if options["once"]:
            for path, result in run_due(jobs).items():
                self.stdout.write(f"{path}: {result}")
            return
        self.running = True

        def stop(signum: int, frame: FrameType | None) -> None:
            self.running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"run_periodic: {len(jobs)} jobs, checking every {options['tick']:g}s")
        while self.running:
            close_old_connections()  # a long-lived process must not keep a broken or expired connection
            run_due(jobs)
            deadline = time.monotonic() + options["tick"]
            while self.running and time.monotonic() < deadline:
                time.sleep(0.2)
