"""Seed phrases sent in pieces: half in one message, the rest in the next.

People split a phrase on purpose ("so it is not all in one place") or because a chat
box sends on Enter. The finding goes on the message that completes the phrase, over
its opening words; the earlier messages were already scanned (and warned about as a
partial phrase when 6+ words).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from beacon.trust.scanners.findings import Finding, SecretKind, make_finding
from beacon.trust.scanners.seed_runs import (
    PARTIAL_MIN_WORDS,
    SEED_MIN_WORDS,
    Run,
    find_runs,
    positions,
)
from beacon.trust.scanners.seed_tokens import Token, only_separators, quick_codes, tokenise
from beacon.trust.scanners.wordlists import (
    LANGUAGES,
    PROSE_MARKERS,
    checksum_is_valid,
    is_prose_like,
    word_index,
)

CONTEXT_LOOKBACK = 24
# A phrase's piece is at most 24 words; this many characters from an edge hold it.
_EDGE_CHARS = 1_200
_LEADING_RUN_RE = re.compile(r"[1m]+")
_TRAILING_RUN_RE = re.compile(r"[1m]+$")


def completion_of_earlier_partial(text: str, context: Sequence[str]) -> Finding | None:
    """A run opening ``text`` that continues the runs closing the previous messages."""
    # The text is looked at first: `context` may be read from the database when first touched.
    if not _may_continue_earlier(text, context) or not context:
        return None
    opening = _edge(text, at_start=True)
    tokens = tokenise(opening)
    if not tokens or not only_separators(opening[: tokens[0].start]):
        return None
    best: tuple[int, Run, list[int]] | None = None
    for run in find_runs(tokens, opening):
        if run.first != 0 or run.typo is not None:
            continue
        earlier = _earlier_positions(run.bit, context)
        total = len(earlier) + run.words
        if earlier and (best is None or total > best[0]):
            best = (total, run, earlier + positions(run.bit, tokens[run.first : run.last + 1]))
    return _finding(best, tokens) if best is not None else None


def _finding(best: tuple[int, Run, list[int]], tokens: list[Token]) -> Finding | None:
    total, run, chained = best
    if total < PARTIAL_MIN_WORDS or run.words >= SEED_MIN_WORDS:
        return None  # too short, or a phrase on its own that the caller already reports
    language = LANGUAGES[run.bit]
    valid = checksum_is_valid(chained)
    if language == "english":
        words = word_index().words[run.bit]
        markers = sum(words[p] in PROSE_MARKERS for p in chained)
        if markers * 3 >= total if valid else is_prose_like(markers, total):
            return None
    start, end = tokens[run.first].start, tokens[run.last].end
    detail = f"completes an earlier partial: {total} {language} BIP39 words across messages"
    if total < SEED_MIN_WORDS:
        return make_finding(start, end, SecretKind.PARTIAL_SEED_PHRASE, 0.6, detail)
    return make_finding(start, end, SecretKind.SEED_PHRASE, 0.99 if valid else 0.85, detail)


def _may_continue_earlier(text: str, context: Sequence[str]) -> bool:
    """Cheap check on token codes before anything is tokenised in full."""
    first_chunk = text.split(maxsplit=1)[:1]
    if not first_chunk or not _LEADING_RUN_RE.match(quick_codes(first_chunk[0])):
        return False  # the usual case: the message opens with an ordinary word
    opening = _LEADING_RUN_RE.match(quick_codes(_edge(text, at_start=True)))
    codes = opening.group() if opening else ""
    if not codes:
        return False
    for message in reversed(context[-CONTEXT_LOOKBACK:]):
        earlier = quick_codes(_edge(message, at_start=False))
        tail = _TRAILING_RUN_RE.search(earlier)
        if tail is None:
            break
        codes = tail.group() + codes
        if len(tail.group()) != len(earlier):
            break
    if len(codes) < PARTIAL_MIN_WORDS:
        return False
    return len(codes) >= SEED_MIN_WORDS or not is_prose_like(codes.count("m"), len(codes))


def _earlier_positions(bit: int, context: Sequence[str]) -> list[int]:
    """List positions of the words closing the previous messages, oldest first.

    Walks back while a message is nothing but list words (people send one word per
    message) and stops after the first message that only ends with them.
    """
    collected: list[list[int]] = []
    for message in reversed(context[-CONTEXT_LOOKBACK:]):
        closing = _edge(message, at_start=False)
        tokens = tokenise(closing)
        if not tokens or not only_separators(closing[tokens[-1].end :]):
            break
        tail = next(
            (r for r in find_runs(tokens, closing) if r.bit == bit and r.last == len(tokens) - 1),
            None,
        )
        if tail is None or tail.typo is not None:
            break
        collected.append(positions(bit, tokens[tail.first : tail.last + 1]))
        whole = tail.first == 0 and closing == message and only_separators(message[: tokens[0].start])
        if not whole:
            break
    return [position for chunk in reversed(collected) for position in chunk]


def _edge(text: str, at_start: bool) -> str:
    """The opening or closing stretch of a message, cut at whitespace."""
    if len(text) <= _EDGE_CHARS:
        return text
    if at_start:
        cut = text.rfind(" ", 0, _EDGE_CHARS)
        return text[: cut if cut > 0 else _EDGE_CHARS]
    cut = text.find(" ", len(text) - _EDGE_CHARS)
    return text[cut + 1 if cut >= 0 else len(text) - _EDGE_CHARS :]
