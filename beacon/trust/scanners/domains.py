"""Domain names: registrable part, Unicode form, and how close one looks to another.

The public suffix list is the snapshot bundled with ``tldextract`` (never fetched at
run time), private suffixes included so that ``evil.github.io`` counts as its own site
rather than as GitHub.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import idna
import tldextract
from confusable_homoglyphs import confusables

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)
_DOTS = str.maketrans({"．": ".", "｡": ".", "。": "."})
_IPV4_RE = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")

# Look-alike swaps applied to both sides before comparing names. Multi-letter swaps
# first ("rn" reads as "m"), then digits and letters that read as one another.
_SEQUENCE_SWAPS = (("rn", "m"), ("vv", "w"), ("cl", "d"), ("nn", "m"))
_CHARACTER_SWAPS = str.maketrans(
    {"0": "o", "1": "l", "i": "l", "|": "l", "3": "e", "4": "a", "5": "s", "7": "t",
     "8": "b", "9": "g", "$": "s", "@": "a"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class HostParts:
    """A host name in Unicode, lower case, split at the public suffix."""

    host: str
    subdomain: str
    name: str
    suffix: str

    @property
    def registrable(self) -> str:
        return f"{self.name}.{self.suffix}" if self.name and self.suffix else ""


def host_to_unicode(host: str) -> str:
    """Lower-case host with every ``xn--`` label decoded (left as is if invalid)."""
    labels = host.translate(_DOTS).strip().rstrip(".").lower().split(".")
    return ".".join(_decode_label(label) for label in labels)


def _decode_label(label: str) -> str:
    if not label.startswith("xn--"):
        return label
    try:
        return idna.decode(label)
    except idna.IDNAError:
        return label


def split_host(host: str) -> HostParts:
    unicode_host = host_to_unicode(host)
    result = _EXTRACT(unicode_host)
    return HostParts(unicode_host, result.subdomain, result.domain, result.suffix)


def is_ip_address(host: str) -> bool:
    return bool(_IPV4_RE.fullmatch(host)) or (":" in host and host.count(":") >= 2)


def normalise_domain(value: str) -> str:
    """Registrable domain of a URL, e-mail address or host, in lower-case Unicode.

    ``https://WWW.Binance.com/en`` and ``support@binance.com`` both give
    ``binance.com``; ``xn--bnance-bwa.com`` gives ``bînance.com`` so it never equals
    ``binance.com``. Raises ``ValueError`` for anything without a public suffix.
    """
    host = extract_host(value)
    if not host:
        raise ValueError(f"{value!r} does not contain a domain name")
    if is_ip_address(host):
        raise ValueError(f"{host!r} is an IP address, not a domain name")
    parts = split_host(host)
    if not parts.registrable:
        raise ValueError(f"{host!r} has no registrable domain (unknown or missing suffix)")
    return parts.registrable


def extract_host(value: str) -> str:
    """The host part of a URL, e-mail address or bare host name."""
    candidate = value.strip().translate(_DOTS)
    if "://" not in candidate:
        candidate = "//" + candidate.rsplit("@", 1)[-1] if "@" in candidate else "//" + candidate
    try:
        host = urlsplit(candidate).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".")


def skeleton(label: str) -> str:
    """What a label looks like to a hurried reader: homoglyphs folded onto Latin."""
    folded = "".join(_latin_homoglyph(ch) for ch in label.lower())
    for sequence, replacement in _SEQUENCE_SWAPS:
        folded = folded.replace(sequence, replacement)
    return folded.translate(_CHARACTER_SWAPS)


@cache
def _latin_homoglyph(char: str) -> str:
    if char.isascii():
        return char
    found = confusables.is_confusable(char, greedy=True, preferred_aliases=["latin"])
    if not found:
        return char
    for homoglyph in found[0]["homoglyphs"]:
        glyph = homoglyph["c"]
        if glyph.isascii() and glyph.isalnum():
            return str(glyph).lower()
    return char


def has_confusable_characters(label: str) -> bool:
    """Non-Latin characters that can pass for Latin ones (Cyrillic "і" in "bіnance")."""
    return not label.isascii() and bool(confusables.is_confusable(label, preferred_aliases=["latin"]))


def is_mixed_script(label: str) -> bool:
    return bool(confusables.is_mixed_script(label))


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, capped at ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return min(previous[-1], limit + 1)


def lookalike_threshold(name_skeleton: str) -> int:
    """Short names tolerate fewer edits: "okx" vs "ok" is not a look-alike."""
    if len(name_skeleton) >= 7:
        return 2
    if len(name_skeleton) >= 4:
        return 1
    return 0
