"""Which cue words sit closest to a span: the context that tells a key from a TXID."""

from __future__ import annotations

import re
from collections.abc import Mapping

DEFAULT_RADIUS = 80


def closest_cue(
    text: str,
    start: int,
    end: int,
    cues: Mapping[str, re.Pattern[str]],
    radius: int = DEFAULT_RADIUS,
) -> str | None:
    """Label of the cue pattern matching nearest to ``text[start:end]``, or None.

    Distance is measured in characters between the cue and the span, looking
    ``radius`` characters on each side. On a tie the label listed first wins, so
    callers list the cautious interpretation first.
    """
    before_from = max(0, start - radius)
    after_to = min(len(text), end + radius)
    best: tuple[int, int, str] | None = None
    for order, (label, pattern) in enumerate(cues.items()):
        for match in pattern.finditer(text, before_from, start):
            candidate = (start - match.end(), order, label)
            best = candidate if best is None or candidate < best else best
        following = pattern.search(text, end, after_to)
        if following is not None:
            candidate = (following.start() - end, order, label)
            best = candidate if best is None or candidate < best else best
    return best[2] if best else None


def cue_within(text: str, start: int, end: int, pattern: re.Pattern[str], radius: int = DEFAULT_RADIUS) -> bool:
    """Whether ``pattern`` occurs within ``radius`` characters of the span."""
    return (
        pattern.search(text, max(0, start - radius), start) is not None
        or pattern.search(text, end, min(len(text), end + radius)) is not None
    )
