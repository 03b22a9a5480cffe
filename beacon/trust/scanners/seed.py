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
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

from beacon.trust.scanners.chinese_unspaced import find_unspaced_chinese_seeds
from beacon.trust.scanners.findings import Finding, SecretKind, make_finding
from beacon.trust.scanners.seed_runs import (
    PARTIAL_MIN_WORDS,
    SEED_MIN_WORDS,
    Run,
    find_runs,
    longest_first,
    positions,
)
from beacon.trust.scanners.seed_split import completion_of_earlier_partial
from beacon.trust.scanners.seed_tokens import Token, quick_codes, tokenise
from beacon.trust.scanners.wordlists import (
    LANGUAGES,
    PROSE_MARKERS,
    checksum_is_valid,
    is_prose_like,
)

VALID_LENGTHS = (24, 21, 18, 15, 12)
# Share of a message's tokens a run must cover to count as "the message is the phrase".
_SHORT_RUN_SHARE = 0.9
_LONG_RUN_SHARE = 0.6
_LONG_PARTIAL_WORDS = 9
# Texts longer than this (attachments, pasted logs) are tokenised only around the lines
# whose token codes may hold a phrase, so scanning stays linear and cheap.
_WHOLE_TEXT_CHARS = 4_000

_RUN_CODES_RE = re.compile(r"[1m]{6,}")
_BRIDGED_CODES_RE = re.compile(r"[1m]{5,}0[1m]{5,}")
_PHRASE_WORDS_RE = re.compile(
    r"seed|phrase|words|mnemonic|recovery|助记词|助記詞|种子|種子|恢复|恢復|"
    r"palabras|semilla|mots|parole|slova|palavras|frase|단어|니모닉|"
    r"ニーモニック|単語|復元",
    re.IGNORECASE,
)


def find_seed_phrases(text: str, context: Sequence[str] = ()) -> list[Finding]:
    """Seed and partial seed phrases in ``text``; ``context`` = earlier messages."""
    findings = find_unspaced_chinese_seeds(text)
    for start, end in _candidate_regions(text):
        region = text[start:end]
        found = _phrases_in(region)
        findings.extend(replace(f, start=f.start + start, end=f.end + start) for f in found)
    chained = completion_of_earlier_partial(text, context)
    if chained is not None:
        findings = [f for f in findings if not _overlaps(f, chained)]
        findings.append(chained)
    return findings


def _phrases_in(text: str) -> list[Finding]:
    tokens = tokenise(text)
    runs = longest_first(find_runs(tokens, text))
    return [finding for run in runs if (finding := _classify(run, tokens, text))]


def _candidate_regions(text: str) -> list[tuple[int, int]]:
    """Where a phrase may be, from the quick pass's token codes; usually all or nothing.

    May include runs that the full pass rejects, never miss one (bar the edge case
    documented in ``quick_codes``).
    """
    if len(text) <= _WHOLE_TEXT_CHARS:
        return [(0, len(text))] if _candidate_code_spans(quick_codes(text)) else []
    lines = text.splitlines(keepends=True)
    line_starts, code_starts, codes = [0], [0], []
    for line in lines:
        codes.append(quick_codes(line))
        line_starts.append(line_starts[-1] + len(line))
        code_starts.append(code_starts[-1] + len(codes[-1]))
    regions: list[tuple[int, int]] = []
    for first_code, end_code in _candidate_code_spans("".join(codes)):
        first = max(0, bisect_right(code_starts, first_code) - 2)
        last = min(len(lines), bisect_right(code_starts, end_code - 1) + 1)
        start, end = line_starts[first], line_starts[last]
        if regions and start <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(end, regions[-1][1]))
        else:
            regions.append((start, end))
    return regions


def _candidate_code_spans(sequence: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _BRIDGED_CODES_RE.finditer(sequence)]
    spans += [m.span() for m in _RUN_CODES_RE.finditer(sequence) if _codes_may_hold_phrase(m.group())]
    return sorted(spans)


def _codes_may_hold_phrase(codes: str) -> bool:
    if len(codes) >= SEED_MIN_WORDS or not is_prose_like(codes.count("m"), len(codes)):
        return True
    core = codes.strip("m")
    return len(core) >= PARTIAL_MIN_WORDS and not is_prose_like(core.count("m"), len(core))


