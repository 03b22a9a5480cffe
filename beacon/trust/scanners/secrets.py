"""Find secrets in a chat message or form field before it is stored anywhere.

    findings = scan_secrets(message.body, context=previous_bodies)
    safe_body = redact(message.body, findings, lambda kind: f"[{kind} removed]")

Pure functions over strings: no database, no settings, no network. A hit must never
be logged with its text; ``Finding.detail`` is written to be safe to log.
"""

from __future__ import annotations

from collections.abc import Sequence

from beacon.trust.scanners.credentials import find_credentials
from beacon.trust.scanners.findings import (
    REDACTABLE,
    Finding,
    SecretKind,
    Severity,
    redact,
)
from beacon.trust.scanners.keys import find_key_material
from beacon.trust.scanners.seed import find_seed_phrases

__all__ = ["REDACTABLE", "Finding", "SecretKind", "Severity", "redact", "scan_secrets"]


def scan_secrets(text: str, field: str | None = None, context: Sequence[str] = ()) -> list[Finding]:
    """All secrets in ``text``, ordered by position.

    ``field`` is the form field the text came from (a ``txid`` field holds TXIDs, not
    keys). ``context`` holds the earlier messages of the same conversation, most recent
    last: a seed phrase sent in two halves is reported on the message completing it.
    """
    findings = [
        *find_seed_phrases(text, context),
        *find_key_material(text, field, context),
        *find_credentials(text),
    ]
    return _drop_shadowed(findings)


def _drop_shadowed(findings: list[Finding]) -> list[Finding]:
    """Keep one finding per secret: a span inside a stronger finding adds nothing."""
    if len(findings) < 2:
        return findings
    strongest_first = sorted(
        findings,
        key=lambda f: (-f.severity.rank, -f.confidence, f.start - f.end, f.start),
    )
    kept: list[Finding] = []
    for finding in strongest_first:
        if not any(k.start <= finding.start and finding.end <= k.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.end))
