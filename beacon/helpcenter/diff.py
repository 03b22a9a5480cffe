"""Line diff between two versions of an article, for the version history page. Pure."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffLine:
    op: str  # "equal", "insert" or "delete"
    text: str
    old_number: int | None
    new_number: int | None


def diff_lines(old: str, new: str, context: int = 3) -> list[DiffLine]:
    """Changed lines with `context` unchanged lines around each change ("…" rows mark gaps)."""
    a, b = old.splitlines(), new.splitlines()
    out: list[DiffLine] = []
    for group in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_grouped_opcodes(context):
        if out:
            out.append(DiffLine("gap", "…", None, None))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(DiffLine("equal", a[i], i + 1, j1 + (i - i1) + 1) for i in range(i1, i2))
                continue
            if tag in {"replace", "delete"}:
                out.extend(DiffLine("delete", a[i], i + 1, None) for i in range(i1, i2))
            if tag in {"replace", "insert"}:
                out.extend(DiffLine("insert", b[j], None, j + 1) for j in range(j1, j2))
    return out
