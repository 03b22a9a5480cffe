"""Highlighted snippets, made in Python so both backends show the same thing.

Searching the display text for the query's words directly (rather than re-segmenting every hit)
keeps this cheap: Chinese words are found as they are, English stems as word prefixes
(credit → credited, credits).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from beacon.core import text

SNIPPET_CHARS = 180


def highlighter(terms: Iterable[str]) -> re.Pattern[str] | None:
    patterns = []
    for term in sorted(set(terms), key=len, reverse=True):
        if text.has_han(term):
            patterns.append(re.escape(term))
        elif term.isascii() and term.isalpha() and term.endswith("i"):
            # The stemmer turns a final y into i (verify → verifi): match either.
            patterns.append(rf"(?<![0-9a-z]){re.escape(term[:-1])}[iy][0-9a-z]*")
        else:
            patterns.append(rf"(?<![0-9a-z]){re.escape(term)}[0-9a-z]*")
    if not patterns:
        return None
    return re.compile("|".join(patterns), re.IGNORECASE)


def _marked(source: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out: list[str] = []
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out.append(escape(source[cursor:span_start]))
        out.append(f"<mark>{escape(source[span_start:span_end])}</mark>")
        cursor = span_end
    out.append(escape(source[cursor:end]))
    return "".join(out)


def highlight(source: str, pattern: re.Pattern[str] | None) -> SafeString:
    """All of `source`, escaped, with the matching words marked."""
    spans = [m.span() for m in pattern.finditer(source)] if pattern else []
    return mark_safe(_marked(source, spans, 0, len(source)))


def snippet(body: str, pattern: re.Pattern[str] | None, length: int = SNIPPET_CHARS) -> SafeString:
    """The stretch of `body` with the most query words in it, escaped, words marked."""
    source = " ".join(body.split())
    spans = [m.span() for m in pattern.finditer(source)] if pattern else []
    if len(source) <= length:
        return mark_safe(_marked(source, spans, 0, len(source)))
    # Slide a window over the matches; keep the one that shows the most distinct words.
    words = [source[s:e].casefold() for s, e in spans]
    counts: Counter[str] = Counter()
    best_start, best_count, ahead = 0, 0, 0
    for index, (span_start, _span_end) in enumerate(spans):
        while ahead < len(spans) and spans[ahead][1] <= span_start + length:
            counts[words[ahead]] += 1
            ahead += 1
        if len(counts) > best_count:
            best_start, best_count = span_start, len(counts)
        counts[words[index]] -= 1
        if counts[words[index]] <= 0:
            del counts[words[index]]
    start = max(0, best_start - length // 4)
    if start:
        space = source.rfind(" ", start - 12, best_start)
        start = space + 1 if space >= 0 else start
    end = min(len(source), start + length)
    if end < len(source):
        space = source.rfind(" ", end - 20, end)
        end = space if space > start else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(source) else ""
    return mark_safe(prefix + _marked(source, spans, start, end) + suffix)
