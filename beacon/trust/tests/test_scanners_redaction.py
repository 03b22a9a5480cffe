"""redact(), and properties that must hold for any input."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beacon.trust.eval import material
from beacon.trust.scanners.agent_guard import check_agent_reply
from beacon.trust.scanners.findings import REDACTABLE, Finding, SecretKind, Severity, make_finding, redact
from beacon.trust.scanners.links import check_links
from beacon.trust.scanners.secrets import scan_secrets


def _marker(kind: SecretKind) -> str:
    return f"[{kind} removed]"


def test_overlapping_spans_are_replaced_once_with_the_most_severe_kind() -> None:
    findings = [
        make_finding(4, 10, SecretKind.OTP_CODE, 0.8, ""),
        make_finding(8, 14, SecretKind.PASSWORD, 0.8, ""),
    ]

    assert redact("abc 123456789012 end", findings, _marker) == "abc [password removed]12 end"


def test_low_severity_findings_are_left_in_place() -> None:
    text = "xpub here"
    findings = [Finding(0, 4, SecretKind.EXTENDED_PUBLIC_KEY, Severity.LOW, 0.99, "")]

    assert redact(text, findings, _marker) == text


def test_redactable_severities_are_everything_above_low() -> None:
    assert set(Severity) - REDACTABLE == {Severity.LOW}


def _secret_makers() -> list[str]:
    rng = random.Random(3)
    return [
        " ".join(material.seed_phrase(rng, "english", 256)),
        "".join(material.seed_phrase(rng, "chinese_simplified", 128)),
        "\u3000".join(material.seed_phrase(rng, "japanese", 160)),
        material.wif(rng, compressed=True, testnet=False),
        material.master_xprv(rng),
        material.pem_block(rng, "EC PRIVATE KEY"),
        "my private key " + material.hex64(rng),
        "password: " + material.api_credential(rng, 20),
    ]


SECRETS = _secret_makers()
FILLER = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=FILLER, secret=st.sampled_from(SECRETS), after=FILLER)
def test_no_secret_text_survives_redaction(before: str, secret: str, after: str) -> None:
    text = f"{before} {secret} {after}"
    findings = scan_secrets(text)

    redacted = redact(text, findings, _marker)

    leaked = [text[f.start : f.end] for f in findings if f.redactable and f.end - f.start >= 16]
    assert [value for value in leaked if value in redacted] == []
    assert any(f.redactable for f in findings)


@settings(max_examples=300, deadline=None)
@given(text=st.text(), context=st.lists(st.text(max_size=40), max_size=3))
def test_scanners_never_raise_and_spans_stay_inside_the_text(text: str, context: list[str]) -> None:
    findings = scan_secrets(text, context=context)
    links = check_links(text, ["binance.com"], ["binance"])
    guard = check_agent_reply(text)

    spans = [(f.start, f.end) for f in findings] + [(f.start, f.end) for f in links]
    spans += [(f.start, f.end) for f in guard]
    assert all(0 <= start < end <= len(text) for start, end in spans)


@settings(max_examples=100, deadline=None)
@given(words=st.lists(st.sampled_from(["wallet", "please", "help", "的", "1.", "0x", "txid", "\u200b"]), max_size=40))
def test_scanning_is_deterministic(words: list[str]) -> None:
    text = " ".join(words)

    assert scan_secrets(text) == scan_secrets(text)
