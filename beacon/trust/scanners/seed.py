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
from collections.abc import Sequence
from dataclasses import dataclass

from beacon.trust.scanners.chinese_unspaced import find_unspaced_chinese_seeds
from beacon.trust.scanners.findings import Finding, SecretKind, make_finding
from beacon.trust.scanners.seed_tokens import (
    Token,
    linked,
    only_separators,
    quick_codes,
    tokenise,
)
from beacon.trust.scanners.wordlists import (
    LANGUAGES,
    PROSE_MARKERS,
    checksum_is_valid,
    is_prose_like,
    word_index,
)

SEED_MIN_WORDS = 12
PARTIAL_MIN_WORDS = 6
VALID_LENGTHS = (24, 21, 18, 15, 12)
CONTEXT_LOOKBACK = 24

_RUN_CODES_RE = re.compile(r"[1m]{6,}")
_BRIDGED_CODES_RE = re.compile(r"[1m]{5,}0[1m]{5,}")
_LEADING_RUN_RE = re.compile(r"[1m]+")
_TRAILING_RUN_RE = re.compile(r"[1m]+$")
_PHRASE_WORDS_RE = re.compile(
    r"seed|phrase|words|mnemonic|recovery|backup|wallet|助记词|助記詞|种子|種子|恢复|恢復|"
    r"钱包|錢包|palabras|semilla|mots|parole|slova|palavras|frase|단어|니모닉|"
    r"ニーモニック|単語|復元",
    re.IGNORECASE,
)


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
    findings = find_unspaced_chinese_seeds(text)
    if not _worth_tokenising(text, context):
        return findings
    tokens = tokenise(text)
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


def _worth_tokenising(text: str, context: Sequence[str]) -> bool:
    """Cheap pre-filter run on every message; only candidates are tokenised in full.

    Works on the quick pass's token codes; may let through runs that the full pass
    rejects, never the reverse (bar one edge case documented in ``quick_codes``).
    """
    sequence = quick_codes(text)
    if _BRIDGED_CODES_RE.search(sequence):
        return True
    if any(_codes_may_hold_phrase(m.group()) for m in _RUN_CODES_RE.finditer(sequence)):
        return True
    return bool(context) and _may_continue_earlier(sequence, context)


def _codes_may_hold_phrase(codes: str) -> bool:
    if len(codes) >= SEED_MIN_WORDS or not is_prose_like(codes.count("m"), len(codes)):
        return True
    core = codes.strip("m")
    return len(core) >= PARTIAL_MIN_WORDS and not is_prose_like(core.count("m"), len(core))


def _may_continue_earlier(sequence: str, context: Sequence[str]) -> bool:
    """List words opening this message and closing the previous ones add up to a phrase."""
    chained = _LEADING_RUN_RE.match(sequence)
    codes = chained.group() if chained else ""
    if not codes:
        return False
    for message in reversed(context[-CONTEXT_LOOKBACK:]):
        earlier = quick_codes(message)
        tail = _TRAILING_RUN_RE.search(earlier)
        if tail is None:
            break
        codes = tail.group() + codes
        if len(tail.group()) != len(earlier):
            break
    return len(codes) >= PARTIAL_MIN_WORDS and _codes_may_hold_phrase(codes)


def _runs(tokens: list[Token], text: str) -> list[_Run]:
    """Maximal runs per language, with at most one bridged typo per run."""
    links = [False] + [linked(tokens, text, i) for i in range(1, len(tokens))]
    union = 0
    for token in tokens:
        union |= token.mask
    runs: list[_Run] = []
    for bit in range(len(LANGUAGES)):
        if union >> bit & 1:
            runs.extend(_bridge(_pure_runs(tokens, links, bit), tokens, links))
    return runs


def _pure_runs(tokens: list[Token], links: list[bool], bit: int) -> list[_Run]:
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


def _bridge(runs: list[_Run], tokens: list[Token], links: list[bool]) -> list[_Run]:
    """Join two runs around one unknown word when together they make a phrase."""
    bridged: list[_Run] = []
    for run in runs:
        if bridged and _bridgeable(bridged[-1], run, tokens, links):
            previous = bridged.pop()
            bridged.append(_Run(run.bit, previous.first, run.last, previous.last + 1))
        else:
            bridged.append(run)
    return bridged


def _bridgeable(left: _Run, right: _Run, tokens: list[Token], links: list[bool]) -> bool:
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
    long_enough = (r for r in runs if r.words >= PARTIAL_MIN_WORDS)
    for run in sorted(long_enough, key=lambda r: (-r.words, r.bit)):
        if all(run.last < other.first or run.first > other.last for other in kept):
            kept.append(run)
    return sorted(kept, key=lambda r: r.first)


def _classify(run: _Run, tokens: list[Token], text: str) -> Finding | None:
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
    if is_prose_like(_markers(tokens, run.first, run.last, run.bit), run.words):
        core = _trim_prose_edges(run, tokens)
        if core is None or is_prose_like(
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


def _presented_as_words(run: _Run, tokens: list[Token], text: str) -> bool:
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


def _trim_prose_edges(run: _Run, tokens: list[Token]) -> _Run | None:
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


def _markers(tokens: list[Token], first: int, last: int, bit: int) -> int:
    if LANGUAGES[bit] != "english":
        return 0
    return sum(tokens[i].form in PROSE_MARKERS for i in range(first, last + 1))


def _longest_valid_window(run: _Run, tokens: list[Token]) -> tuple[int, int] | None:
    """Token indexes (first, last) of the longest checksum-valid sub-phrase."""
    positions = _positions(run.bit, tokens[run.first : run.last + 1])
    for length in VALID_LENGTHS:
        for offset in range(len(positions) - length + 1):
            if checksum_is_valid(positions[offset : offset + length]):
                return run.first + offset, run.first + offset + length - 1
    return None


def _positions(bit: int, members: Sequence[Token]) -> list[int]:
    index = word_index().indexes[bit]
    return [index[t.form] for t in members]


def _overlaps(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end


# --- phrases split across messages -------------------------------------------------


def _completion_of_earlier_partial(
    tokens: list[Token], runs: list[_Run], text: str, context: Sequence[str]
) -> Finding | None:
    """A run opening this message that continues runs closing the previous messages."""
    best: tuple[int, _Run, list[int]] | None = None
    for run in runs:
        if run.first != 0 or run.typo is not None or not only_separators(text[: tokens[0].start]):
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
        if markers * 3 >= total if valid else is_prose_like(markers, total):
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
        tokens = tokenise(message)
        if not tokens or not only_separators(message[tokens[-1].end :]):
            break
        tail = next(
            (r for r in _runs(tokens, message) if r.bit == bit and r.last == len(tokens) - 1),
            None,
        )
        if tail is None or tail.typo is not None:
            break
        collected.append(_positions(bit, tokens[tail.first : tail.last + 1]))
        whole = tail.first == 0 and only_separators(message[: tokens[0].start])
        if not whole:
            break
    return [position for chunk in reversed(collected) for position in chunk]
