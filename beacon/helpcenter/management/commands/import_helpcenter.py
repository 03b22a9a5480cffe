"""Create or update categories, articles and FAQs from a JSON or CSV file (all or nothing)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from beacon.core.errors import ValidationFailed
from beacon.helpcenter import transfer
from beacon.helpcenter.services.transfer import import_bundle


class Command(BaseCommand):
    help = "Import articles and FAQs from a JSON or CSV file (see docs/helpcenter.md for the format)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="Path to the file, or - for standard input.")
        parser.add_argument("--format", choices=["json", "csv"], default=None, help="Default: from the file name.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: str = options["file"]
        fmt = options["format"] or ("csv" if path.lower().endswith(".csv") else "json")
        try:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        try:
            report = import_bundle(None, transfer.parse(data, fmt))
        except ValidationFailed as exc:
            lines = [f"  {name}: {' '.join(messages)}" for name, messages in exc.errors.items()]
            raise CommandError("Nothing was imported.\n" + "\n".join(lines)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {report.created} created, {report.updated} updated, {report.unchanged} unchanged; "
                f"{report.categories_created} new categories."
            )
        )
