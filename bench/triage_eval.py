"""Accuracy, out-of-scope detection and speed of the triage classifier on public intent data sets.

    .venv/bin/python bench/triage_eval.py [--data ../shared/eval] [--only banking77|clinc150] [--latency 500]

* BANKING77 (train.csv, 77 intents): a fixed, stratified 20% of it is held out (seed 20260); the
  classifier trains on the other 80%. Prints held-out accuracy.
* CLINC150 (150 intents + out-of-scope): trains on `train`, measures in-scope accuracy on `val`
  and out-of-scope recall on `oos_val`. The out-of-scope threshold is the one training chose from
  its own held-out calibration split (training data only); in-scope loss is the share of `val`
  examples it wrongly calls out of scope.
* Latency: wall-clock time of one `Classifier.predict()` per text (features, embedding, scores),
  one text at a time on held-out texts, after a warm-up; p50 and p95. CPU time is printed too,
  because on a busy shared machine the wall clock also measures waiting for a core.

The data sets are read from disk at bench time and are never copied into Beacon.
Targets: >= 92% BANKING77 held-out accuracy; >= 60% CLINC150 out-of-scope recall at <= 5% in-scope
loss; p95 < 10 ms per classification.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from beacon.bot.classifier.model import Classifier  # noqa: E402
from beacon.bot.classifier.training import Example, train  # noqa: E402

SPLIT_SEED = 20260
HELD_OUT = 0.2


def progress(stage: str, done: int, total: int) -> None:
    if done == total or stage != "embedding" or done % 2048 == 0:
        print(f"    {stage} {done}/{total}", file=sys.stderr, flush=True)


def fit(examples: list[Example]) -> Classifier:
    start = time.perf_counter()
    classifier, report = train(examples, progress=progress)
    print(
        f"  trained on {report.examples} examples, {len(report.categories)} categories in "
        f"{time.perf_counter() - start:.0f} s; calibration ({report.calibration}): accuracy "
        f"{report.calibration_accuracy:.2%}, temperature {report.temperature:.3g}, threshold "
        f"{report.threshold:.3f}, similarity threshold {report.similarity_threshold:.3f} (in-scope loss on "
        f"calibration {report.in_scope_loss:.1%})"
    )
    return classifier


def latency(classifier: Classifier, texts: list[str], count: int) -> None:
    for text in texts[:20]:
        classifier.predict(text)
    walls, cpus = [], []
    for text in texts[:count]:
        wall, cpu = time.perf_counter(), time.thread_time()
        classifier.predict(text)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.thread_time() - cpu)
    w50, w95 = np.percentile(walls, [50, 95]) * 1000
    c50, c95 = np.percentile(cpus, [50, 95]) * 1000
    print(
        f"  latency per classification ({len(walls)} texts): wall p50 {w50:.1f} ms, p95 {w95:.1f} ms; "
        f"CPU p50 {c50:.1f} ms, p95 {c95:.1f} ms"
    )


def banking77(data: Path, latency_count: int) -> None:
    from sklearn.model_selection import train_test_split

    with (data / "banking77" / "train.csv").open(newline="", encoding="utf-8") as handle:
        rows = [Example(row["text"], row["category"]) for row in csv.DictReader(handle)]
    labels = [row.category for row in rows]
    train_rows, test_rows = train_test_split(rows, test_size=HELD_OUT, random_state=SPLIT_SEED, stratify=labels)
    print(f"BANKING77: {len(train_rows)} training, {len(test_rows)} held out (stratified, seed {SPLIT_SEED})")
    classifier = fit(train_rows)
    predictions = [classifier.predict(row.text) for row in test_rows]
    best = [p.alternatives[0][0] for p in predictions]
    accuracy = np.mean([guess == row.category for guess, row in zip(best, test_rows, strict=True)])
    rejected = np.mean([p.out_of_scope for p in predictions])
    print(f"  held-out accuracy {accuracy:.2%}  (answered as out of scope at the threshold: {rejected:.1%})")
    latency(classifier, [row.text for row in test_rows], latency_count)


def clinc150(data: Path, latency_count: int) -> None:
    splits = json.loads((data / "clinc150" / "train_val.json").read_text(encoding="utf-8"))
    train_rows = [Example(text, intent) for text, intent in splits["train"]]
    print(f"CLINC150: {len(train_rows)} training, {len(splits['val'])} in-scope val, {len(splits['oos_val'])} oos val")
    classifier = fit(train_rows)
    val = [classifier.predict(text) for text, _intent in splits["val"]]
    oos = [classifier.predict(text) for text, _intent in splits["oos_val"]]
    best = [p.alternatives[0][0] for p in val]
    accuracy = np.mean([guess == intent for guess, (_t, intent) in zip(best, splits["val"], strict=True)])
    answered = np.mean([p.category == intent for p, (_t, intent) in zip(val, splits["val"], strict=True)])
    loss = np.mean([p.out_of_scope for p in val])
    recall = np.mean([p.out_of_scope for p in oos])
    print(f"  in-scope accuracy {accuracy:.2%} (correct and confident: {answered:.2%})")
    print(
        f"  out-of-scope recall {recall:.1%} at in-scope loss {loss:.1%} (thresholds: confidence "
        f"{classifier.threshold:.3f}, similarity {classifier.similarity_threshold:.3f})"
    )
    latency(classifier, [text for text, _intent in splits["val"]], latency_count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--only", choices=["banking77", "clinc150"])
    parser.add_argument("--latency", type=int, default=500, help="texts timed one by one")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"No evaluation data at {args.data} (see --data).")
    if args.only in (None, "banking77"):
        banking77(args.data, args.latency)
    if args.only in (None, "clinc150"):
        clinc150(args.data, args.latency)


if __name__ == "__main__":
    main()
