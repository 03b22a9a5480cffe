"""The ten official BIP39 word lists, indexed for matching chat text.

Every form a person may type maps to a bitmask of the lists it belongs to and, per
list, to the word's index (needed for the checksum):

- the word itself, NFKD-normalised and lower-cased (as ``mnemonic`` stores it);
- for Latin-script lists, the word without accents ("abaco" for "ábaco"), because
  people type seeds on keyboards without dead keys; BIP39 guarantees these stay unique;
- for Latin-script lists, the 4-letter prefix, which BIP39 guarantees to be unique and
  which hardware wallets accept as an abbreviation.

``mnemonic`` also ships Russian and Turkish lists that are not part of BIP39: no
mainstream wallet generates them, so they are left out to keep false positives down.

``PROSE_MARKERS`` are English list words that are also among the most frequent words
of support conversations ("please", "that", "you", "account", ...). A random seed
rarely contains more than one or two of them; an English sentence that happens to be
made only of list words is full of them. The seed detector uses them to tell the two
apart when the BIP39 checksum cannot.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from functools import cache

from mnemonic import Mnemonic

LANGUAGES: tuple[str, ...] = (
    "english",
    "chinese_simplified",
    "chinese_traditional",
    "japanese",
    "korean",
    "spanish",
    "french",
    "italian",
    "czech",
    "portuguese",
)
LATIN_LANGUAGES = frozenset({"english", "spanish", "french", "italian", "czech", "portuguese"})
CHINESE_LANGUAGES = frozenset({"chinese_simplified", "chinese_traditional"})

PREFIX_LENGTH = 4

# fmt: off
PROSE_MARKERS = frozenset((
    "about", "account", "address", "again", "all", "already", "also", "any", "balance", "because",
    "before", "can", "check", "come", "confirm", "day", "deposit", "fee", "first", "give", "good",
    "have", "hello", "help", "hour", "into", "just", "know", "like", "make", "minute", "more", "need",
    "network", "now", "number", "one", "only", "order", "other", "over", "please", "problem", "receive",
    "some", "sorry", "still", "team", "than", "thank", "that", "them", "then", "there", "they", "this",
    "ticket", "time", "today", "transfer", "two", "update", "verify", "very", "want", "what", "when",
    "where", "will", "you",
))
# fmt: on


@dataclass(frozen=True, slots=True)
class WordIndex:
    """Lookup tables built once from the word lists."""

    masks: dict[str, int]
    indexes: tuple[dict[str, int], ...]
    words: tuple[tuple[str, ...], ...]
    quick_codes: dict[str, str]
    chinese_rank: dict[str, int]

    def languages_of(self, mask: int) -> list[str]:
        return [lang for bit, lang in enumerate(LANGUAGES) if mask >> bit & 1]


def strip_accents(word: str) -> str:
    """Drop combining marks of an already NFKD-normalised Latin word."""
    return "".join(ch for ch in word if not unicodedata.combining(ch))


def _forms(word: str, language: str) -> list[str]:
    if language not in LATIN_LANGUAGES:
        return [word]
    bare = strip_accents(word)
    return [word, bare, _first_letters(word, PREFIX_LENGTH), bare[:PREFIX_LENGTH]]


def _first_letters(word: str, count: int) -> str:
    """The first ``count`` letters of an NFKD word, keeping their combining accents."""
    letters = 0
    for offset, char in enumerate(word):
        if not unicodedata.combining(char):
            if letters == count:
                return word[:offset]
            letters += 1
    return word


@cache
def word_index() -> WordIndex:
    """Load the lists once per process (about 20k entries, a few milliseconds)."""
    masks: dict[str, int] = {}
    indexes: list[dict[str, int]] = []
    words: list[tuple[str, ...]] = []
    for bit, language in enumerate(LANGUAGES):
        per_language: dict[str, int] = {}
        normalised = tuple(unicodedata.normalize("NFKD", raw).lower() for raw in Mnemonic(language).wordlist)
        words.append(normalised)
        ambiguous: set[str] = set()
        for position, word in enumerate(normalised):
            for form in _forms(word, language):
                if per_language.setdefault(form, position) != position:
                    ambiguous.add(form)
        for form in ambiguous - set(normalised):
            del per_language[form]
        for form in per_language:
            masks[form] = masks.get(form, 0) | 1 << bit
        indexes.append(per_language)
    simplified = Mnemonic("chinese_simplified").wordlist
    traditional = Mnemonic("chinese_traditional").wordlist
    # Both Chinese lists are ordered by character frequency; keep the better rank.
    chinese_rank: dict[str, int] = {}
    for position, (simple, trad) in enumerate(zip(simplified, traditional, strict=True)):
        chinese_rank.setdefault(simple, position)
        chinese_rank.setdefault(trad, position)
    english_only = 1  # bit 0
    quick_codes = {form: "m" if form in PROSE_MARKERS and mask == english_only else "1" for form, mask in masks.items()}
    return WordIndex(
        masks=masks,
        indexes=tuple(indexes),
        words=tuple(words),
        chinese_rank=chinese_rank,
        quick_codes=quick_codes,
    )


def checksum_is_valid(positions: list[int]) -> bool:
    """BIP39 checksum of a 12/15/18/21/24-word sequence of list positions."""
    count = len(positions)
    if count not in (12, 15, 18, 21, 24):
        return False
    checksum_bits = count // 3
    value = 0
    for position in positions:
        value = value << 11 | position
    entropy_bits = count * 11 - checksum_bits
    entropy = (value >> checksum_bits).to_bytes(entropy_bits // 8, "big")
    expected = hashlib.sha256(entropy).digest()[0] >> (8 - checksum_bits)
    return expected == value & ((1 << checksum_bits) - 1)


def is_prose_like(markers: int, words: int) -> bool:
    """A quarter or more everyday words (at least two): an English sentence, not a seed."""
    return markers >= max(2, -(-words // 4))
