"""`manage.py ingest_email < message.eml`: the MTA pipe (Postfix/Exim alias or transport).

Exit status follows sysexits.h so the MTA does the right thing: 0 when the mail is stored or
recorded, 75 (EX_TEMPFAIL) when it should be delivered again later, 65 (EX_DATAERR) when it is too
large. With --maildir it imports every message of a Maildir instead (migration, replay).
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from beacon.mail import conf
from beacon.mail.enums import InboundSource, InboundStatus
from beacon.mail.maildir import read_maildir
from beacon.mail.services import BATCH_SIZE, Delivery, IngestResult, ingest_batch, ingest_mail, without_acknowledgements

EX_DATAERR = 65
EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "Read one e-mail (RFC 5322) from standard input and feed it to Beacon."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--maildir", help="Import every message of this Maildir instead of standard input.")
        parser.add_argument(
            "--acknowledge",
            action="store_true",
            help="With --maildir: mail an acknowledgement for each new ticket (off: an import is old mail).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["maildir"]:
            if options["acknowledge"]:
                self._maildir(options["maildir"])
            else:
                with without_acknowledgements():
                    self._maildir(options["maildir"])
            return
        raw = sys.stdin.buffer.read(conf.max_message_bytes() + 1)
        if not raw.strip():
            raise CommandError("No message on standard input.")
        result = ingest_mail(raw, source=InboundSource.PIPE)
        self.stdout.write(f"{result.status} {result.inbound.message_id if result.inbound else ''}".strip())
        if result.status == InboundStatus.FAILED and not result.gave_up:
            sys.exit(EX_TEMPFAIL)
        if len(raw) > conf.max_message_bytes():
            sys.exit(EX_DATAERR)

    def _maildir(self, path: str) -> None:
        counts: dict[str, int] = {}
        batch: list[Delivery] = []
        for raw in read_maildir(path):
            batch.append(Delivery(raw, InboundSource.FILE))
            if len(batch) >= BATCH_SIZE:
                self._count(ingest_batch(batch), counts)
                batch = []
        self._count(ingest_batch(batch), counts)
        self.stdout.write(", ".join(f"{status}: {n}" for status, n in sorted(counts.items())))

    def _count(self, results: list[IngestResult], counts: dict[str, int]) -> None:
        for result in results:
            counts[str(result.status)] = counts.get(str(result.status), 0) + 1
