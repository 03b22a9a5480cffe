"""Suspicious links in messages: look-alikes of the operator's domains and scam lures.

Finds URLs and bare domains, also inside Chinese text written without spaces
("请访问binance-support.com登录"), and reports those that imitate an official domain
or hide where they lead. Official domains and their subdomains are never reported;
other ordinary links are not reported either: this is a phishing detector, not a
link list.

Chinese IDN hosts cannot be told apart from the surrounding sentence when written
without a scheme, so bare domains must end in an ASCII or ``xn--`` suffix.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from beacon.trust.scanners.domains import (
    HostParts,
    edit_distance,
    has_confusable_characters,
    is_ip_address,
    is_mixed_script,
    lookalike_threshold,
    skeleton,
    split_host,
)
from beacon.trust.scanners.findings import Severity


class LinkReason(StrEnum):
    PUNYCODE = "punycode"
    MIXED_SCRIPT = "mixed_script"
    CONFUSABLE = "confusable_characters"
    LOOKALIKE = "lookalike_domain"
    BRAND_IN_FOREIGN_DOMAIN = "brand_in_foreign_domain"
    USERINFO_TRICK = "userinfo_trick"
    SHORTENER = "url_shortener"
    MESSENGER_INVITE = "messenger_invite"
    IP_ADDRESS = "ip_address_host"


_HIGH_REASONS = frozenset(
    {
        LinkReason.MIXED_SCRIPT,
        LinkReason.CONFUSABLE,
        LinkReason.LOOKALIKE,
        LinkReason.BRAND_IN_FOREIGN_DOMAIN,
        LinkReason.USERINFO_TRICK,
    }
)


@dataclass(frozen=True, slots=True)
class LinkFinding:
    start: int
    end: int
    url: str
    host: str
    registrable_domain: str
    reasons: tuple[LinkReason, ...]
    severity: Severity


# fmt: off
SHORTENER_DOMAINS = frozenset((
    "adf.ly", "bit.ly", "bitly.com", "bl.ink", "buff.ly", "clck.ru", "cutt.ly", "dwz.cn", "goo.gl",
    "is.gd", "lnkd.in", "ow.ly", "qr.net", "rb.gy", "rebrand.ly", "s.id", "shorte.st", "shorturl.at",
    "suo.im", "t.cn", "t.co", "t.ly", "tiny.cc", "tiny.one", "tinyurl.com", "u.to", "url.cn", "v.gd",
))
# fmt: on
_INVITE_PATTERNS = (
    re.compile(r"(?:t|telegram)\.me/(?:\+|joinchat/)", re.IGNORECASE),
    re.compile(r"chat\.whatsapp\.com/|wa\.me/|api\.whatsapp\.com/send", re.IGNORECASE),
    re.compile(r"discord\.gg/|discord(?:app)?\.com/invite/", re.IGNORECASE),
)

_CJK = "\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_HOST_CHAR = rf"[^\W_{_CJK}]"
_LABEL = rf"{_HOST_CHAR}(?:(?:{_HOST_CHAR}|-)*{_HOST_CHAR})?"
_DOT = r"[.．｡]"
_URL_RE = re.compile(rf"(?:(?:https?|hxxps?|ftp|wss?)://|www{_DOT})[^\s<>\"'`{_CJK}]+", re.IGNORECASE)
_BARE_DOMAIN_RE = re.compile(
    rf"(?<!{_HOST_CHAR})(?<![.\-/])(?:{_LABEL}{_DOT})+(?:[a-z]{{2,24}}|xn--[a-z0-9-]{{2,59}})"
    rf"(?!{_HOST_CHAR}|-|{_DOT}{_HOST_CHAR})(?:/[^\s<>\"'`{_CJK}]*)?",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?)]}>'\""


@dataclass(frozen=True, slots=True)
class _Link:
    start: int
    end: int
    url: str
    host: str
    userinfo: bool


def check_links(text: str, official_domains: Sequence[str], brands: Sequence[str] = ()) -> list[LinkFinding]:
    """Links in ``text`` that imitate ``official_domains``/``brands`` or hide their target.

    ``official_domains`` are registrable domains ("binance.com"); ``brands`` are extra
    names to look for inside foreign domains ("binance", "bnb"). The registrable names
    of the official domains always count as brands.
    """
    official = {split_host(domain).registrable or domain.lower() for domain in official_domains}
    official_names = {split_host(domain).name for domain in official if domain}
    brand_names = {skeleton(b) for b in (*brands, *official_names) if b}
    findings: list[LinkFinding] = []
    for link in extract_links(text):
        parts = split_host(link.host)
        if parts.registrable in official:
            continue
        reasons = _reasons(link, parts, official, brand_names)
        if reasons:
            severity = Severity.HIGH if _HIGH_REASONS & set(reasons) else Severity.MEDIUM
            findings.append(
                LinkFinding(
                    link.start,
                    link.end,
                    link.url,
                    parts.host,
                    parts.registrable,
                    tuple(reasons),
                    severity,
                )
            )
    return findings


def extract_links(text: str) -> list[_Link]:
    """Every URL and bare domain with a known public suffix, in text order."""
    links: list[_Link] = []
    covered: list[tuple[int, int]] = []
    for match in _URL_RE.finditer(text):
        link = _parse(text, match.start(), match.end())
        if link is not None:
            links.append(link)
            covered.append((link.start, link.end))
    for match in _BARE_DOMAIN_RE.finditer(text):
        if any(start <= match.start() < end for start, end in covered):
            continue
        link = _parse(text, match.start(), match.end())
        if link is not None and split_host(link.host).suffix:
            links.append(link)
    return sorted(links, key=lambda link: link.start)


def _parse(text: str, start: int, end: int) -> _Link | None:
    url = text[start:end].rstrip(_TRAILING)
    end = start + len(url)
    candidate = re.sub(r"^hxxp", "http", url, flags=re.IGNORECASE)
    if "://" not in candidate:
        candidate = "http://" + candidate
    try:
        parts = urlsplit(candidate.translate({0xFF0E: ".", 0xFF61: "."}))
        host = parts.hostname or ""
    except ValueError:
        return None
    if not host:
        return None
    return _Link(start, end, url, host.rstrip("."), "@" in parts.netloc)


def _reasons(link: _Link, parts: HostParts, official: set[str], brand_names: set[str]) -> list[LinkReason]:
    reasons: list[LinkReason] = []
    labels = [label for label in parts.host.split(".") if label]
    if "xn--" in link.host.lower():
        reasons.append(LinkReason.PUNYCODE)
    if any(is_mixed_script(label) for label in labels):
        reasons.append(LinkReason.MIXED_SCRIPT)
    if any(has_confusable_characters(label) for label in labels):
        reasons.append(LinkReason.CONFUSABLE)
    if _imitates_official(parts, official):
        reasons.append(LinkReason.LOOKALIKE)
    elif _contains_brand(parts, brand_names):
        reasons.append(LinkReason.BRAND_IN_FOREIGN_DOMAIN)
    if link.userinfo:
        reasons.append(LinkReason.USERINFO_TRICK)
    if parts.registrable in SHORTENER_DOMAINS:
        reasons.append(LinkReason.SHORTENER)
    if any(pattern.search(link.url) for pattern in _INVITE_PATTERNS):
        reasons.append(LinkReason.MESSENGER_INVITE)
    if is_ip_address(link.host):
        reasons.append(LinkReason.IP_ADDRESS)
    return reasons


def _imitates_official(parts: HostParts, official: set[str]) -> bool:
    """Same name under another suffix, or a name a few look-alike edits away."""
    if not parts.name:
        return False
    name = skeleton(parts.name).replace("-", "")
    for domain in official:
        official_parts = split_host(domain)
        target = skeleton(official_parts.name).replace("-", "")
        if not target:
            continue
        if edit_distance(name, target, lookalike_threshold(target)) <= lookalike_threshold(target):
            return True
    return False


def _contains_brand(parts: HostParts, brand_names: set[str]) -> bool:
    """The brand anywhere in a foreign host: ``binance.com.secure-login.io``."""
    host = skeleton(parts.host)
    tokens = set(re.split(r"[.\-]", host))
    return any(brand in tokens or (len(brand) >= 4 and brand in host) for brand in brand_names)
