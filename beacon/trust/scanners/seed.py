"""BIP39 seed phrases in chat text, including phrases split across messages.

How a phrase is recognised:

- Text is cut into tokens: Latin/Cyrillic/kana/Hangul words, and single Chinese
  characters (the Chinese lists are lists of characters). Each token is normalised
  like ``mnemonic`` does (NFKD, lower case) after dropping zero-width characters.
- Two tokens are *consecutive* when only separators sit between them: whitespace
  (incl. the ideographic space), commas, list numbering ("1." "1)" "(1)" "①"),
  bullets, dashes or quotes. A full stop, a slash or another word breaks the run.
- A run of tokens from one list is a seed phrase from 12 words on, a partial phrase
  (people paste half and send the rest later) from 6. One unknown word may sit inside
  a run of at least 11 list words: a phrase with a typo still leaks.

Why the checksum is not required: ~1 in 16 random 12-word sets pass it, so it does not
prove much, and a phrase with one typo fails it while still leaking the wallet. It
raises confidence instead, and decides the two ambiguous cases:

- English sentences can be made only of list words ("please confirm that you can
  unlock this account today"). Runs full of ``PROSE_MARKERS`` count as prose unless a
  checksum-valid window shows otherwise.
- Chinese prose is written without spaces and the Chinese lists hold the 2,048 most
  common characters, so 12 list characters in a row happen in ordinary sentences.
  Unspaced Chinese counts only when it passes the checksum *and* looks random: the
  lists are ordered by frequency, so prose sits at low ranks and a random phrase
  averages rank ~1,024.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from beacon.trust.scanners.findings import Finding, SecretKind, make_finding
from beacon.trust.scanners.wordlists import (
    CHINESE_LANGUAGES,
    LANGUAGES,
    PROSE_MARKERS,
    checksum_is_valid,
    word_index,
)

SEED_MIN_WORDS = 12
PARTIAL_MIN_WORDS = 6
MAX_PHRASE_WORDS = 24
VALID_LENGTHS = (24, 21, 18, 15, 12)
CONTEXT_LOOKBACK = 24

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_MARKS = "\u0300-\u036f\u3099\u309a"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
# Numerals that Unicode calls letters-or-numbers but people use as list numbering.
_NUMBER_SIGNS = (
    "\u00b2\u00b3\u00b9\u00bc-\u00be\u2070-\u209f\u2150-\u218f\u2460-\u24ff\u2776-\u2793\u3220-\u325f\u3280-\u32bf"
)
_LETTER = rf"[^\W\d_{_CJK}{_NUMBER_SIGNS}]"
_TOKEN_RE = re.compile(rf"[{_CJK}]|{_LETTER}(?:{_LETTER}|[{_MARKS}{ZERO_WIDTH}])*")
# Phase-1 tokens: Latin-like words only, on text that is already NFKD + lower case.
_QUICK_TOKEN_RE = re.compile(rf"{_LETTER}(?:{_LETTER}|[{_MARKS}])*")
_SEPARATOR = (
    rf"(?:\s|[{ZERO_WIDTH},，、;；|·•*\-–—\"'“”‘’「」『』()（）\[\]【】<>《》]"
    rf"|\d{{1,3}}[.)）:：、]?|[{_NUMBER_SIGNS}]|\#)"
)
_GAP_RE = re.compile(rf"{_SEPARATOR}*")
_SPACED_CJK_RE = re.compile(rf"[{_CJK}](?:{_SEPARATOR}+[{_CJK}]){{5,}}")
_DENSE_CJK_RE = re.compile(rf"[{_CJK}]{{12,}}")
_ZERO_WIDTH_TABLE = dict.fromkeys(map(ord, ZERO_WIDTH))
_PHRASE_WORDS_RE = re.compile(
    r"seed|phrase|words|mnemonic|recovery|backup|wallet|助记词|助記詞|种子|種子|恢复|恢復|"
    r"钱包|錢包|palabras|semilla|mots|phrase|parole|slova|palavras|frase|단어|니모닉|"
    r"ニーモニック|単語|復元",
    re.IGNORECASE,
)
_CHINESE_SEED_WORDS_RE = re.compile(
    r"助记词|助記詞|记忆词|種子|种子|恢复词|恢復詞|恢复短语|救援词|mnemonic|seed|recovery",
    re.IGNORECASE,
)
_CHINESE_MIN_MEAN_RANK = 550
_GAP_MAX_CHARS = 40


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    form: str
    mask: int
    cjk: bool


@dataclass(frozen=True, slots=True)
class _Run:
    """Tokens ``first..last`` (inclusive) of one language; ``typo`` is a bridged index."""

    bit: int
    first: int
    last: int
    typo: int | None = None

    @property
    def words(self) -> int:
        return self.last - self.first + 1 - (self.typo is not None)


def find_seed_phrases(text: str, context: Sequence[str] = ()) -> list[Finding]:
    """Seed and partial seed phrases in ``text``; ``context`` = earlier messages."""
    findings = _dense_chinese_seeds(text)
    if not _worth_tokenising(text, bool(context)):
        return findings
    tokens = _tokenise(text)
    runs = _runs(tokens, text)
    findings.extend(
        f for run in _longest_first(runs) if (f := _classify(run, tokens, text))
    )
    if context:
        chained = _completion_of_earlier_partial(tokens, runs, text, context)
        if chained is not None:
            findings = [f for f in findings if not _overlaps(f, chained)]
            findings.append(chained)
    return findings


def _worth_tokenising(text: str, has_context: bool) -> bool:
    """Cheap pre-filter: 6 list words in a row (ignoring separators) or spaced Chinese.

    With earlier messages, a single list word opening the message is enough: it may
    complete a phrase sent before.
    """
    if _SPACED_CJK_RE.search(text):
        return True
    if has_context and (first := _TOKEN_RE.search(text)) is not None:
        if _normalise(first.group()) in word_index().masks:
            return True
    lowered = text.lower() if text.isascii() else _normalise(text)
    masks = word_index().masks
    hits = "".join(["1" if word in masks else "0" for word in _QUICK_TOKEN_RE.findall(lowered)])
    return "1" * PARTIAL_MIN_WORDS in hits


def _normalise(value: str) -> str:
    return unicodedata.normalize("NFKD", value.translate(_ZERO_WIDTH_TABLE)).lower()


def _tokenise(text: str) -> list[_Token]:
    masks = word_index().masks
    tokens: list[_Token] = []
    for match in _TOKEN_RE.finditer(text):
        start, end = match.span()
        raw = match.group()
        cjk = len(raw) == 1 and "\u3400" <= raw <= "\ufaff"
        form = raw.lower() if raw.isascii() else _normalise(raw)
        mask = masks.get(form, 0)
        if mask and not cjk and _glued_to_code(text, start, end):
            mask = 0
        tokens.append(_Token(start, end, form, mask, cjk))
    return tokens


def _glued_to_code(text: str, start: int, end: int) -> bool:
    """Letters inside hex, base58 or identifiers ("3face8") are not words."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return (before.isascii() and (before.isalnum() or before == "_")) or (
        after.isascii() and (after.isalnum() or after == "_")
    )


