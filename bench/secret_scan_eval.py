"""Accuracy and speed of the secret scanner on the labelled corpus.

    .venv/bin/python bench/secret_scan_eval.py [--megabytes 10] [--seed 20240601]

Prints recall and precision per kind, the share of negative cases left untouched,
and the throughput on a stream of realistic support conversations (each message
scanned with the previous ones of its conversation as context, as the app does).
Targets: 100% recall on 12-24-word phrases, WIF and xprv; >= 99% of negatives clean;
>= 5 MB/s.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from beacon.trust.eval.corpus import DEFAULT_SEED, Case, build_corpus
from beacon.trust.eval.texts import (
    AGENT_REPLIES,
    CHINESE_MESSAGES,
    ENGLISH_MESSAGES,
)
from beacon.trust.scanners.findings import SecretKind
from beacon.trust.scanners.secrets import scan_secrets

CONVERSATION_LENGTH = 8
CONTEXT_MESSAGES = 4


def evaluate(cases: list[Case]) -> None:
    true_positive: Counter[SecretKind] = Counter()
    false_positive: Counter[SecretKind] = Counter()
    support: Counter[SecretKind] = Counter()
    negatives = clean = 0
    misses: list[str] = []
    for case in cases:
        findings = scan_secrets(case.text, field=case.field, context=case.context)
        found = {f.kind for f in findings}
        for kind in case.expected:
            support[kind] += 1
            true_positive[kind] += kind in found
            if kind not in found:
                misses.append(f"  missed {kind} in {case.category}")
        for kind in found - case.expected:
            false_positive[kind] += 1
            misses.append(f"  unexpected {kind} in {case.category}")
        if not any(SecretKind(k).value and _redacted(k) for k in case.expected):
            negatives += 1
            clean += not any(f.redactable for f in findings)
    print(f"corpus: {len(cases)} cases, {negatives} negatives (nothing to redact)\n")
    print(f"{'kind':<24}{'cases':>7}{'recall':>9}{'precision':>11}")
    for kind in SecretKind:
        found_total = true_positive[kind] + false_positive[kind]
        recall = true_positive[kind] / support[kind] if support[kind] else float("nan")
        precision = true_positive[kind] / found_total if found_total else float("nan")
        print(f"{kind.value:<24}{support[kind]:>7}{recall:>9.1%}{precision:>11.1%}")
    print(f"\nnegatives left untouched: {clean}/{negatives} = {clean / negatives:.2%}")
    for line in misses[:40]:
        print(line)


def _redacted(kind: SecretKind) -> bool:
    return kind not in (SecretKind.EXTENDED_PUBLIC_KEY,)


def conversations(rng: random.Random, cases: list[Case], megabytes: float) -> list[list[str]]:
    """Support conversations totalling ``megabytes`` of UTF-8, ~2% of messages leaking."""
    leaks = [c.text for c in cases if c.expected]
    banks = (ENGLISH_MESSAGES, CHINESE_MESSAGES, AGENT_REPLIES)
    target = int(megabytes * 1_000_000)
    size = 0
    result: list[list[str]] = []
    while size < target:
        conversation: list[str] = []
        for _ in range(CONVERSATION_LENGTH):
            if rng.random() < 0.02:
                message = rng.choice(leaks)
            else:
                bank = rng.choices(banks, weights=(5, 4, 1))[0]
                message = " ".join(rng.choice(bank) for _ in range(rng.randint(1, 4)))
            conversation.append(message)
            size += len(message.encode())
        result.append(conversation)
    return result


def throughput(stream: list[list[str]]) -> None:
    """Scan every message with its predecessors as context; report CPU and wall time.

    CPU time is the figure to compare: the wall clock also counts whatever else the
    machine is running.
    """
    total_bytes = sum(len(m.encode()) for conversation in stream for m in conversation)
    messages = sum(len(conversation) for conversation in stream)
    megabytes = total_bytes / 1_000_000
    cpu, wall = _timed(lambda: _scan_conversations(stream))
    print(
        f"\nthroughput: {megabytes:.1f} MB in {messages} messages: "
        f"{megabytes / cpu:.1f} MB/s CPU ({cpu:.2f} s), {megabytes / wall:.1f} MB/s wall, "
        f"{messages / cpu:,.0f} messages/s"
    )
    blob = "\n".join(m for conversation in stream[: len(stream) // 4] for m in conversation)
    size = len(blob.encode()) / 1_000_000
    cpu, wall = _timed(lambda: scan_secrets(blob))
    print(f"one {size:.1f} MB text (an attachment): {size / cpu:.1f} MB/s CPU, {size / wall:.1f} MB/s wall")


def _scan_conversations(stream: list[list[str]]) -> None:
    for conversation in stream:
        for index, message in enumerate(conversation):
            scan_secrets(message, context=conversation[max(0, index - CONTEXT_MESSAGES) : index])


def _timed(action: Callable[[], object]) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    action()
    return time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--megabytes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    cases = build_corpus(args.seed)
    evaluate(cases)
    throughput(conversations(random.Random(args.seed), cases, args.megabytes))


if __name__ == "__main__":
    main()
