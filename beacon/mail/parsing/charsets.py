"""Bytes → text for mail bodies and headers, including the charsets Chinese clients use and the
labels they get wrong.

Rules, in order:
1. Valid UTF-8 that contains non-ASCII text is UTF-8, whatever the label says (the most common
   mislabel: "gb2312" or "iso-8859-1" on UTF-8 text).
2. GB2312 and GBK are decoded as GB18030, their superset (GB2312-labelled mail routinely contains
   GBK-only characters such as 镕 or 堃); Big5 as CP950 then Big5-HKSCS.
3. A GB label on Big5 bytes (and the reverse) is caught from the byte statistics: Big5 puts about
   half of its trail bytes in 0x40–0x7E (including the full-width comma and full stop), GB2312 never
   does.
4. An unknown label, or bytes the label cannot decode, fall back to UTF-8, GB18030, Big5, then
   Windows-1252 with replacement characters: text is never dropped.
"""

from __future__ import annotations

import codecs

_GB = "gb18030"
_BIG5 = ("cp950", "big5hkscs")
_ALIASES = {
    "gb2312": _GB,
    "gbk": _GB,
    "x-gbk": _GB,
    "cp936": _GB,
    "euc-cn": _GB,
    "x-euc-cn": _GB,
    "csgb2312": _GB,
    "chinese": _GB,
    "gb_2312-80": _GB,
    "big5": "cp950",
    "x-big5": "cp950",
    "big5-hkscs": "big5hkscs",
    "cn-big5": "cp950",
    "ks_c_5601-1987": "cp949",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "ascii",
    "ascii": "ascii",
    "unknown-8bit": "",
    "x-unknown": "",
    "unknown": "",
    "default": "",
}
_SINGLE_BYTE = {"", "ascii", "cp1252"}


def normalize_charset(label: str | None) -> str:
    """A Python codec name for a MIME charset label, or "" when the label is missing or unknown."""
    if not label:
        return ""
    label = label.strip().strip("\"'").lower()
    if label in _ALIASES:
        return _ALIASES[label]
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return ""
    return _ALIASES.get(name, name)


def _is_gb(codec: str) -> bool:
    return codec == _GB


def _double_byte_stats(data: bytes) -> tuple[int, int]:
    """(pairs, pairs whose trail byte is below 0xA1) over the lead bytes ≥ 0x81."""
    pairs = low_trail = 0
    i, n = 0, len(data)
    while i < n - 1:
        if data[i] >= 0x81:
            pairs += 1
            if data[i + 1] < 0xA1:
                low_trail += 1
            i += 2
        else:
            i += 1
    return pairs, low_trail


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _decode_big5(data: bytes) -> str | None:
    for codec in _BIG5:
        text = _strict(data, codec)
        if text is not None:
            return text
    return None


def _utf8_text(data: bytes) -> str | None:
    if data.isascii():
        return None
    return _strict(data, "utf-8")


def guess_cjk(data: bytes) -> str | None:
    """Decode legacy Chinese bytes with no trustworthy label: Big5 when its statistics say so, else
    GB18030."""
    pairs, low = _double_byte_stats(data)
    text = _decode_big5(data) if pairs and low / pairs > 0.25 else None
    if text is None:
        text = _strict(data, _GB)
    # Private-use code points mean the bytes were not Chinese text after all.
    if text is None or any("\ue000" <= ch <= "\uf8ff" for ch in text):
        return None
    return text


def decode_text(data: bytes, label: str | None = None) -> str:
    """Decode a body or header chunk. Never raises; undecodable bytes become U+FFFD."""
    if not data:
        return ""
    codec = normalize_charset(label)
    utf8 = _utf8_text(data)
    if utf8 is not None:
        return utf8
    if data.isascii():
        return data.decode("ascii")
    pairs, low = _double_byte_stats(data)
    if _is_gb(codec) and pairs >= 4 and low / pairs > 0.25:
        # A GB label on Big5 bytes: Big5's trail bytes 0x40–0x7E are rare in GBK text.
        text = _decode_big5(data)
        if text is not None:
            return text
    if codec in _BIG5 and pairs >= 8 and low == 0:
        # A Big5 label on GB2312 bytes: real Big5 text of this length always has low trail bytes.
        text = _strict(data, _GB)
        if text is not None:
            return text
    if codec and codec not in _SINGLE_BYTE:
        text = _strict(data, codec)
        if text is not None:
            return text
        if codec in _BIG5:
            text = _decode_big5(data)
            if text is not None:
                return text
    guessed = guess_cjk(data) if pairs else None
    # An 8-bit text with no label (raw header bytes) is usually GBK or Big5; under a Latin-1 label
    # it takes several Chinese characters to overrule the label ("Grüße" must stay German).
    trusted_latin = codec == "cp1252" and pairs < 4
    if guessed is not None and not trusted_latin and (codec in {"", "ascii"} or _looks_cjk(guessed)):
        return guessed
    if codec and codec != "ascii":
        return data.decode(codec, errors="replace")
    return data.decode("cp1252", errors="replace")


def _looks_cjk(text: str) -> bool:
    cjk = sum(1 for ch in text if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
    return cjk >= max(1, len([ch for ch in text if ord(ch) > 127]) // 2)


def fix_raw_header(value: str) -> str:
    """A header read with the compat32 policy keeps raw 8-bit bytes as surrogates: decode them."""
    if not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
    return decode_text(value.encode("utf-8", "surrogateescape"))