def _linked(tokens: list[_Token], text: str, index: int) -> bool:
    """Whether tokens ``index - 1`` and ``index`` are consecutive words of a phrase."""
    previous, current = tokens[index - 1], tokens[index]
    gap = text[previous.end : current.start]
    if not gap:
        # Unspaced Chinese is prose-like; it is handled by _dense_chinese_seeds.
        return not (previous.cjk or current.cjk)
    return len(gap) <= _GAP_MAX_CHARS and _GAP_RE.fullmatch(gap) is not None


def _runs(tokens: list[_Token], text: str) -> list[_Run]:
    """Maximal runs per language, with at most one bridged typo per run."""
    links = [False] + [_linked(tokens, text, i) for i in range(1, len(tokens))]
    union = 0
    for token in tokens:
        union |= token.mask
    runs: list[_Run] = []
    for bit in range(len(LANGUAGES)):
        if union >> bit & 1:
            runs.extend(_bridge(_pure_runs(tokens, links, bit), tokens, links))
    return runs


def _pure_runs(tokens: list[_Token], links: list[bool], bit: int) -> list[_Run]:
    runs: list[_Run] = []
    first: int | None = None
    for index, token in enumerate(tokens):
        member = bool(token.mask >> bit & 1)
        if first is not None and not (member and links[index]):
            runs.append(_Run(bit, first, index - 1))
            first = None
        if member and first is None:
            first = index
    if first is not None:
        runs.append(_Run(bit, first, len(tokens) - 1))
    return runs


def _bridge(runs: list[_Run], tokens: list[_Token], links: list[bool]) -> list[_Run]:
    """Join two runs around one unknown word when together they make a phrase."""
    bridged: list[_Run] = []
    for run in runs:
        if bridged and _bridgeable(bridged[-1], run, tokens, links):
            previous = bridged.pop()
            bridged.append(_Run(run.bit, previous.first, run.last, previous.last + 1))
        else:
            bridged.append(run)
    return bridged


def _bridgeable(left: _Run, right: _Run, tokens: list[_Token], links: list[bool]) -> bool:
    typo = left.last + 1
    return (
        left.typo is None
        and right.first == typo + 1
        and links[typo]
        and links[right.first]
        and left.words + right.words >= SEED_MIN_WORDS - 1
        and (tokens[typo].cjk or 3 <= len(tokens[typo].form) <= 12)
    )


