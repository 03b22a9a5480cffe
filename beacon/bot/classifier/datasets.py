"""Labelled examples from a CSV file (`text,category`) and the built-in bilingual seed examples."""

from __future__ import annotations

import csv
import functools
import hashlib
import io
from collections.abc import Collection
from pathlib import Path

from django.utils.translation import gettext as _

from beacon.bot.classifier.training import Example, TrainingDataError

SEED_FILE = Path(__file__).with_name("seed_examples.csv")
# The model trained from SEED_FILE, shipped so a fresh install classifies at once (rebuild it with
# `manage.py train_triage --build-seed-model` whenever the seed examples or the features change).
SEED_MODEL_FILE = Path(__file__).with_name("seed_model.npz")
MAX_TEXT_CHARS = 5_000
MAX_PROBLEMS = 20  # a broken file gets its first problems listed, not ten thousand lines of them


def parse_labelled_csv(data: bytes, known_categories: Collection[str]) -> list[Example]:
    """Parse a UTF-8 CSV with a header row naming the columns `text` and `category` (in any order;
    other columns are ignored). Every problem is reported with its line number; nothing is partly
    accepted."""
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TrainingDataError(
            [_("The file is not UTF-8 text (byte %(position)d).") % {"position": exc.start}]
        ) from exc
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    problems: list[str] = []
    examples: list[Example] = []
    try:
        header = [column.strip().lower() for column in next(reader, [])]
        if "text" not in header or "category" not in header:
            raise TrainingDataError([_("The first line must name the columns: text,category.")])
        text_at, category_at = header.index("text"), header.index("category")
        unknown: dict[str, list[int]] = {}
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                problems.append(
                    _("Line %(line)d has %(found)d columns; the header has %(expected)d.")
                    % {"line": line, "found": len(row), "expected": len(header)}
                )
                continue
            text, category = row[text_at].strip(), row[category_at].strip()
            if not text:
                problems.append(_("Line %(line)d has no text.") % {"line": line})
            elif len(text) > MAX_TEXT_CHARS:
                problems.append(
                    _("Line %(line)d is longer than %(n)d characters.") % {"line": line, "n": MAX_TEXT_CHARS}
                )
            elif category not in known_categories:
                unknown.setdefault(category, []).append(line)
            else:
                examples.append(Example(text, category))
    except csv.Error as exc:
        raise TrainingDataError(
            [_("The file is not valid CSV (line %(line)d: %(error)s).") % {"line": reader.line_num, "error": exc}]
        ) from exc
    for category, lines in sorted(unknown.items()):
        shown = ", ".join(str(n) for n in lines[:5]) + ("…" if len(lines) > 5 else "")
        problems.append(
            _("Unknown category “%(category)s” (lines %(lines)s): use the slug of an active category.")
            % {"category": category, "lines": shown}
        )
    if problems:
        raise TrainingDataError(problems[:MAX_PROBLEMS])
    if not examples:
        raise TrainingDataError([_("The file has no examples.")])
    return examples


def seed_examples(known_categories: Collection[str] | None = None) -> list[Example]:
    """The built-in examples (English and Chinese) for the demo categories, optionally only those
    whose category exists here."""
    rows = _seed_rows()
    if known_categories is None:
        return list(rows)
    return [row for row in rows if row.category in known_categories]


@functools.cache
def _seed_rows() -> tuple[Example, ...]:
    # Read once per process: classify() asks for the seed model's categories on every message.
    with SEED_FILE.open(newline="", encoding="utf-8") as handle:
        return tuple(Example(row["text"], row["category"]) for row in csv.DictReader(handle))


def seed_digest() -> str:
    """sha256 of the seed examples: stored in the shipped seed model, to notice a stale one."""
    return hashlib.sha256(SEED_FILE.read_bytes()).hexdigest()
