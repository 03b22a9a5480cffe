"""What the secret scanners report, and how a report turns into redacted text.

Severity drives redaction: everything above ``LOW`` is cut out of a message before it
reaches the database, the logs or the search index. ``LOW`` findings (an xpub) are
worth telling the author about but are not secrets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum, auto


class Severity(StrEnum):
    LOW = "low"
    WARNING = "warning"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_ORDER.index(self)


_SEVERITY_ORDER = (
    Severity.LOW,
    Severity.WARNING,
    Severity.MEDIUM,
    Severity.HIGH,
    Severity.CRITICAL,
)

REDACTABLE: frozenset[Severity] = frozenset(_SEVERITY_ORDER[1:])


class SecretKind(StrEnum):
    """Values are the lower-case member names (``auto()`` on a StrEnum)."""

    SEED_PHRASE = auto()
    PARTIAL_SEED_PHRASE = auto()
    WIF_PRIVATE_KEY = auto()
    EXTENDED_PRIVATE_KEY = auto()
    EXTENDED_PUBLIC_KEY = auto()
    HEX_PRIVATE_KEY = auto()
    HEX_SECRET_CANDIDATE = auto()
    PEM_PRIVATE_KEY = auto()
    EXCHANGE_API_SECRET = auto()
    TOTP_SECRET = auto()
    PASSWORD = auto()
    OTP_CODE = auto()


SEVERITY_OF_KIND: dict[SecretKind, Severity] = {
    SecretKind.SEED_PHRASE: Severity.CRITICAL,
    SecretKind.PARTIAL_SEED_PHRASE: Severity.WARNING,
    SecretKind.WIF_PRIVATE_KEY: Severity.CRITICAL,
    SecretKind.EXTENDED_PRIVATE_KEY: Severity.CRITICAL,
    SecretKind.EXTENDED_PUBLIC_KEY: Severity.LOW,
    SecretKind.HEX_PRIVATE_KEY: Severity.CRITICAL,
    SecretKind.HEX_SECRET_CANDIDATE: Severity.MEDIUM,
    SecretKind.PEM_PRIVATE_KEY: Severity.CRITICAL,
    SecretKind.EXCHANGE_API_SECRET: Severity.HIGH,
    SecretKind.TOTP_SECRET: Severity.HIGH,
    SecretKind.PASSWORD: Severity.HIGH,
    SecretKind.OTP_CODE: Severity.MEDIUM,
}


@dataclass(frozen=True, slots=True)
class Finding:
    """A secret (or secret-looking span) at ``text[start:end]``.

    ``detail`` is for people (the author's warning, the security team's queue); it never
    repeats the secret itself.
    """

    start: int
    end: int
    kind: SecretKind
    severity: Severity
    confidence: float
    detail: str

    @property
    def redactable(self) -> bool:
        return self.severity in REDACTABLE


def make_finding(start: int, end: int, kind: SecretKind, confidence: float, detail: str) -> Finding:
    """Build a finding whose severity follows from its kind (the common case)."""
    return Finding(start, end, kind, SEVERITY_OF_KIND[kind], confidence, detail)


def redact(
    text: str,
    findings: Sequence[Finding],
    marker: Callable[[SecretKind], str],
) -> str:
    """Replace every redactable finding by ``marker(kind)``.

    Overlapping or touching spans are merged first so a secret found by two detectors
    is replaced once; the merged span keeps the kind of its most severe member.
    """
    spans = sorted(
        ((max(0, f.start), min(len(text), f.end), f) for f in findings if f.redactable and f.end > f.start),
        key=lambda span: (span[0], span[1]),
    )
    merged: list[tuple[int, int, Finding]] = []
    for start, end, finding in spans:
        if merged and start <= merged[-1][1]:
            last_start, last_end, last = merged[-1]
            worst = finding if finding.severity.rank > last.severity.rank else last
            merged[-1] = (last_start, max(last_end, end), worst)
        else:
            merged.append((start, end, finding))
    pieces: list[str] = []
    cursor = 0
    for start, end, finding in merged:
        pieces.append(text[cursor:start])
        pieces.append(marker(finding.kind))
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)
