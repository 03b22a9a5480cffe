"""Train the ticket category classifier from a labelled CSV and/or the operator's solved tickets."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from beacon.bot import selectors
from beacon.bot.classifier.datasets import SEED_MODEL_FILE, parse_labelled_csv, seed_digest, seed_examples
from beacon.bot.classifier.training import Example, TrainingDataError, check_examples, train
from beacon.bot.services import train_triage_model
from beacon.tickets.selectors import active_categories


class Command(BaseCommand):
    help = (
        "Train the category classifier (see docs/triage.md). Sources: --csv FILE (columns text,category; "
        "repeatable), --tickets (solved and closed tickets), plus the built-in seed examples unless --no-seed."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--csv", action="append", default=[], metavar="FILE", help="Labelled CSV, or - for stdin.")
        parser.add_argument("--tickets", action="store_true", help="Learn from solved and closed tickets.")
        parser.add_argument("--no-seed", action="store_true", help="Leave out the built-in bilingual examples.")
        parser.add_argument("--dry-run", action="store_true", help="Check the data and stop before training.")
        parser.add_argument(
            "--build-seed-model",
            action="store_true",
            help="Developers: rebuild the seed model shipped with Beacon from the seed examples.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["build_seed_model"]:
            self._build_seed_model()
            return
        if not options["csv"] and not options["tickets"]:
            raise CommandError("Name at least one source: --csv FILE and/or --tickets.")
        known = set(active_categories().values_list("slug", flat=True))
        examples: list[Example] = []
        sources: dict[str, int] = {}
        for path in options["csv"]:
            found = self._csv(path, known)
            examples += found
            sources[f"csv:{Path(path).name}"] = len(found)
            self.stdout.write(f"{path}: {len(found)} examples")
        if options["tickets"]:
            found = selectors.solved_ticket_examples()
            examples += found
            sources["tickets"] = len(found)
            self.stdout.write(f"Solved tickets: {len(found)} examples")
        if not options["no_seed"]:
            found = seed_examples(known)
            examples += found
            sources["seed"] = len(found)
            self.stdout.write(f"Built-in seed examples: {len(found)}")
        try:
            counts = check_examples(examples)
        except TrainingDataError as exc:
            raise CommandError(self._problems("Not enough data to train:", exc)) from exc
        self._summary(counts, known)
        if options["dry_run"]:
            self.stdout.write(self.style.SUCCESS("Dry run: the data is usable; nothing was trained."))
            return
        started = time.monotonic()
        model = train_triage_model(None, examples, sources, progress=self._progress)
        report = model.report
        self.stdout.write(
            self.style.SUCCESS(
                f"Model v{model.version} is active: {report['examples']} examples, {len(model.categories)} "
                f"categories, trained in {time.monotonic() - started:.0f} s.\n"
                f"Held-out accuracy ({report['calibration']}): {report['calibration_accuracy']:.1%}; "
                f"out-of-scope below confidence {report['threshold']:.2f} "
                f"({report['in_scope_loss']:.1%} of held-out in-scope examples)."
            )
        )

    def _build_seed_model(self) -> None:
        classifier, report = train(seed_examples(), progress=self._progress)
        classifier.meta["seed_sha256"] = seed_digest()
        SEED_MODEL_FILE.write_bytes(classifier.to_bytes())
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {SEED_MODEL_FILE} ({report.examples} examples; held-out accuracy "
                f"{report.calibration_accuracy:.1%})."
            )
        )

    def _csv(self, path: str, known: set[str]) -> list[Example]:
        try:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        try:
            return parse_labelled_csv(data, known)
        except TrainingDataError as exc:
            raise CommandError(self._problems(f"{path}: nothing was trained.", exc)) from exc

    def _summary(self, counts: Counter[str], known: set[str]) -> None:
        self.stdout.write("Examples per category:")
        for slug, count in sorted(counts.items()):
            self.stdout.write(f"  {slug:<24}{count:>6}")
        missing = sorted(known - set(counts))
        if missing:
            self.stdout.write(
                self.style.WARNING(f"No examples for {', '.join(missing)}: the model will never suggest them.")
            )

    def _progress(self, stage: str, done: int, total: int) -> None:
        self.stdout.write(f"  {stage}: {done}/{total}", ending="\n" if done == total or stage != "embedding" else "\r")
        self.stdout.flush()

    @staticmethod
    def _problems(title: str, exc: TrainingDataError) -> str:
        return "\n".join([title, *(f"  {problem}" for problem in exc.problems)])
