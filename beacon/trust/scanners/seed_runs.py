"""Runs of consecutive words from one BIP39 list, allowing one bridged typo."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from beacon.trust.scanners.seed_tokens import Token, linked
from beacon.trust.scanners.wordlists import LANGUAGES, word_index

SEED_MIN_WORDS = 12
PARTIAL_MIN_WORDS = 6


@dataclass(frozen=True, slots=True)
class Run:
    """Tokens ``first..last`` (inclusive) of one language; ``typo`` is a bridged index."""

    bit: int
    first: int
    last: int
    typo: int | None = None

    @property
    def words(self) -> int:
        return self.last - self.first + 1 - (self.typo is not None)


def find_runs(tokens: list[Token], text: str) -> list[Run]:
    """Maximal runs per language, with at most one bridged typo per run."""
    links = [False] + [linked(tokens, text, i) for i in range(1, len(tokens))]
    union = 0
    for token in tokens:
        union |= token.mask
    runs: list[Run] = []
    for bit in range(len(LANGUAGES)):
        if union >> bit & 1:
            runs.extend(_bridge(_pure_runs(tokens, links, bit), tokens, links))
    return runs


def _pure_runs(tokens: list[Token], links: list[bool], bit: int) -> list[Run]:
    runs: list[Run] = []
    first: int | None = None
    for index, token in enumerate(tokens):
        member = bool(token.mask >> bit & 1)
        if first is not None and not (member and links[index]):
            runs.append(Run(bit, first, index - 1))
            first = None
        if member and first is None:
            first = index
    if first is not None:
        runs.append(Run(bit, first, len(tokens) - 1))
    return runs


def _bridge(runs: list[Run], tokens: list[Token], links: list[bool]) -> list[Run]:
    """Join two runs around one unknown word when together they make a phrase."""
    bridged: list[Run] = []
    for run in runs:
        if bridged and _bridgeable(bridged[-1], run, tokens, links):
            previous = bridged.pop()
            bridged.append(Run(run.bit, previous.first, run.last, previous.last + 1))
        else:
            bridged.append(run)
    return bridged


def _bridgeable(left: Run, right: Run, tokens: list[Token], links: list[bool]) -> bool:
    typo = left.last + 1
    return (
        left.typo is None
        and right.first == typo + 1
        and links[typo]
        and links[right.first]
        and left.words + right.words >= SEED_MIN_WORDS - 1
        and (tokens[typo].cjk or 3 <= len(tokens[typo].form) <= 12)
    )


def longest_first(runs: list[Run]) -> list[Run]:
    """Drop runs that overlap a longer run of another language."""
    kept: list[Run] = []
    long_enough = (r for r in runs if r.words >= PARTIAL_MIN_WORDS)
    for run in sorted(long_enough, key=lambda r: (-r.words, r.bit)):
        if all(run.last < other.first or run.first > other.last for other in kept):
            kept.append(run)
    return sorted(kept, key=lambda r: r.first)


def positions(bit: int, members: Sequence[Token]) -> list[int]:
    index = word_index().indexes[bit]
    return [index[t.form] for t in members]