def _classify(run: Run, tokens: list[Token], text: str) -> Finding | None:
    if run.words < PARTIAL_MIN_WORDS:
        return None
    language = LANGUAGES[run.bit]
    verified = _checksum_valid_phrase(run, tokens)
    if verified is not None:
        return verified
    core = _phrase_core(run, tokens)
    if core is None or core.words < PARTIAL_MIN_WORDS or not _presented_as_words(core, tokens, text):
        return None
    start, end = tokens[core.first].start, tokens[core.last].end
    if core.last - core.first + 1 < SEED_MIN_WORDS:
        detail = f"{core.words} {language} BIP39 words: part of a seed phrase"
        return make_finding(start, end, SecretKind.PARTIAL_SEED_PHRASE, 0.6, detail)
    typo_note = ", one word not in the list (typo?)" if core.typo is not None else ""
    detail = f"{core.words} {language} BIP39 words, checksum not verified{typo_note}"
    confidence = 0.7 if core.typo is not None else 0.8
    return make_finding(start, end, SecretKind.SEED_PHRASE, confidence, detail)


def _checksum_valid_phrase(run: Run, tokens: list[Token]) -> Finding | None:
    """The longest checksum-valid window, unless it is mostly everyday English words."""
    for segment in _typo_free_segments(run):
        window = _longest_valid_window(segment, tokens)
        if window is None:
            continue
        first, last = window
        words = last - first + 1
        if _markers(tokens, first, last, run.bit) * 3 < words:
            detail = f"{words}-word {LANGUAGES[run.bit]} BIP39 phrase with a valid checksum"
            return make_finding(tokens[first].start, tokens[last].end, SecretKind.SEED_PHRASE, 0.99, detail)
    return None


def _phrase_core(run: Run, tokens: list[Token]) -> Run | None:
    """The run itself, or if it reads like prose, what is left after trimming its edges."""
    if not is_prose_like(_markers(tokens, run.first, run.last, run.bit), run.words):
        return run
    core = _trim_prose_edges(run, tokens)
    if core is None or is_prose_like(_markers(tokens, core.first, core.last, core.bit), core.words):
        return None
    return core


def _presented_as_words(run: Run, tokens: list[Token], text: str) -> bool:
    """Without a checksum, ask for a sign the words are a phrase and not a sentence.

    Six content words in a row do occur in prose ("apple, banana, orange..."); a leaked
    phrase is announced ("my words", 助记词), laid out as a numbered or one-per-line
    list, or is (nearly) all its message says. Short runs must be the whole message:
    they are half a phrase whose other half follows, and only this warning keeps the
    first half out of storage.
    """
    start, end = tokens[run.first].start, tokens[run.last].end
    share = (run.last - run.first + 1) / len(tokens)
    if share >= (_SHORT_RUN_SHARE if run.words < _LONG_PARTIAL_WORDS else _LONG_RUN_SHARE):
        return True
    if any(c.isdigit() or c == "\n" for c in text[start:end]):
        return True
    return _PHRASE_WORDS_RE.search(text, max(0, start - 80), min(len(text), end + 80)) is not None


def _trim_prose_edges(run: Run, tokens: list[Token]) -> Run | None:
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
    return Run(run.bit, first, last, typo) if first <= last else None


def _markers(tokens: list[Token], first: int, last: int, bit: int) -> int:
    if LANGUAGES[bit] != "english":
        return 0
    return sum(tokens[i].form in PROSE_MARKERS for i in range(first, last + 1))


def _typo_free_segments(run: Run) -> list[Run]:
    if run.typo is None:
        return [run]
    return [Run(run.bit, run.first, run.typo - 1), Run(run.bit, run.typo + 1, run.last)]


def _longest_valid_window(run: Run, tokens: list[Token]) -> tuple[int, int] | None:
    """Token indexes (first, last) of the longest checksum-valid sub-phrase."""
    indexes = positions(run.bit, tokens[run.first : run.last + 1])
    for length in VALID_LENGTHS:
        for offset in range(len(indexes) - length + 1):
            if checksum_is_valid(indexes[offset : offset + length]):
                return run.first + offset, run.first + offset + length - 1
    return None


def _overlaps(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end
