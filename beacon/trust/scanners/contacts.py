"""Canonical forms for the official-channel registry ("is this really your Telegram?").

A customer pastes whatever they were sent — ``https://t.me/Binance``, ``@binance``,
``0086 138-0013-8000`` — and the registry must match it against what the operator
configured. Both sides go through ``normalise_contact`` so only canonical strings are
compared. Bad input raises ``ValueError`` with a message fit to show the customer.

EVM addresses are compared in lower case. EIP-55 checksumming needs Keccak-256,
which ``hashlib`` does not provide (its ``sha3_256`` is the NIST variant with
different padding); a lower-case comparison matches the same address and adding a
Keccak dependency for display casing is not worth it.
"""

from __future__ import annotations

import re
from enum import StrEnum

import base58
import idna

from beacon.trust.scanners.domains import normalise_domain


class ContactKind(StrEnum):
    WEBSITE = "website"
    DOMAIN = "domain"
    EMAIL = "email"
    TELEGRAM = "telegram"
    X = "x"
    PHONE = "phone"
    WECHAT = "wechat"
    WALLET_ADDRESS = "wallet_address"


_KIND_ALIASES = {
    "twitter": ContactKind.X,
    "url": ContactKind.WEBSITE,
    "site": ContactKind.WEBSITE,
    "wallet": ContactKind.WALLET_ADDRESS,
    "address": ContactKind.WALLET_ADDRESS,
    "tg": ContactKind.TELEGRAM,
    "weixin": ContactKind.WECHAT,
}
_TELEGRAM_URL_RE = re.compile(r"^(?:https?://)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)/(?P<rest>.*)$", re.I)
_TELEGRAM_RESOLVE_RE = re.compile(r"^tg://resolve\?domain=(?P<rest>[^&]+)", re.I)
_TELEGRAM_HANDLE_RE = re.compile(r"[a-z][a-z0-9_]{3,31}")
_X_URL_RE = re.compile(r"^(?:https?://)?(?:www\.|mobile\.)?(?:x\.com|twitter\.com)/(?P<rest>.*)$", re.I)
_X_HANDLE_RE = re.compile(r"[a-z0-9_]{1,15}")
_PHONE_NOISE_RE = re.compile(r"[\s\-().\u00a0/]")
_WECHAT_ID_RE = re.compile(r"[a-z0-9_\-]{2,40}")
_EVM_RE = re.compile(r"0x[0-9a-fA-F]{40}")
_BASE58_RE = re.compile(r"[1-9A-HJ-NP-Za-km-z]{25,64}")
_BECH32_RE = re.compile(r"(?P<hrp>[a-z]{1,10})1(?P<data>[02-9ac-hj-np-z]{6,})")
_BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_CONSTANTS = (1, 0x2BC830A3)  # BIP173 bech32, BIP350 bech32m
_BASE58_ADDRESS_VERSIONS = {0x00, 0x05, 0x6F, 0xC4, 0x41, 0x30, 0x32, 0x1E, 0x16}


def normalise_contact(kind: ContactKind | str, value: str) -> str:
    """The canonical string for ``value`` of contact ``kind``; ValueError if invalid."""
    contact_kind = _parse_kind(kind)
    cleaned = value.strip()
    if not cleaned:
        raise ValueError(f"Enter a {contact_kind.value.replace('_', ' ')}.")
    return _NORMALISERS[contact_kind](cleaned)


def _parse_kind(kind: ContactKind | str) -> ContactKind:
    key = str(kind).strip().lower()
    if key in _KIND_ALIASES:
        return _KIND_ALIASES[key]
    try:
        return ContactKind(key)
    except ValueError:
        raise ValueError(f"Unknown contact kind {kind!r}.") from None


def _domain(value: str) -> str:
    return normalise_domain(value)


def _email(value: str) -> str:
    address = value.removeprefix("mailto:").strip().strip("<>")
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain or any(c.isspace() for c in address):
        raise ValueError(f"{value!r} is not an e-mail address.")
    try:
        ascii_domain = idna.encode(domain.rstrip("."), uts46=True).decode("ascii")
    except idna.IDNAError:
        raise ValueError(f"{domain!r} is not a valid e-mail domain.") from None
    if "." not in ascii_domain:
        raise ValueError(f"{domain!r} is not a valid e-mail domain.")
    return f"{local.lower()}@{ascii_domain.lower()}"


