"""Raw RFC 5322 bytes → ParsedMail. Pure: no database, no settings, never raises on bad input.

Malformed MIME (missing boundaries, broken base64, bad charsets) is parsed as far as it goes and the
problems are listed in `defects`. Limits on parts and nesting keep hostile mail cheap to read.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message
from typing import Any

from beacon.mail.parsing.auto import Bounce, classify, parse_bounce
from beacon.mail.parsing.charsets import decode_text
from beacon.mail.parsing.headers import (
    addresses,
    clean_subject,
    decode_value,
    is_forward_subject,
    message_ids,
    normalize_message_id,
    one_line,
    parse_date,
)
from beacon.mail.parsing.html import html_to_text, sanitize_html
from beacon.mail.parsing.quotes import extract_reply

MAX_PARTS = 100
MAX_DEPTH = 8
MAX_TEXT = 200_000


@dataclass(frozen=True)
class MailPart:
    """An attachment or inline image, not yet checked (see beacon.core.uploads.prepare_upload)."""

    filename: str
    content_type: str
    data: bytes
    content_id: str = ""
    inline: bool = False


@dataclass
class ParsedMail:
    message_id: str
    subject: str
    from_address: str
    from_name: str
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    date: datetime | None = None
    text: str = ""
    reply_text: str = ""
    html: str = ""
    attachments: list[MailPart] = field(default_factory=list)
    auto: str | None = None
    auto_reason: str = ""
    bounce: Bounce | None = None
    forwarded: bool = False
    quote_removed: bool = False
    loop_marker: str = ""
    defects: list[str] = field(default_factory=list)
    size: int = 0

    @property
    def thread_ids(self) -> tuple[str, ...]:
        """Message-IDs this mail answers, most relevant first: In-Reply-To, then References newest
        first (Outlook sometimes points In-Reply-To at a message the thread never saw)."""
        ordered = dict.fromkeys((*self.in_reply_to, *reversed(self.references)))
        ordered.pop(self.message_id, None)
        return tuple(ordered)


@dataclass
class _Walk:
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    forwarded: list[str] = field(default_factory=list)
    parts: list[MailPart] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    count: int = 0


def synthetic_message_id(raw: bytes) -> str:
    """A stable id for mail that has none, so that the same bytes delivered twice are one mail."""
    return f"missing-{hashlib.sha256(raw).hexdigest()[:40]}@beacon.invalid"


def _filename(part: Message) -> str:
    try:
        name = part.get_filename() or part.get_param("name") or ""
    except (TypeError, ValueError, LookupError):
        name = ""
    if isinstance(name, tuple):  # an RFC 2231 value the parser could not collapse
        name = decode_text(str(name[2]).encode("latin-1", "replace"), name[0])
    return one_line(decode_value(name), 160)


def _payload_bytes(part: Message, walk: _Walk) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception as exc:  # a payload the email package cannot decode at all
        walk.defects.append(f"undecodable part: {type(exc).__name__}")
        return b""
    return data if isinstance(data, bytes) else b""


def _text_of(part: Message, walk: _Walk) -> str:
    return decode_text(_payload_bytes(part, walk), part.get_content_charset())[:MAX_TEXT]


def _forward_block(inner: Message) -> str:
    lines = ["---------- Forwarded message ----------"]
    for name in ("From", "Date", "Subject", "To"):
        value = one_line(decode_value(inner.get(name, "")))
        if value:
            lines.append(f"{name}: {value}")
    return "\n".join(lines)


def _walk(part: Message, depth: int, walk: _Walk) -> None:
    walk.count += 1
    if walk.count > MAX_PARTS:
        if walk.count == MAX_PARTS + 1:
            walk.defects.append(f"more than {MAX_PARTS} parts; the rest was not read")
        return
    if depth > MAX_DEPTH:
        walk.defects.append(f"parts nested deeper than {MAX_DEPTH} levels were not read")
        return
    for defect in part.defects:
        walk.defects.append(type(defect).__name__)
    ctype = part.get_content_type()
    if ctype == "message/rfc822":
        inner = part.get_payload()
        if isinstance(inner, list) and inner and isinstance(inner[0], Message):
            sub = _Walk(count=walk.count, defects=walk.defects)
            _walk(inner[0], depth + 1, sub)
            walk.count = sub.count
            body = "\n".join(sub.plain) if sub.plain else html_to_text(sanitize_html("\n".join(sub.html)))
            walk.forwarded.append(f"{_forward_block(inner[0])}\n\n{body}".strip())
            walk.parts.extend(sub.parts)
        return
    if part.is_multipart():
        payload = part.get_payload()
        children = payload if isinstance(payload, list) else []
        if ctype == "multipart/alternative":
            _alternative(children, depth, walk)
            return
        for child in children:
            if isinstance(child, Message):
                _walk(child, depth + 1, walk)
        return
    if ctype.startswith("message/") or ctype == "text/rfc822-headers":
        return  # delivery reports and the like: read by parse_bounce, not part of the text
    disposition = part.get_content_disposition()
    filename = _filename(part)
    if ctype in {"text/plain", "text/html"} and disposition != "attachment" and not filename:
        (walk.plain if ctype == "text/plain" else walk.html).append(_text_of(part, walk))
        return
    data = _payload_bytes(part, walk)
    if not data:
        return
    content_id = one_line(decode_value(part.get("content-id", ""))).strip("<>")
    walk.parts.append(
        MailPart(
            filename=filename or _default_name(ctype, len(walk.parts) + 1),
            content_type=ctype,
            data=data,
            content_id=content_id,
            inline=disposition == "inline" or (bool(content_id) and disposition != "attachment"),
        )
    )


def _alternative(children: list[Any], depth: int, walk: _Walk) -> None:
    """Read the plain-text and the HTML version of the same content (and their inline images),
    without taking the text twice."""
    sub = _Walk(count=walk.count, defects=walk.defects)
    for child in children:
        if isinstance(child, Message):
            _walk(child, depth + 1, sub)
    walk.count = sub.count
    plain = "\n".join(sub.plain).strip()
    if plain:
        walk.plain.append(plain)
    if sub.html:
        walk.html.append("\n".join(sub.html))
    walk.forwarded.extend(sub.forwarded)
    walk.parts.extend(sub.parts)


def _default_name(ctype: str, n: int) -> str:
    ext = {
        "image/png": "png",
        "image/jpeg": "jpg",
        "image/gif": "gif",
        "image/webp": "webp",
        "application/pdf": "pdf",
        "text/plain": "txt",
    }.get(ctype, "bin")
    return f"attachment-{n}.{ext}"


def parse_mail(raw: bytes) -> ParsedMail:
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    senders = addresses(msg.get("from", "")) or addresses(msg.get("sender", ""))
    from_name, from_address = senders[0] if senders else ("", "")
    subject = clean_subject(msg.get("subject", ""))
    ids = message_ids(msg.get("message-id", ""))
    walk = _Walk()
    _walk(msg, 0, walk)
    image_names = {p.content_id: p.filename for p in walk.parts if p.content_id}
    html = sanitize_html("\n".join(walk.html)) if walk.html else ""
    text = "\n\n".join(t for t in walk.plain if t.strip()).strip()
    if not text and html:
        text = html_to_text(html, image_names)
    forwarded_blocks = "\n\n".join(walk.forwarded)
    reply = extract_reply(text, forward_subject=is_forward_subject(subject))
    reply_text = reply.text
    if forwarded_blocks:
        text = f"{text}\n\n{forwarded_blocks}".strip()
        reply_text = f"{reply_text}\n\n{forwarded_blocks}".strip()
    auto, reason = classify(msg, subject, from_address)
    return ParsedMail(
        message_id=ids[0] if ids else synthetic_message_id(raw),
        subject=subject,
        from_address=from_address,
        from_name=from_name,
        to=tuple(a for _n, a in addresses(msg.get("to", ""))),
        cc=tuple(a for _n, a in addresses(msg.get("cc", ""))),
        in_reply_to=message_ids(msg.get("in-reply-to", "")),
        references=message_ids(msg.get("references", ""))[-50:],
        date=parse_date(msg.get("date")),
        text=text,
        reply_text=reply_text,
        html=html,
        attachments=walk.parts,
        auto=auto,
        auto_reason=reason,
        bounce=parse_bounce(msg) if auto == "bounce" else None,
        forwarded=reply.forwarded or bool(forwarded_blocks),
        quote_removed=reply.quote_removed,
        loop_marker=normalize_message_id(decode_value(msg.get("x-beacon-loop", ""))),
        defects=list(dict.fromkeys(walk.defects)),
        size=len(raw),
    )