def _longest_first(runs: list[_Run]) -> list[_Run]:
    """Drop runs that overlap a longer run of another language."""
    kept: list[_Run] = []
    for run in sorted(runs, key=lambda r: (-r.words, r.bit)):
        if all(run.last < other.first or run.first > other.last for other in kept):
            kept.append(run)
    return sorted(kept, key=lambda r: r.first)


def _classify(run: _Run, tokens: list[_Token], text: str) -> Finding | None:
    if run.words < PARTIAL_MIN_WORDS:
        return None
    language = LANGUAGES[run.bit]
    if run.typo is None:
        window = _longest_valid_window(run, tokens)
        if window is not None:
            first, last = window
            words = last - first + 1
            if _markers(tokens, first, last, run.bit) * 3 < words:
                detail = f"{words}-word {language} BIP39 phrase with a valid checksum"
                start, end = tokens[first].start, tokens[last].end
                return make_finding(start, end, SecretKind.SEED_PHRASE, 0.99, detail)
    core: _Run | None = run
    if _prose_like(_markers(tokens, run.first, run.last, run.bit), run.words):
        core = _trim_prose_edges(run, tokens)
        if core is None or _prose_like(
            _markers(tokens, core.first, core.last, core.bit), core.words
        ):
            return None
    if core.words < PARTIAL_MIN_WORDS or not _presented_as_words(core, tokens, text):
        return None
    start, end = tokens[core.first].start, tokens[core.last].end
    if core.last - core.first + 1 < SEED_MIN_WORDS:
        detail = f"{core.words} {language} BIP39 words: part of a seed phrase"
        return make_finding(start, end, SecretKind.PARTIAL_SEED_PHRASE, 0.6, detail)
    typo_note = ", one word not in the list (typo?)" if core.typo is not None else ""
    detail = f"{core.words} {language} BIP39 words, checksum not verified{typo_note}"
    confidence = 0.7 if core.typo is not None else 0.8
    return make_finding(start, end, SecretKind.SEED_PHRASE, confidence, detail)


def _presented_as_words(run: _Run, tokens: list[_Token], text: str) -> bool:
    """Without a checksum, ask for a sign the words are a phrase and not a sentence.

    Six content words in a row do occur in prose; a leaked phrase is announced ("my
    words", 助记词), laid out as a list, or makes up most of its message.
    """
    start, end = tokens[run.first].start, tokens[run.last].end
    if (run.last - run.first + 1) * 5 >= len(tokens) * 3:
        return True
    if any(c.isdigit() or c in "\n,，、" for c in text[start:end]):
        return True
    return _PHRASE_WORDS_RE.search(text, max(0, start - 80), min(len(text), end + 80)) is not None


def _trim_prose_edges(run: _Run, tokens: list[_Token]) -> _Run | None:
    """Drop everyday words at both ends: "<phrase> please help" is the phrase alone."""
    if LANGUAGES[run.bit] != "english":
        return run
    first, last = run.first, run.last
    while first <= last and first != run.typo and tokens[first].form in PROSE_MARKERS:
        first += 1
    while last >= first and last != run.typo and tokens[last].form in PROSE_MARKERS:
        last -= 1
    if first > last:
        return None
    typo = run.typo if run.typo is not None and first < run.typo < last else None
    first += run.typo == first
    last -= run.typo == last
    return _Run(run.bit, first, last, typo) if first <= last else None


def _markers(tokens: list[_Token], first: int, last: int, bit: int) -> int:
    if LANGUAGES[bit] != "english":
        return 0
    return sum(tokens[i].form in PROSE_MARKERS for i in range(first, last + 1))


