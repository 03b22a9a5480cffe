"""The trust stages of the inbound pipeline: secrets out, suspicious links defanged, events logged.

`scan` and `links` run before anything is stored, so a secret never reaches the database, the
search index or a log line; `record_findings` runs inside the same transaction as the ticket.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

from django.utils.translation import gettext as _

from beacon.core.inbound import FLAG_PHISHING_LINK, FLAG_SECRET_EXPOSED, InboundContext
from beacon.core.uploads import PreparedUpload
from beacon.tickets.models import Message
from beacon.trust import services
from beacon.trust.advice import advice_for, marker
from beacon.trust.enums import EventKind
from beacon.trust.scanners.findings import Finding, Severity, redact
from beacon.trust.scanners.links import LinkFinding, check_links, extract_links
from beacon.trust.scanners.secrets import scan_secrets
from beacon.trust.selectors import brand_names, official_domains

CONTEXT_MESSAGES = 5
EXPOSED = {Severity.HIGH, Severity.CRITICAL}


def scan(ctx: InboundContext) -> None:
    """Redact secrets from the subject, body, fields and text attachments; warn the author."""
    message = ctx.message
    findings: list[Finding] = []

    def clean(text: str, field: str | None = None, context: Sequence[str] = ()) -> str:
        if not text:
            return text
        found = scan_secrets(text, field=field, context=context)
        findings.extend(found)
        return redact(text, found, marker) if found else text

    message.subject = clean(message.subject)
    message.body = clean(message.body, context=_earlier_messages(ctx))
    message.fields = {
        name: clean(value, field=name) if isinstance(value, str) else value for name, value in message.fields.items()
    }
    message.attachments = [_clean_attachment(upload, clean) for upload in message.attachments]
    redacted = [f for f in findings if f.redactable]
    if not redacted:
        return
    kinds = {f.kind for f in redacted}
    ctx.findings.extend(redacted)
    ctx.security["redacted"] = sorted(kinds)
    ctx.warnings.extend(advice_for(kinds))
    if any(f.severity in EXPOSED for f in redacted):
        ctx.flags.add(FLAG_SECRET_EXPOSED)


class EarlierMessages(Sequence[str]):
    """The author's own recent messages on this conversation (a phrase split across messages),
    oldest first, read from the database only when a scanner looks at them: most messages open
    with an ordinary word and hold no key-like string, so the scanners never do, and a chat line
    costs no query for them."""

    def __init__(self, ticket_id: int, author_id: int) -> None:
        self.ticket_id = ticket_id
        self.author_id = author_id
        self._bodies: list[str] | None = None

    def _load(self) -> list[str]:
        if self._bodies is None:
            bodies = Message.objects.filter(ticket_id=self.ticket_id, author_id=self.author_id).order_by(
                "-created_at", "-id"
            )
            self._bodies = list(reversed(bodies.values_list("body", flat=True)[:CONTEXT_MESSAGES]))
        return self._bodies

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._load()[index]

    def __len__(self) -> int:
        return len(self._load())


def _earlier_messages(ctx: InboundContext) -> Sequence[str]:
    hint = ctx.message.thread_hint
    if hint is None or hint.ticket_id is None:
        return ()
    return EarlierMessages(hint.ticket_id, ctx.message.author.pk)


def _clean_attachment(upload: PreparedUpload, clean: object) -> PreparedUpload:
    if not upload.is_text:
        return upload
    for encoding in ("utf-8", "gb18030"):
        try:
            text = upload.data.decode(encoding)
        except UnicodeDecodeError:
            continue
        cleaned = clean(text)  # type: ignore[operator]
        if cleaned == text:
            return upload
        return PreparedUpload(upload.name, upload.content_type, cleaned.encode(encoding))
    return upload


def links(ctx: InboundContext) -> None:
    """Defang look-alike and other risky links so they are shown as text with a warning."""
    message = ctx.message
    if not extract_links(message.body):
        return  # most messages hold no link: no need for the official domains (a cache round trip)
    found = check_links(message.body, official_domains(), brand_names())
    if not found:
        return
    ctx.link_findings.extend(found)
    ctx.flags.add(FLAG_PHISHING_LINK)
    ctx.security["links"] = [
        {"host": defang(f.host), "reasons": [str(r) for r in f.reasons], "severity": str(f.severity)} for f in found
    ]
    message.body = _defang_spans(message.body, found)
    hosts = ", ".join(sorted({defang(f.host) for f in found}))
    ctx.warnings.append(
        _("The link to %(hosts)s is not one of our official sites. Do not sign in or pay there.") % {"hosts": hosts}
    )


def defang(text: str) -> str:
    return text.replace("https://", "hxxps://").replace("http://", "hxxp://").replace(".", "[.]")


def _defang_spans(text: str, found: list[LinkFinding]) -> str:
    pieces, cursor = [], 0
    for finding in sorted(found, key=lambda f: f.start):
        if finding.start < cursor:
            continue
        pieces += [text[cursor : finding.start], defang(text[finding.start : finding.end])]
        cursor = finding.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def record_findings(ctx: InboundContext) -> None:
    """Log what the scanners found against the stored ticket (same transaction)."""
    if ctx.security.get("redacted"):
        services.record_security_event(
            EventKind.SECRET_REDACTED,
            severity=max((f.severity for f in ctx.findings), key=lambda s: s.rank),
            ticket=ctx.ticket,
            user=ctx.message.author,
            channel=ctx.message.channel,
            detail={"kinds": ctx.security["redacted"], "message": ctx.result.pk},
        )
    if ctx.security.get("links"):
        services.record_security_event(
            EventKind.PHISHING_LINK,
            severity=max((f.severity for f in ctx.link_findings), key=lambda s: s.rank),
            ticket=ctx.ticket,
            user=ctx.message.author,
            channel=ctx.message.channel,
            detail={"links": ctx.security["links"], "message": ctx.result.pk},
        )
