"""Write every category, article and FAQ as JSON or CSV (to a file or standard output)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from beacon.helpcenter import selectors, transfer


class Command(BaseCommand):
    help = "Export the help center's articles and FAQs as JSON or CSV."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--format", choices=["json", "csv"], default=None, help="Default: from the file name, else json."
        )
        parser.add_argument("-o", "--output", default="-", help="File to write (default: standard output).")
        parser.add_argument("--published-only", action="store_true", help="Leave out drafts and archived articles.")

    def handle(self, *args: Any, **options: Any) -> None:
        output: str = options["output"]
        fmt = options["format"] or ("csv" if output.lower().endswith(".csv") else "json")
        bundle = selectors.export_bundle(published_only=options["published_only"])
        content = transfer.to_csv(bundle) if fmt == "csv" else transfer.to_json(bundle)
        if output == "-":
            self.stdout.write(content, ending="" if content.endswith("\n") else "\n")
            return
        Path(output).write_text(content, encoding="utf-8")
        self.stderr.write(
            self.style.SUCCESS(
                f"Wrote {len(bundle['articles'])} articles and {len(bundle['categories'])} categories to {output}."
            )
        )
