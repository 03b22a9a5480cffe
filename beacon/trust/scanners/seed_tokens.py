"""Cutting chat text into BIP39 candidate tokens, and deciding which gaps join words.

Two passes share these rules. The *quick* pass runs on every message and only
produces a string of token codes ("1" list word, "m" English prose marker, "0"
anything else); the *full* pass keeps offsets and runs only when the quick pass
sees a possible phrase. The quick pass may over-report, never under-report.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from beacon.trust.scanners.wordlists import word_index

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_MARKS = "\u0300-\u036f\u3099\u309a"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
# Numerals that Unicode counts as letters-or-numbers but people use as list numbering.
_NUMBER_SIGNS = (
    "\u00b2\u00b3\u00b9\u00bc-\u00be\u2070-\u209f\u2150-\u218f\u2460-\u24ff\u2776-\u2793\u3220-\u325f\u3280-\u32bf"
)
_LETTER = rf"[^\W\d_{CJK}{_NUMBER_SIGNS}]"
_WORD = rf"{_LETTER}(?:{_LETTER}|[{_MARKS}{ZERO_WIDTH}])*"
_TOKEN_RE = re.compile(rf"[{CJK}]|{_WORD}")
# Quick-pass tokens: words; Chinese characters standing apart (a spaced phrase); chunks of
# unspaced Chinese and sentence punctuation, both coded "0" so that they break runs.
# Only characters that never join words in the full pass may break runs here.
_QUICK_TOKEN_RE = re.compile(rf"{_WORD}|[{CJK}]{{2,}}|[{CJK}]|[.!?:/@=。！？：．]")
_NUMBERING_RE = re.compile(r"\d{1,3}[.)）:：、]")
_SEPARATOR_CHARS = rf"\s{ZERO_WIDTH},，、;；|·•*\-–—\"'“”‘’「」『』()（）\[\]【】<>《》#"
_SEPARATOR = rf"(?:[{_SEPARATOR_CHARS}]|\d{{1,3}}[.)）:：、]?|[{_NUMBER_SIGNS}])"
_GAP_RE = re.compile(rf"{_SEPARATOR}*")
_GAP_MAX_CHARS = 40
_ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    form: str
    mask: int
    cjk: bool


def normalise(value: str) -> str:
    """NFKD, lower case, zero-width characters removed (how word lists are matched)."""
    if _ZERO_WIDTH_RE.search(value):
        value = _ZERO_WIDTH_RE.sub("", value)
    return unicodedata.normalize("NFKD", value).lower()


def quick_codes(text: str) -> str:
    """One code per token: "1" list word, "m" English prose marker, "0" anything else.

    Tokens never straddle whitespace, so the text is split on whitespace and each
    chunk's codes come from a cache: chat vocabulary repeats, and a dictionary hit (in
    C, through ``map``) is far cheaper than running the tokeniser regex again.

    An unspaced Chinese chunk is one "0": its last character may still open a spaced
    phrase, so a spaced run can be one shorter here than in the full pass.
    """
    return "".join(map(_CHUNK_CODES.__getitem__, text.lower().split()))


class _ChunkCodeCache(dict[str, str]):
    """Chunk -> codes; computes and remembers misses, forgets everything when full."""

    limit = 200_000
    longest_cached = 32

    def __missing__(self, chunk: str) -> str:
        tokens = _QUICK_TOKEN_RE.findall(_NUMBERING_RE.sub(" ", chunk))
        if not chunk.isascii():
            tokens = [t if t.isascii() else normalise(t) for t in tokens]
        codes = word_index().quick_codes
        result = "".join([codes.get(token, "0") for token in tokens])
        if len(chunk) <= self.longest_cached:
            if len(self) >= self.limit:
                self.clear()
            self[chunk] = result
        return result


_CHUNK_CODES = _ChunkCodeCache()


def tokenise(text: str) -> list[Token]:
    masks = word_index().masks
    tokens: list[Token] = []
    for match in _TOKEN_RE.finditer(text):
        start, end = match.span()
        raw = match.group()
        cjk = len(raw) == 1 and "\u3400" <= raw <= "\ufaff"
        form = raw.lower() if raw.isascii() else normalise(raw)
        mask = masks.get(form, 0)
        if mask and not cjk and _glued_to_code(text, start, end):
            mask = 0
        tokens.append(Token(start, end, form, mask, cjk))
    return tokens


def _glued_to_code(text: str, start: int, end: int) -> bool:
    """Letters inside hex, base58 or identifiers ("3face8") are not words."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return (before.isascii() and (before.isalnum() or before == "_")) or (
        after.isascii() and (after.isalnum() or after == "_")
    )


def linked(tokens: list[Token], text: str, index: int) -> bool:
    """Whether tokens ``index - 1`` and ``index`` are consecutive words of a phrase."""
    previous, current = tokens[index - 1], tokens[index]
    gap = text[previous.end : current.start]
    if not gap:
        # Unspaced Chinese reads like prose; chinese_unspaced handles it.
        return not (previous.cjk or current.cjk)
    return len(gap) <= _GAP_MAX_CHARS and _GAP_RE.fullmatch(gap) is not None


def only_separators(value: str) -> bool:
    """Nothing but separators (a trailing full stop or colon allowed)."""
    return _GAP_RE.fullmatch(value.strip(" \t\r\n.。:：")) is not None
