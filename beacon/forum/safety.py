"""The trust scanners, applied to forum posts and other public text that does not become a ticket.

The inbound pipeline's `scan` and `links` stages do this for tickets; a forum post is public and has
no ticket, so it goes through the same detectors here: secrets are replaced by the same markers
before anything is stored, look-alike links are defanged, the author gets the same advice, and the
security team sees the same events (without the secret).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.trust.advice import advice_for, marker
from beacon.trust.enums import EventKind
from beacon.trust.pipeline import defang
from beacon.trust.scanners.findings import Finding, redact
from beacon.trust.scanners.links import LinkFinding, check_links, extract_links
from beacon.trust.scanners.secrets import scan_secrets
from beacon.trust.selectors import brand_names, official_domains
from beacon.trust.services import record_security_event


@dataclass
class Screened:
    """Text made safe to publish, with what was done to it (kinds and hosts only, never a secret)."""

    text: str
    findings: list[Finding] = field(default_factory=list)
    links: list[LinkFinding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def security(self) -> dict[str, Any]:
        info: dict[str, Any] = {}
        if self.findings:
            info["redacted"] = sorted({str(f.kind) for f in self.findings})
        if self.links:
            info["links"] = [
                {"host": defang(f.host), "reasons": [str(r) for r in f.reasons], "severity": str(f.severity)}
                for f in self.links
            ]
        return info

    @property
    def flagged(self) -> bool:
        return bool(self.findings or self.links)


def screen_text(text: str, *, context: list[str] | None = None) -> Screened:
    """Redact secrets, then defang suspicious links (links are looked for in the redacted text)."""
    found = [f for f in scan_secrets(text, context=context or []) if f.redactable]
    cleaned = redact(text, found, marker) if found else text
    links = check_links(cleaned, official_domains(), brand_names())
    if links:
        cleaned = _defang_spans(cleaned, links)
    warnings = advice_for({f.kind for f in found}) if found else []
    if links:
        hosts = ", ".join(sorted({defang(f.host) for f in links}))
        warnings.append(
            _("The link to %(hosts)s is not one of our official sites. Do not sign in or pay there.") % {"hosts": hosts}
        )
    return Screened(cleaned, found, links, warnings)


def _defang_spans(text: str, found: list[LinkFinding]) -> str:
    pieces, cursor = [], 0
    for finding in sorted(found, key=lambda f: f.start):
        if finding.start < cursor:
            continue
        pieces += [text[cursor : finding.start], defang(text[finding.start : finding.end])]
        cursor = finding.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def has_links(text: str) -> bool:
    """Any URL or bare domain (new accounts may not post links: the commonest spam)."""
    return bool(extract_links(text))


def record_screening(screened: Screened, *, user: User | None, channel: str, detail: dict[str, Any]) -> None:
    """Log what the scanners found for the security team (caller's transaction)."""
    if screened.findings:
        record_security_event(
            EventKind.SECRET_REDACTED,
            severity=max((f.severity for f in screened.findings), key=lambda s: s.rank),
            user=user,
            channel=channel,
            detail={"kinds": screened.security["redacted"], **detail},
        )
    if screened.links:
        record_security_event(
            EventKind.PHISHING_LINK,
            severity=max((f.severity for f in screened.links), key=lambda s: s.rank),
            user=user,
            channel=channel,
            detail={"links": screened.security["links"], **detail},
        )