def _prose_like(markers: int, words: int) -> bool:
    return markers >= max(2, -(-words // 4))


def _longest_valid_window(run: _Run, tokens: list[_Token]) -> tuple[int, int] | None:
    """Token indexes (first, last) of the longest checksum-valid sub-phrase."""
    positions = _positions(run.bit, tokens[run.first : run.last + 1])
    for length in VALID_LENGTHS:
        for offset in range(len(positions) - length + 1):
            if checksum_is_valid(positions[offset : offset + length]):
                return run.first + offset, run.first + offset + length - 1
    return None


def _positions(bit: int, members: Sequence[_Token]) -> list[int]:
    index = word_index().indexes[bit]
    return [index[t.form] for t in members]


def _overlaps(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end


# --- phrases split across messages -------------------------------------------------


def _completion_of_earlier_partial(
    tokens: list[_Token], runs: list[_Run], text: str, context: Sequence[str]
) -> Finding | None:
    """A run opening this message that continues runs closing the previous messages."""
    best: tuple[int, _Run, list[int]] | None = None
    for run in runs:
        if run.first != 0 or run.typo is not None or not _only_separators(text[: tokens[0].start]):
            continue
        earlier = _earlier_positions(run.bit, context)
        total = len(earlier) + run.words
        if earlier and (best is None or total > best[0]):
            members = tokens[run.first : run.last + 1]
            best = (total, run, earlier + _positions(run.bit, members))
    if best is None:
        return None
    total, run, positions = best
    language = LANGUAGES[run.bit]
    start, end = tokens[run.first].start, tokens[run.last].end
    if total < PARTIAL_MIN_WORDS or run.words >= SEED_MIN_WORDS:
        return None
    valid = checksum_is_valid(positions)
    if language == "english":
        words = word_index().words[run.bit]
        markers = sum(words[p] in PROSE_MARKERS for p in positions)
        if markers * 3 >= total if valid else _prose_like(markers, total):
            return None
    detail = f"completes an earlier partial: {total} {language} BIP39 words across messages"
    if total < SEED_MIN_WORDS:
        return make_finding(start, end, SecretKind.PARTIAL_SEED_PHRASE, 0.6, detail)
    confidence = 0.99 if valid else 0.85
    return make_finding(start, end, SecretKind.SEED_PHRASE, confidence, detail)


def _earlier_positions(bit: int, context: Sequence[str]) -> list[int]:
    """List positions of the words closing the previous messages, oldest first.

    Walks back while a message is nothing but list words (people send one word per
    message) and stops after the first message that only ends with them.
    """
    collected: list[list[int]] = []
    for message in reversed(context[-CONTEXT_LOOKBACK:]):
        tokens = _tokenise(message)
        if not tokens or not _only_separators(message[tokens[-1].end :]):
            break
        tail = next(
            (r for r in _runs(tokens, message) if r.bit == bit and r.last == len(tokens) - 1),
            None,
        )
        if tail is None or tail.typo is not None:
            break
        collected.append(_positions(bit, tokens[tail.first : tail.last + 1]))
        whole = tail.first == 0 and _only_separators(message[: tokens[0].start])
        if not whole:
            break
    return [position for chunk in reversed(collected) for position in chunk]


def _only_separators(value: str) -> bool:
    return _GAP_RE.fullmatch(value.strip(" \t\r\n.。:：")) is not None


# --- unspaced Chinese ---------------------------------------------------------------


def _dense_chinese_seeds(text: str) -> list[Finding]:
    findings: list[Finding] = []
    if not _DENSE_CJK_RE.search(text):
        return findings
    rank = word_index().chinese_rank
    for segment in _DENSE_CJK_RE.finditer(text):
        keyword_end = _seed_keyword_end(text, segment.start(), segment.end())
        for start, end in _list_character_stretches(segment.group(), rank):
            absolute = segment.start() + start, segment.start() + end
            finding = _dense_window(text, absolute, keyword_end, rank)
            if finding is not None:
                findings.append(finding)
    return findings


def _seed_keyword_end(text: str, start: int, end: int) -> int | None:
    """End of a seed-phrase keyword shortly before or inside a Chinese segment."""
    match = None
    for match in _CHINESE_SEED_WORDS_RE.finditer(text, max(0, start - 30), end):
        pass
    return match.end() if match else None


def _list_character_stretches(segment: str, rank: dict[str, int]) -> list[tuple[int, int]]:
    stretches: list[tuple[int, int]] = []
    begin = 0
    for offset, char in enumerate(segment + "\n"):
        if char not in rank:
            if offset - begin >= SEED_MIN_WORDS:
                stretches.append((begin, offset))
            begin = offset + 1
    return stretches


def _dense_window(text: str, span: tuple[int, int], keyword_end: int | None, rank: dict[str, int]) -> Finding | None:
    """A checksum-valid, random-looking window: the whole stretch, or after a keyword."""
    start, end = span
    if keyword_end is not None and start < keyword_end < end:
        start = keyword_end
    candidates = [(start, end)] if end - start in VALID_LENGTHS else []
    if keyword_end is not None and keyword_end <= start:
        candidates += [(s, s + length) for length in VALID_LENGTHS for s in range(start, end - length + 1)]
    for window_start, window_end in candidates:
        chars = text[window_start:window_end]
        if sum(rank[c] for c in chars) < _CHINESE_MIN_MEAN_RANK * len(chars):
            continue
        language = _chinese_list_with_valid_checksum(chars)
        if language is not None:
            detail = f"{len(chars)}-character {language} BIP39 phrase with a valid checksum"
            return make_finding(window_start, window_end, SecretKind.SEED_PHRASE, 0.95, detail)
    return None


def _chinese_list_with_valid_checksum(chars: str) -> str | None:
    indexes = word_index().indexes
    for language in sorted(CHINESE_LANGUAGES):
        index = indexes[LANGUAGES.index(language)]
        if all(c in index for c in chars) and checksum_is_valid([index[c] for c in chars]):
            return language
    return None