def _telegram(value: str) -> str:
    handle = value
    if match := _TELEGRAM_URL_RE.match(value) or _TELEGRAM_RESOLVE_RE.match(value):
        handle = match.group("rest")
        if handle.startswith(("+", "joinchat")):
            raise ValueError("This is a Telegram invite link, not an account or channel name.")
        handle = re.split(r"[/?#]", handle, maxsplit=1)[0]
    handle = handle.removeprefix("@").lower()
    if not _TELEGRAM_HANDLE_RE.fullmatch(handle):
        raise ValueError(f"{value!r} is not a Telegram username (5-32 letters, digits or _, starting with a letter).")
    return handle


def _x_handle(value: str) -> str:
    handle = value
    if match := _X_URL_RE.match(value):
        handle = re.split(r"[/?#]", match.group("rest"), maxsplit=1)[0]
    handle = handle.removeprefix("@").lower()
    if not _X_HANDLE_RE.fullmatch(handle):
        raise ValueError(f"{value!r} is not an X handle (up to 15 letters, digits or _).")
    return handle


def _phone(value: str) -> str:
    """E.164: "+" and 8-15 digits, "00" read as the international prefix."""
    compact = _PHONE_NOISE_RE.sub("", value.translate(_FULLWIDTH_DIGITS))
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if not compact.startswith("+"):
        raise ValueError(f"{value!r} has no country code: write it as +<country code><number>.")
    digits = compact[1:]
    if not digits.isdigit() or not digits.isascii():
        raise ValueError(f"{value!r} contains characters that are not digits.")
    if not 8 <= len(digits) <= 15 or digits.startswith("0"):
        raise ValueError(f"{value!r} is not a valid international number (8-15 digits after +).")
    return compact


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９＋", "0123456789+")


def _wechat(value: str) -> str:
    wechat_id = value.lower()
    if not _WECHAT_ID_RE.fullmatch(wechat_id):
        raise ValueError(f"{value!r} is not a WeChat ID (letters, digits, _ or -).")
    return wechat_id


def _wallet_address(value: str) -> str:
    if _EVM_RE.fullmatch(value):
        return value.lower()
    lowered = value.lower()
    if (match := _BECH32_RE.fullmatch(lowered)) and (value in (lowered, value.upper())):
        if not _bech32_checksum_ok(match.group("hrp"), match.group("data")):
            raise ValueError(f"{value!r} has an invalid bech32 checksum (typo?).")
        return lowered
    if _BASE58_RE.fullmatch(value):
        return _base58_address(value)
    raise ValueError(f"{value!r} is not a recognised wallet address.")


def _base58_address(value: str) -> str:
    """Bitcoin-family and TRON addresses carry a checksum; other chains are kept as typed."""
    try:
        payload = base58.b58decode_check(value)
    except ValueError:
        if len(value) <= 35:
            raise ValueError(f"{value!r} has an invalid checksum (typo?).") from None
        return value  # Solana and similar: base58 without a checksum.
    if len(payload) in (21, 25) and payload[0] not in _BASE58_ADDRESS_VERSIONS:
        raise ValueError(f"{value!r} is not an address (unexpected version byte).")
    return value


def _bech32_checksum_ok(hrp: str, data: str) -> bool:
    values = [_BECH32_CHARSET.index(c) for c in data]
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    return _bech32_polymod(expanded + values) in _BECH32_CONSTANTS


def _bech32_polymod(values: list[int]) -> int:
    generators = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for bit, generator in enumerate(generators):
            if top >> bit & 1:
                checksum ^= generator
    return checksum


_NORMALISERS = {
    ContactKind.WEBSITE: _domain,
    ContactKind.DOMAIN: _domain,
    ContactKind.EMAIL: _email,
    ContactKind.TELEGRAM: _telegram,
    ContactKind.X: _x_handle,
    ContactKind.PHONE: _phone,
    ContactKind.WECHAT: _wechat,
    ContactKind.WALLET_ADDRESS: _wallet_address,
}
