"""`manage.py mail_worker`: polls every active IMAP mailbox and retries failed outbound mail,
every --interval seconds, until stopped (SIGTERM/SIGINT finish the current mail first). Between
rounds it waits with IMAP IDLE where the servers support it, so new mail is read at once."""

from __future__ import annotations

import signal
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from beacon.mail.imap import poll_all, wait_for_new_mail
from beacon.mail.models import Mailbox
from beacon.mail.services import retry_due_outbound


class Command(BaseCommand):
    help = "Poll IMAP mailboxes and retry outbound mail, periodically."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--interval", type=float, default=30.0, help="Seconds between rounds (default 30).")
        parser.add_argument("--once", action="store_true", help="Run one round and exit (cron, tests).")
        parser.add_argument("--batch", type=int, default=500, help="At most this many mails per mailbox per round.")
        parser.add_argument(
            "--no-idle",
            dest="idle",
            action="store_false",
            help="Do not wait with IMAP IDLE between rounds; only poll every --interval seconds.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stopping = False
        self.verbose = options["verbosity"] > 1 or options["once"]
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        while True:
            self._round(options["batch"])
            if options["once"] or self.stopping:
                return
            self._wait(options["interval"], options["idle"])
            if self.stopping:
                return
            close_old_connections()  # a long-lived process: drop connections the database closed

    def _round(self, batch: int) -> None:
        for report in poll_all(limit=batch):
            # Quiet rounds print nothing: the worker runs every few seconds next to the web server.
            outcome = ", ".join(f"{k}: {v}" for k, v in sorted(report.outcomes.items()))
            if report.error or outcome or self.verbose:
                self.stdout.write(f"{report.mailbox}: {report.error or outcome or 'no new mail'}")
        retried = retry_due_outbound()
        if retried:
            self.stdout.write(f"outbound: {retried} retried")

    def _wait(self, interval: float, idle: bool) -> None:
        """Until the next round: IMAP IDLE on the active mailboxes (a new mail starts the round at
        once), else a plain sleep. Outbound retries wait for the next round either way."""
        if idle:
            mailboxes = list(Mailbox.objects.filter(is_active=True))
            announced = wait_for_new_mail(mailboxes, interval, should_stop=lambda: self.stopping) if mailboxes else None
            if announced is not None:
                return
        deadline = time.monotonic() + interval
        while time.monotonic() < deadline and not self.stopping:
            time.sleep(0.2)

    def _stop(self, signum: int, frame: object) -> None:
        self.stopping = True
