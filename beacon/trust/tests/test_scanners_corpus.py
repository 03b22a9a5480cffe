"""The labelled evaluation corpus: its shape, and the scanner's results on it."""

from __future__ import annotations

from collections import Counter

from beacon.trust.eval.corpus import build_corpus
from beacon.trust.scanners.findings import SecretKind
from beacon.trust.scanners.secrets import scan_secrets

CASES = build_corpus()


def test_corpus_has_at_least_300_cases_with_positives_and_negatives() -> None:
    labels = Counter(kind for case in CASES for kind in case.expected)

    assert len(CASES) >= 300
    assert sum(not case.expected for case in CASES) >= 150
    assert set(labels) == set(SecretKind)


def test_corpus_is_deterministic() -> None:
    assert build_corpus() == CASES


def test_every_labelled_secret_is_found() -> None:
    missed = [
        (case.category, kind)
        for case in CASES
        for kind in case.expected
        if kind not in {f.kind for f in scan_secrets(case.text, field=case.field, context=case.context)}
    ]

    assert missed == []


def test_negatives_have_nothing_redacted() -> None:
    redacted = [
        case.category
        for case in CASES
        if not case.expected
        and any(f.redactable for f in scan_secrets(case.text, field=case.field, context=case.context))
    ]

    assert redacted == []
