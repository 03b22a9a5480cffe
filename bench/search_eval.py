"""FAQ retrieval quality of Beacon's search: Recall@1, Recall@5 and MRR.

    .venv/bin/python bench/search_eval.py [--backends sqlite,postgres]

Question-pair sets, each turned into an FAQ index and a list of held-out queries:

* CLINC150 (../shared/eval/clinc150, CC BY 3.0), in-scope intents: the first training utterance of
  each intent is the FAQ question; its `val` utterances are the queries (150 FAQs, 3,000 queries).
  "+4 phrasings" adds the next four training utterances as the FAQ's alternative phrasings.
* BANKING77 (../shared/eval/banking77, CC BY 4.0): same construction; 3,000 of the remaining
  utterances (fixed seed) are the queries.
* Beacon demo FAQ, zh-Hans and en: no public Chinese question-pair set is available offline, so
  this uses the demo help center's own 44 articles (beacon/helpcenter/demo_content_*.py), indexed
  WITHOUT their alternative phrasings, which are then the queries (hand-written, small: a sanity
  check of Chinese retrieval, not a benchmark).

Each query is searched among the FAQs of its own language; a hit is the FAQ of the same intent.
The stemming ablation turns the Snowball stemmer off (index and queries).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_common import ROOT, progress, run_workers, setup_django

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
if not EVAL.exists():
    EVAL = ROOT.parent / "shared" / "eval"

Pairs = tuple[list[dict[str, Any]], list[tuple[str, str, str]]]  # FAQs, queries (text, language, intent)


def clinc(phrasings: int) -> Pairs:
    data = json.loads((EVAL / "clinc150" / "train_val.json").read_text())
    train: dict[str, list[str]] = defaultdict(list)
    for text, intent in data["train"]:
        train[intent].append(text)
    faqs = [
        {"intent": i, "language": "en", "title": u[0], "keywords": u[1 : 1 + phrasings], "body": ""}
        for i, u in train.items()
    ]
    queries = [(text, "en", intent) for text, intent in data["val"]]
    return faqs, queries


def banking(phrasings: int) -> Pairs:
    rows = list(csv.DictReader((EVAL / "banking77" / "train.csv").open(encoding="utf-8")))
    by_intent: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_intent[row["category"]].append(row["text"])
    faqs, rest = [], []
    for intent, texts in by_intent.items():
        faqs.append(
            {"intent": intent, "language": "en", "title": texts[0], "keywords": texts[1 : 1 + phrasings], "body": ""}
        )
        rest.extend((text, "en", intent) for text in texts[1 + phrasings :])
    return faqs, random.Random(77).sample(rest, min(3000, len(rest)))


def demo(language: str) -> Pairs:
    from beacon.helpcenter.demo_content_accounts import ACCOUNTS
    from beacon.helpcenter.demo_content_funds import FUNDS

    side = "en" if language == "en" else "zh"
    faqs, queries = [], []
    for topic in [*FUNDS, *ACCOUNTS]:
        content = topic[side]
        faqs.append(
            {
                "intent": topic["key"],
                "language": language,
                "title": content["title"],
                "keywords": [],
                "body": content["body"],
            }
        )
        queries.extend((phrase, language, topic["key"]) for phrase in content["phrasings"])
    return faqs, queries


def evaluate(faqs: list[dict[str, Any]], queries: list[tuple[str, str, str]], *, synonyms: bool) -> dict[str, Any]:
    from beacon.core.search.engine import search
    from beacon.core.search.indexing import Document, bulk_add, clear

    clear()
    documents = [
        Document(
            kind="faq",
            object_id=number,
            language=faq["language"],
            title=faq["title"],
            body=faq["body"],
            url=f"/faq/{number}/",
            keywords=tuple(faq["keywords"]),
        )
        for number, faq in enumerate(faqs)
    ]
    bulk_add(documents)
    intents = {number: faq["intent"] for number, faq in enumerate(faqs)}
    hits1 = hits5 = 0
    reciprocal = 0.0
    started = time.perf_counter()
    for text, language, intent in queries:
        found = [intents[h.object_id] for h in search(text, languages=[language], limit=5, use_synonyms=synonyms)]
        if found[:1] == [intent]:
            hits1 += 1
        if intent in found:
            hits5 += 1
            reciprocal += 1 / (found.index(intent) + 1)
    elapsed = time.perf_counter() - started
    n = len(queries)
    return {
        "faqs": len(faqs),
        "queries": n,
        "r1": hits1 / n,
        "r5": hits5 / n,
        "mrr": reciprocal / n,
        "ms_per_query": 1000 * elapsed / n,
    }


def worker(backend: str) -> None:
    setup_django()
    from beacon.core import text
    from beacon.core.search import services
    from beacon.helpcenter.demo import SYNONYMS

    for terms in SYNONYMS:
        services.save_synonym_group(None, None, terms)
    rows = []
    for name, build, synonyms in [
        ("CLINC150 (title only)", lambda: clinc(0), False),
        ("CLINC150 (+4 phrasings)", lambda: clinc(4), False),
        ("BANKING77 (title only)", lambda: banking(0), False),
        ("BANKING77 (+4 phrasings)", lambda: banking(4), False),
        ("Demo FAQ zh-Hans (no synonyms)", lambda: demo("zh-hans"), False),
        ("Demo FAQ zh-Hans (synonyms)", lambda: demo("zh-hans"), True),
        ("Demo FAQ en (synonyms)", lambda: demo("en"), True),
    ]:
        progress(f"  [{backend}] {name}…")
        rows.append({"set": name, **evaluate(*build(), synonyms=synonyms)})
    # Ablation: the same index and queries without English stemming.
    text._stemmer = type("NoStemming", (), {"stemWord": staticmethod(lambda word: word)})()  # type: ignore[assignment]
    text.stem.cache_clear()
    progress(f"  [{backend}] CLINC150 (+4 phrasings, no stemming)…")
    rows.append({"set": "CLINC150 (+4 phrasings, no stemming)", **evaluate(*clinc(4), synonyms=False)})
    progress(f"  [{backend}] BANKING77 (+4 phrasings, no stemming)…")
    rows.append({"set": "BANKING77 (+4 phrasings, no stemming)", **evaluate(*banking(4), synonyms=False)})
    print(json.dumps({"backend": backend, "rows": rows}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return
    for result in run_workers("search_eval.py", args.backends.split(","), []):
        print(f"\n{result['backend']}")
        print(f"  {'question set':40} {'FAQs':>5} {'queries':>7} {'R@1':>6} {'R@5':>6} {'MRR':>6} {'ms/q':>6}")
        for row in result["rows"]:
            print(
                f"  {row['set']:40} {row['faqs']:>5} {row['queries']:>7} {row['r1']:>6.3f} {row['r5']:>6.3f} "
                f"{row['mrr']:>6.3f} {row['ms_per_query']:>6.2f}"
            )


if __name__ == "__main__":
    main()
