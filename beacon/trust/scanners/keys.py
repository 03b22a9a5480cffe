"""Raw private keys: WIF, BIP32 extended keys, 64-hex keys and PEM blocks.

The 64-hex decision. A raw secp256k1 key, a TXID, a block hash and a SHA-256 checksum
are all 64 hex characters; only context separates them. In order:

1. The form field: ``txid``/``tx_hash``/``hash``/``checksum``... is never a key;
   ``private_key``/``secret``... always is.
2. A hex value inside a URL path or query (explorer ``/tx/`` links) is not a key, and
   eight or more leading zeros mean a block hash (a random key has them with
   probability 2^-32).
3. The nearest cue within 80 characters, in the message or at the end of the previous
   one: "private key", 私钥, "export", MetaMask... make it ``hex_private_key``
   (critical); "txid", "hash", 交易哈希, an explorer name... make it no finding.
4. No cue at all: ``hex_secret_candidate`` with severity *medium*, confidence 0.3. It
   is redacted like any secret because the costs are lopsided: a TXID redacted from
   free text costs one more question (and the deposit form has a TXID field, which
   is exempt), a key kept in the database costs the customer their funds.

WIF and ``xprv`` strings of the exact length and prefix that fail their base58
checksum are still reported, at lower confidence: one mistyped character still
leaves the key one brute-force step away. Addresses pass the checksum too; their
version byte and length rule them out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import base58

from beacon.trust.scanners.findings import Finding, SecretKind, make_finding
from beacon.trust.scanners.patterns import compile_mixed
from beacon.trust.scanners.proximity import closest_cue

_B58 = "1-9A-HJ-NP-Za-km-z"
# Every key format here is one unbroken run of 50+ ASCII letters and digits, so a single
# pass finds all candidates and the run's length and alphabet pick the decoder.
_CANDIDATE_RE = re.compile(r"[0-9A-Za-z]{50,}")
_HEX_RE = re.compile(r"(?:0[xX])?[0-9a-fA-F]{64}")
_BASE58_RE = re.compile(rf"[{_B58}]+")
_WIF_LENGTHS = (51, 52)
_WIF_FIRST_CHARACTERS = "5KLc9"
_EXTENDED_LENGTHS = range(107, 113)
_PEM_RE = re.compile(
    r"-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----"
    r"(?:.*?-----END \1-----|(?P<truncated>))",
    re.DOTALL,
)
_BASE64_CHUNK_RE = re.compile(r"\s*([A-Za-z0-9+/=]+|(?:Proc-Type|DEK-Info|Comment):[^\n]*)")

_WIF_VERSIONS = {0x80: "mainnet", 0xEF: "testnet"}

# BIP32 / SLIP-132 version bytes: private -> name, public -> name.
_PRIVATE_VERSIONS = {
    0x0488ADE4: "xprv", 0x049D7878: "yprv", 0x04B2430C: "zprv", 0x0295B005: "Yprv",
    0x02AA7A99: "Zprv", 0x04358394: "tprv", 0x044A4E28: "uprv", 0x045F18BC: "vprv",
    0x024285B5: "Uprv", 0x02575048: "Vprv", 0x019D9CFE: "Ltpv", 0x01B26792: "Mtpv",
    0x02FAC398: "dgpv",
}  # fmt: skip
_PUBLIC_VERSIONS = {
    0x0488B21E: "xpub", 0x049D7CB2: "ypub", 0x04B24746: "zpub", 0x0295B43F: "Ypub",
    0x02AA7ED3: "Zpub", 0x043587CF: "tpub", 0x044A5262: "upub", 0x045F1CF6: "vpub",
    0x024289EF: "Upub", 0x02575483: "Vpub", 0x019DA462: "Ltub", 0x01B26EF6: "Mtub",
    0x02FACAFD: "dgub",
}  # fmt: skip
_EXTENDED_KEY_BYTES = 78
_PRIVATE_PREFIXES = frozenset(_PRIVATE_VERSIONS.values())

_NOT_KEY_FIELD_RE = re.compile(r"tx|hash|checksum|sha|digest|commit|block|order|pub|address|id$")
_KEY_FIELD_RE = re.compile(r"priv|secret|key|seed")
_KEY = "key"
_NOT_KEY = "not_key"
_HEX_CUES = {
    _NOT_KEY: compile_mixed(
        r"public[\s_-]?key|pubkey|\btx(?:id|hash|n)?\b|\btx[\s_-]?(?:id|hash)|transaction|hash|\bblock\b|sha-?256|"
        r"checksum|digest|\bcommit\b|explorer|etherscan|bscscan|tronscan|polygonscan|"
        r"arbiscan|solscan|mempool|blockchair|blockchain\.com|oklink|"
        r"交易哈希|哈希|交易ID|交易id|交易号|交易编号|区块|校验",
        re.IGNORECASE,
    ),
    _KEY: compile_mixed(
        r"priv(?:ate)?[\s_-]?key|privkey|secret[\s_-]?key|\bexport|metamask|\bkey\b|"
        r"私钥|私鑰|导出|匯出|密钥|秘钥",
        re.IGNORECASE,
    ),
}
_BLOCK_HASH_ZEROS = "00000000"


def find_key_material(text: str, field: str | None = None, context: Sequence[str] = ()) -> list[Finding]:
    """WIF, extended keys, 64-hex keys and PEM blocks in ``text``."""
    findings = _pem_blocks(text)
    for match in _CANDIDATE_RE.finditer(text):
        previous = context[-1][-200:] if context else ""
        finding = _decode_candidate(match, text, field, previous)
        if finding is not None:
            findings.append(finding)
    return findings


def _decode_candidate(match: re.Match[str], text: str, field: str | None, previous: str) -> Finding | None:
    value = match.group()
    if _HEX_RE.fullmatch(value):
        return _hex(match, text, field, previous)
    if not _BASE58_RE.fullmatch(value):
        return None
    if len(value) in _WIF_LENGTHS and value[0] in _WIF_FIRST_CHARACTERS:
        return _wif(match)
    if len(value) in _EXTENDED_LENGTHS:
        return _extended(match)
    return None


def _wif(match: re.Match[str]) -> Finding | None:
    value = match.group()
    try:
        payload = base58.b58decode_check(value)
    except ValueError:
        return _wif_with_typo(match)
    network = _WIF_VERSIONS.get(payload[0])
    compressed = len(payload) == 34 and payload[-1] == 0x01
    if network is None or not (len(payload) == 33 or compressed):
        return None
    form = "compressed" if compressed else "uncompressed"
    detail = f"{network} WIF private key ({form})"
    return make_finding(*match.span(), SecretKind.WIF_PRIVATE_KEY, 0.99, detail)


def _wif_with_typo(match: re.Match[str]) -> Finding | None:
    """A WIF-shaped string failing its checksum still leaks the key (one char off)."""
    value = match.group()
    raw = base58.b58decode(value)
    # The compression flag is not checked: a typo in the middle can change it too.
    shaped = (len(value) == 51 and len(raw) == 37) or (len(value) == 52 and len(raw) == 38)
    if not shaped or raw[0] not in _WIF_VERSIONS:
        return None
    detail = "WIF-shaped private key with a bad checksum (typo?)"
    return make_finding(*match.span(), SecretKind.WIF_PRIVATE_KEY, 0.6, detail)


def _extended(match: re.Match[str]) -> Finding | None:
    value = match.group()
    try:
        payload = base58.b58decode_check(value)
    except ValueError:
        if value[:4] in _PRIVATE_PREFIXES and len(value) == 111:
            detail = f"{value[:4]} extended private key with a bad checksum (typo?)"
            return make_finding(*match.span(), SecretKind.EXTENDED_PRIVATE_KEY, 0.7, detail)
        return None
    if len(payload) != _EXTENDED_KEY_BYTES:
        return None
    version = int.from_bytes(payload[:4], "big")
    if version in _PRIVATE_VERSIONS and payload[45] == 0x00:
        detail = f"{_PRIVATE_VERSIONS[version]} extended private key (BIP32)"
        return make_finding(*match.span(), SecretKind.EXTENDED_PRIVATE_KEY, 0.99, detail)
    if version in _PUBLIC_VERSIONS:
        detail = f"{_PUBLIC_VERSIONS[version]} extended public key: exposes wallet history"
        return make_finding(*match.span(), SecretKind.EXTENDED_PUBLIC_KEY, 0.99, detail)
    return None


def _hex(match: re.Match[str], text: str, field: str | None, previous: str) -> Finding | None:
    start, end = match.span()
    digits = match.group()[-64:]
    field_name = re.sub(r"[^a-z]", "", (field or "").lower())
    if field_name and _KEY_FIELD_RE.search(field_name) and not _NOT_KEY_FIELD_RE.search(field_name):
        return make_finding(start, end, SecretKind.HEX_PRIVATE_KEY, 0.95, "64-hex key in a key field")
    if field_name and _NOT_KEY_FIELD_RE.search(field_name):
        return None
    if digits.startswith(_BLOCK_HASH_ZEROS) or _inside_url(text, start):
        return None
    cue = closest_cue(text, start, end, _HEX_CUES)
    if cue is None and previous:
        cue = closest_cue(previous + "\n", len(previous) + 1, len(previous) + 1, _HEX_CUES)
    if cue == _NOT_KEY:
        return None
    if cue == _KEY:
        detail = "64-hex private key (named as a key nearby)"
        return make_finding(start, end, SecretKind.HEX_PRIVATE_KEY, 0.9, detail)
    detail = "64 hex characters without context: a TXID, a hash or a raw private key"
    return make_finding(start, end, SecretKind.HEX_SECRET_CANDIDATE, 0.3, detail)


def _inside_url(text: str, start: int) -> bool:
    """Hex that continues a URL path or query (explorer links) is an identifier."""
    if start == 0 or text[start - 1] not in "/=":
        return False
    line_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    return "://" in text[line_start:start] or "." in text[line_start:start]


def _pem_blocks(text: str) -> list[Finding]:
    if "-----BEGIN" not in text:
        return []
    findings: list[Finding] = []
    for match in _PEM_RE.finditer(text):
        end = match.end()
        if match.group("truncated") is not None:
            end = _end_of_base64_body(text, end)
        detail = f"PEM {match.group(1).lower()} block"
        findings.append(make_finding(match.start(), end, SecretKind.PEM_PRIVATE_KEY, 0.99, detail))
    return findings


def _end_of_base64_body(text: str, position: int) -> int:
    """Without an END line, take base64 chunks until something reads like prose."""
    while chunk := _BASE64_CHUNK_RE.match(text, position):
        word = chunk.group(1)
        if word.isalpha() and len(word) <= 12 and (word.islower() or word.istitle()):
            break
        position = chunk.end()
    return position
