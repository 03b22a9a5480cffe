"""The e-mail channel adapter: a parsed mail → an InboundMessage for the one inbound pipeline."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.core.inbound import Channel, InboundMessage, ThreadHint
from beacon.core.uploads import PreparedUpload, UploadRejected, prepare_upload
from beacon.mail.parsing import MailPart, ParsedMail, strip_subject_prefixes
from beacon.mail.parsing.headers import one_line
from beacon.mail.threading import ThreadDecision
from beacon.tickets.services import MAX_BODY

_REFERENCE_TAG = re.compile(r"\[?\bBCN-\d{6,}\b\]?", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class CheckedAttachments:
    accepted: list[PreparedUpload] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    # Content-ID of an inline part → its index in `accepted` (the HTML's cid: images).
    content_ids: dict[str, int] = field(default_factory=dict)


def check_attachments(parts: list[MailPart]) -> CheckedAttachments:
    """Every file goes through prepare_upload (type sniffed, images re-encoded, size capped).
    Refused files are reported, not fatal: the mail's text still reaches the ticket."""
    checked = CheckedAttachments()
    limit = settings.BEACON_MAX_ATTACHMENTS_PER_MESSAGE
    seen: dict[str, int | None] = {}  # digest → index in accepted (None: refused)
    for part in parts:
        digest = hashlib.sha256(part.data).hexdigest()
        if digest in seen:  # clients attach the same inline logo once per quoted message
            index = seen[digest]
            if part.content_id and index is not None:
                checked.content_ids[part.content_id] = index
            continue
        seen[digest] = None
        if len(checked.accepted) >= limit:
            checked.refused.append(
                (part.filename, _("Only the first %(n)d files of a message are kept.") % {"n": limit})
            )
            continue
        try:
            upload = prepare_upload(part.filename, part.data)
        except UploadRejected as exc:
            checked.refused.append((part.filename, str(exc.message)))
            continue
        index = seen[digest] = len(checked.accepted)
        checked.accepted.append(upload)
        if part.content_id:
            checked.content_ids[part.content_id] = index
    return checked


def guess_language(mail: ParsedMail) -> str:
    return "zh-hans" if _CJK.search(f"{mail.subject} {mail.reply_text[:2000]}") else "en"


def ticket_subject(mail: ParsedMail, body: str) -> str:
    subject = one_line(_REFERENCE_TAG.sub(" ", strip_subject_prefixes(mail.subject)), 200)
    subject = strip_subject_prefixes(subject)
    if not subject:
        first_line = next((line.strip() for line in body.splitlines() if line.strip()), "")
        subject = one_line(first_line, 80) or _("E-mail from %(sender)s") % {"sender": mail.from_address}
    return subject[:200]


def message_body(mail: ParsedMail, has_attachments: bool) -> str:
    body = mail.reply_text.strip()
    if not body:
        return _("(No text: see the attached files.)") if has_attachments else _("(The e-mail had no text.)")
    if len(body) > MAX_BODY:
        note = _("[The e-mail was longer; the rest was cut.]")
        body = f"{body[: MAX_BODY - len(note) - 4]}\n\n{note}"
    return body


def category_text(mail: ParsedMail) -> str:
    """The text the pipeline classifies when this mail opens a ticket without a category (the
    subject and body build_inbound() gives it; see beacon.tickets.pipeline.thread), unless a
    scanner redacts something from it first."""
    body = message_body(mail, bool(mail.attachments))
    return f"{ticket_subject(mail, body)}\n{body}"


def build_inbound(
    mail: ParsedMail,
    author: User,
    decision: ThreadDecision,
    attachments: list[PreparedUpload],
    *,
    category: str | None = None,
    source: str = "",
) -> InboundMessage:
    body = message_body(mail, bool(attachments))
    return InboundMessage(
        channel=Channel.EMAIL,
        author=author,
        body=body,
        subject=ticket_subject(mail, body),
        category=category,
        attachments=attachments,
        thread_hint=ThreadHint(
            ticket_id=decision.ticket.pk if decision.ticket is not None else None,
            message_ids=mail.thread_ids,
        ),
        metadata={"message_id": mail.message_id, "source": source, "from": mail.from_address},
    )
