"""Chinese seed phrases written without spaces ("的一是在不了有和人这中大").

The Chinese lists hold the 2,048 most common characters, so a dozen list characters
in a row is ordinary Chinese prose. An unspaced stretch therefore counts only when

- its BIP39 checksum is valid, and
- it looks random: the lists are ordered by frequency, so prose averages a low rank
  (median ~240 over 12-character windows) while a random phrase averages ~1,024.
  Requiring a mean of 550 rejects ~99% of prose windows and ~0.2% of real phrases;
- and it is exactly the stretch between non-list characters, or follows a keyword
  such as 助记词 (then every window after the keyword is tried).

A phrase with a typo fails the checksum and is missed here; spaced phrases (the
common way to copy one) go through the ordinary run detector instead.
"""

from __future__ import annotations

import re
from functools import cache

from beacon.trust.scanners.findings import Finding, SecretKind, make_finding
from beacon.trust.scanners.wordlists import (
    CHINESE_LANGUAGES,
    LANGUAGES,
    checksum_is_valid,
    word_index,
)

_MIN_CHARACTERS = 12
_VALID_LENGTHS = (24, 21, 18, 15, 12)
_MIN_MEAN_RANK = 550
_KEYWORD_REACH = 30
_SEED_KEYWORDS_RE = re.compile(
    r"助记词|助記詞|记忆词|種子|种子|恢复词|恢復詞|恢复短语|救援词|mnemonic|seed|recovery",
    re.IGNORECASE,
)


@cache
def _list_characters_re() -> re.Pattern[str]:
    characters = "".join(sorted(word_index().chinese_rank))
    return re.compile(f"[{re.escape(characters)}]{{{_MIN_CHARACTERS},}}")


def find_unspaced_chinese_seeds(text: str) -> list[Finding]:
    if text.isascii():
        return []
    findings: list[Finding] = []
    has_keyword: bool | None = None
    for stretch in _list_characters_re().finditer(text):
        if has_keyword is None:
            has_keyword = _SEED_KEYWORDS_RE.search(text) is not None
        keyword_end = _keyword_end(text, stretch.start(), stretch.end()) if has_keyword else None
        if keyword_end is None and stretch.end() - stretch.start() not in _VALID_LENGTHS:
            continue
        finding = _checksum_window(text, stretch.span(), keyword_end)
        if finding is not None:
            findings.append(finding)
    return findings


def _keyword_end(text: str, start: int, end: int) -> int | None:
    """End of the last seed keyword shortly before or inside a stretch."""
    keywords = list(_SEED_KEYWORDS_RE.finditer(text, max(0, start - _KEYWORD_REACH), end))
    return keywords[-1].end() if keywords else None


def _checksum_window(text: str, span: tuple[int, int], keyword_end: int | None) -> Finding | None:
    """The whole stretch, or with a keyword every window after it, longest first."""
    start, end = span
    if keyword_end is None:
        windows = [(start, end)]
    else:
        start = max(start, keyword_end)
        windows = [(s, s + length) for length in _VALID_LENGTHS for s in range(start, end - length + 1)]
    rank = word_index().chinese_rank
    for window_start, window_end in windows:
        chars = text[window_start:window_end]
        if sum(rank[c] for c in chars) < _MIN_MEAN_RANK * len(chars):
            continue
        language = _list_with_valid_checksum(chars)
        if language is not None:
            detail = f"{len(chars)}-character {language} BIP39 phrase with a valid checksum"
            return make_finding(window_start, window_end, SecretKind.SEED_PHRASE, 0.95, detail)
    return None


def _list_with_valid_checksum(chars: str) -> str | None:
    indexes = word_index().indexes
    for language in sorted(CHINESE_LANGUAGES):
        index = indexes[LANGUAGES.index(language)]
        if all(c in index for c in chars) and checksum_is_valid([index[c] for c in chars]):
            return language
    return None
