"""How well the answer bot answers, on questions kept apart from tuning.

    .venv/bin/python bench/bot_eval.py [--tune]

Builds the demo help center in a throw-away in-memory database, publishes an incident about
delayed Ethereum withdrawals, and asks the paraphrased questions of bench/bot_questions.py (English
and Chinese, none copied from a title or an alternative phrasing). Prints, on the test half:

- answer rate: in-scope questions answered instead of handed over;
- accuracy: answered questions whose source is the right FAQ / article / announcement;
- hand-over rate on out-of-scope questions and on requests for a person;

for lexical search alone, semantic matching alone, and both combined (the production setting),
so what each part adds is visible. `--tune` searches the weights and threshold on the tuning half
and prints the best ones (copy them into beacon/bot/answering/answer.py: Tuning).
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["BEACON_VAR_DIR"] = tempfile.mkdtemp(prefix="beacon-bot-eval-")
os.environ["SQLITE_PATH"] = ":memory:"
os.environ.setdefault("TASK_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from bot_questions import INCIDENT, INCIDENT_GROUP, OUT_OF_SCOPE, PERSON, TOPICS, split  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from beacon.bot.answering.answer import (  # noqa: E402
    DEFAULT_TUNING,
    Candidate,
    Tuning,
    answer_question,
    combine,
    explaining_notice,
    retrieve,
)
from beacon.bot.answering.semantic import index  # noqa: E402

WRONG_COST = 2.0  # a wrong answer costs more than handing a question to a person


@dataclass(frozen=True)
class Case:
    question: str
    language: str
    expected: frozenset[str]  # acceptable translation groups; empty: should be handed over


def build_help_center() -> dict[str, str]:
    """The demo help center plus the incident; returns topic → translation group."""
    from beacon.helpcenter.demo import load
    from beacon.helpcenter.enums import AnnouncementKind
    from beacon.helpcenter.models import Article
    from beacon.helpcenter.services.announcements import save_announcement

    call_command("migrate", verbosity=0, interactive=False)
    load()
    incident = save_announcement(
        None,
        None,
        kind=AnnouncementKind.INCIDENT,
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=None,
        is_published=True,
        pinned=False,
        **INCIDENT,
    )
    groups = {INCIDENT_GROUP: f"announcement:{incident.pk}"}
    for topic in TOPICS:
        if topic != INCIDENT_GROUP:
            article = Article.objects.get(slug=topic, language="en")
            groups[topic] = str(article.translation_key)
    return groups


def cases(groups: dict[str, str], half: int) -> list[Case]:
    found = []
    for topic, by_language in TOPICS.items():
        # While withdrawals are delayed, the incident is a right answer to "my withdrawal is pending" too.
        expected = {groups[topic], groups[INCIDENT_GROUP]} if topic == "withdrawal-pending" else {groups[topic]}
        for language, questions in by_language.items():
            for question in split(questions)[half]:
                found.append(Case(question, "zh-hans" if language == "zh" else "en", frozenset(expected)))
    for language, questions in OUT_OF_SCOPE.items():
        for question in split(questions)[half]:
            found.append(Case(question, "zh-hans" if language == "zh" else "en", frozenset()))
    return found


@dataclass
class Score:
    in_scope: int = 0
    answered: int = 0
    correct: int = 0
    out_of_scope: int = 0
    handed_over: int = 0

    @property
    def utility(self) -> float:
        wrong = (self.answered - self.correct) + (self.out_of_scope - self.handed_over)
        return self.correct - WRONG_COST * wrong


Retrieved = list[tuple[Case, list[Candidate], str | None]]


def evaluate(retrieved: Retrieved, tuning: Tuning) -> Score:
    """Apply `tuning` to what retrieval found (the same arithmetic as answer_question())."""
    score = Score()
    for case, candidates, notice in retrieved:
        scored = [(combine(c, tuning), c.group) for c in candidates]
        best_score, best_group = max(scored, default=(0.0, None))
        answered = best_group is not None and min(1.0, best_score) >= tuning.threshold
        if notice is not None:
            answered, best_group = True, notice
        if not case.expected:
            score.out_of_scope += 1
            score.handed_over += not answered
        else:
            score.in_scope += 1
            score.answered += answered
            score.correct += answered and best_group in case.expected
    return score


def retrieve_all(all_cases: list[Case]) -> Retrieved:
    current = index.current()
    return [(case, retrieve(case.question, current), explaining_notice(case.question, current)) for case in all_cases]


MODES = {
    "lexical only": replace(DEFAULT_TUNING, use_semantic=False, threshold=0.0),
    # The threshold `--tune` chose for semantic matching alone.
    "semantic only": replace(DEFAULT_TUNING, use_lexical=False, semantic_floor=0.0, threshold=0.58),
    "combined": DEFAULT_TUNING,
}


def tune(retrieved: Retrieved) -> dict[str, Tuning]:
    thresholds = [round(0.30 + 0.02 * i, 2) for i in range(31)]
    floors = [0.0, 0.3, 0.35, 0.4, 0.45, 0.5]
    best: dict[str, Tuning] = {"lexical only": MODES["lexical only"]}
    semantic = [replace(DEFAULT_TUNING, use_lexical=False, threshold=t, semantic_floor=0.0) for t in thresholds]
    best["semantic only"] = max(semantic, key=lambda t: evaluate(retrieved, t).utility)
    combined = [
        replace(DEFAULT_TUNING, lexical_weight=w, threshold=t, semantic_floor=f)
        for w, t, f in itertools.product([0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5], thresholds, floors)
    ]
    best["combined"] = max(combined, key=lambda t: evaluate(retrieved, t).utility)
    return best


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "  n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tune", action="store_true", help="search weights and threshold on the tuning half")
    args = parser.parse_args()

    started = time.perf_counter()
    groups = build_help_center()
    tuning_cases, test_cases = cases(groups, 0), cases(groups, 1)
    index.current()
    print(f"help center ready in {time.perf_counter() - started:.1f} s: {len(index.current().sources)} sources")
    started = time.perf_counter()
    tuning_retrieved, test_retrieved = retrieve_all(tuning_cases), retrieve_all(test_cases)
    per_question = (time.perf_counter() - started) / (len(tuning_cases) + len(test_cases)) * 1000
    modes = tune(tuning_retrieved) if args.tune else MODES
    if args.tune:
        for name, tuning in modes.items():
            print(f"tuned {name}: {tuning}")

    print(f"\n{len(tuning_cases)} tuning questions, {len(test_cases)} test questions (figures below: test half)")
    print(f"{'mode':<15} {'answer rate':>11} {'accuracy':>9} {'correct/all':>12} {'out-of-scope handed over':>25}")
    for name, tuning in modes.items():
        score = evaluate(test_retrieved, tuning)
        print(
            f"{name:<15} {pct(score.answered, score.in_scope):>11} {pct(score.correct, score.answered):>9} "
            f"{pct(score.correct, score.in_scope):>12} {pct(score.handed_over, score.out_of_scope):>25}"
        )
    person = [(q, lang) for lang, qs in PERSON.items() for q in qs]
    handed = sum(answer_question(q, "zh-hans" if lang == "zh" else "en").hand_over for q, lang in person)
    print(f"requests for a person handed over: {handed}/{len(person)}")
    incident = answer_question("why is my withdrawal stuck?", "en")
    print(
        f'"why is my withdrawal stuck?" -> {incident.source.title if incident.source else "(hand over)"} '
        f"(confidence {incident.confidence})"
    )
    started = time.perf_counter()
    for case in test_cases[:40]:
        answer_question(case.question, case.language)
    answer_ms = (time.perf_counter() - started) / min(40, len(test_cases)) * 1000
    print(f"retrieval {per_question:.1f} ms a question; full answer {answer_ms:.1f} ms a question")


if __name__ == "__main__":
    main()
