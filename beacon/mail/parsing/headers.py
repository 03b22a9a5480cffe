"""Header values: encoded words in any charset, raw 8-bit bytes, address lists, Message-ID lists,
and subjects made safe (one line, no control characters) and comparable (no Re:/回复: prefixes)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime
from email.header import Header, decode_header
from email.utils import getaddresses, parsedate_to_datetime

from beacon.mail.parsing.charsets import decode_text, fix_raw_header

MAX_ID_LENGTH = 250
_ID = re.compile(r"<([^<>\s]{1,998})>")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_PREFIX = re.compile(
    r"^\s*(?:(?:re|fw|fwd|aw|wg|sv|vs|antw|tr|rif|enc|答复|回复|回覆|转发|轉寄|转寄|轉發)\s*(?:\[\d+\])?\s*[:：]\s*)+",
    re.IGNORECASE,
)
_ADDRESS = re.compile(r"^[^@\s<>()\[\],;:\"]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z0-9-]{2,63}$")


def decode_value(value: object) -> str:
    """A header as text: RFC 2047 encoded words in any charset (mislabelled ones too) and raw
    8-bit bytes decoded; never raises."""
    if value is None:
        return ""
    if isinstance(value, Header):
        # compat32 wraps raw 8-bit header bytes in a Header of charset "unknown-8bit": decoding
        # it returns the original bytes, which decode_text() then recognises (GBK, Big5, UTF-8).
        source: object = value
    else:
        source = fix_raw_header(str(value))
    raw = str(source)
    try:
        chunks = decode_header(source)  # type: ignore[arg-type]
    except Exception:  # a malformed encoded word: keep the raw text rather than nothing
        return raw
    out: list[str] = []
    for chunk, charset in chunks:
        if isinstance(chunk, str):
            out.append(chunk)
        else:
            out.append(decode_text(chunk, charset))
    return "".join(out)


def one_line(text: str, limit: int = 998) -> str:
    """Control characters (CR/LF included, so no header injection) become spaces; runs of
    whitespace collapse."""
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", text))
    return " ".join(text.split())[:limit]


def clean_subject(value: object) -> str:
    return one_line(decode_value(value), 500)


def strip_subject_prefixes(subject: str) -> str:
    """ "Re: 回复: Fwd: Deposit" → "Deposit"."""
    return _PREFIX.sub("", subject).strip()


def is_forward_subject(subject: str) -> bool:
    match = _PREFIX.match(subject)
    return bool(match and re.search(r"(fw|fwd|wg|tr|enc|转发|轉寄|转寄|轉發)", match.group(0), re.IGNORECASE))


def addresses(value: object) -> list[tuple[str, str]]:
    """[(display name, lower-case address)] of well-formed addresses in an address header."""
    text = decode_value(value)
    found = []
    for name, address in getaddresses([text]):
        address = address.strip().lower()
        if _ADDRESS.match(address):
            found.append((one_line(name, 80), address))
    return found


def is_address(value: str) -> bool:
    return bool(_ADDRESS.match(value))


def normalize_message_id(value: str) -> str:
    """A Message-ID without angle brackets; absurdly long ones are replaced by a stable hash so
    they fit the database column and still deduplicate."""
    value = one_line(value).strip("<>").strip()
    if len(value) > MAX_ID_LENGTH:
        value = f"h-{hashlib.sha256(value.encode()).hexdigest()}@beacon.invalid"
    return value


def message_ids(value: object) -> tuple[str, ...]:
    """Message-IDs from In-Reply-To / References, in order, without duplicates. Accepts ids
    without angle brackets (some Outlook versions) too."""
    text = decode_value(value)
    ids = _ID.findall(text) or [token for token in text.split() if "@" in token]
    seen: dict[str, None] = {}
    for item in ids:
        normalized = normalize_message_id(item)
        if normalized:
            seen.setdefault(normalized, None)
    return tuple(seen)


def parse_date(value: object) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(decode_value(value))
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo is not None else None
