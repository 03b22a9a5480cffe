"""Answer a question from the help center, or hand it to a person.

Candidates come from the lexical search (the help center's own index, with synonyms and jieba
segmentation) and from semantic matching (multilingual sentence embeddings). Scores are combined
per translation group, so a Chinese question can be answered from an English FAQ's Chinese
translation. Below `Tuning.threshold` the bot does not guess: it hands over.

An incident or maintenance going on now is the answer to a problem report about what it affects
("why is my withdrawal stuck?" during delayed withdrawals); the best article is linked as well.

The weights and the threshold were chosen on the tuning half of `bench/bot_eval.py`'s questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from beacon.bot.answering import intents
from beacon.bot.answering.embeddings import embed
from beacon.bot.answering.semantic import Index, index
from beacon.bot.answering.sources import Source
from beacon.helpcenter.selectors import search

MAX_QUESTION = 1000
ANSWER_CHARS = 700


class Reason:
    ANSWERED = "answered"
    ASKED_FOR_PERSON = "asked_for_person"
    SECURITY = "security"
    LOW_CONFIDENCE = "low_confidence"
    NO_MATCH = "no_match"
    EMPTY = "empty"


@dataclass(frozen=True)
class Tuning:
    use_lexical: bool = True
    use_semantic: bool = True
    semantic_weight: float = 1.0
    lexical_weight: float = 0.25
    # Below this semantic similarity a lexical match alone is not trusted (tuning chose 0: off).
    semantic_floor: float = 0.0
    threshold: float = 0.76


DEFAULT_TUNING = Tuning()


@dataclass(frozen=True)
class BotAnswer:
    question: str
    language: str
    answer: str
    source: Source | None
    confidence: float
    hand_over: bool
    reason: str
    related: Source | None = None
    scores: dict[str, float] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Candidate:
    """What retrieval found for one translation group (one FAQ in all its languages)."""

    group: str
    semantic: float
    lexical: float


def combine(candidate: Candidate, tuning: Tuning) -> float:
    if not tuning.use_semantic:
        return candidate.lexical
    if candidate.semantic < tuning.semantic_floor:
        return 0.0
    lexical = tuning.lexical_weight * candidate.lexical if tuning.use_lexical else 0.0
    return tuning.semantic_weight * candidate.semantic + lexical


def answer_question(question: str, language: str = "en", *, tuning: Tuning = DEFAULT_TUNING) -> BotAnswer:
    """The best answer to `question` in the asker's language, or a hand-over. Never raises on odd input."""
    question = " ".join((question or "").split())[:MAX_QUESTION]
    language = intents.question_language(question, language)
    if not question:
        return BotAnswer(question, language, "", None, 0.0, False, Reason.EMPTY)
    if intents.asks_for_person(question):
        return BotAnswer(question, language, "", None, 0.0, True, Reason.ASKED_FOR_PERSON)
    emergency = intents.is_security_emergency(question)
    current = index.current()
    candidates = retrieve(question, current, lexical=tuning.use_lexical, semantic=tuning.use_semantic)
    scores = {c.group: combine(c, tuning) for c in candidates}
    best_group, best_score = max(scores.items(), key=lambda item: item[1], default=(None, 0.0))
    confidence = round(min(1.0, max(0.0, best_score)), 3)
    article = best_group if best_group is not None and confidence >= tuning.threshold else None
    notice = explaining_notice(question, current)
    if notice is not None:
        source = _in_language(current.sources, notice, language)
        related = _in_language(current.sources, article, language) if article and article != notice else None
        notice_confidence = max(tuning.threshold, round(min(1.0, scores.get(notice, 0.0)), 3))
        return _answered(question, source, notice_confidence, emergency, related, scores)
    if article is None:
        reason = Reason.SECURITY if emergency else (Reason.LOW_CONFIDENCE if candidates else Reason.NO_MATCH)
        return BotAnswer(question, language, "", None, confidence, True, reason, scores=scores)
    return _answered(question, _in_language(current.sources, article, language), confidence, emergency, None, scores)


def _answered(
    question: str, source: Source, confidence: float, emergency: bool, related: Source | None, scores: dict[str, float]
) -> BotAnswer:
    return BotAnswer(
        question=question,
        language=source.language,
        answer=compose(source),
        source=source,
        confidence=confidence,
        hand_over=emergency,
        reason=Reason.SECURITY if emergency else Reason.ANSWERED,
        related=related,
        scores=scores,
    )


def retrieve(question: str, current: Index, *, lexical: bool = True, semantic: bool = True) -> list[Candidate]:
    """Every group's best semantic similarity and best lexical score (relative to the top hit)."""
    if not current.sources:
        return []
    semantic_scores = np.zeros(len(current.sources), dtype=np.float32)
    if semantic:
        semantic_scores = current.similarities(embed([question])[0])
    lexical_scores = np.zeros(len(current.sources), dtype=np.float32)
    if lexical:
        position = {source.key: i for i, source in enumerate(current.sources)}
        hits = [
            (position[(h.kind, h.object_id, h.language)], h.score)
            for h in search(question, None, limit=10)
            if (h.kind, h.object_id, h.language) in position
        ]
        top = max((score for _i, score in hits), default=0.0)
        for i, score in hits:
            lexical_scores[i] = max(lexical_scores[i], score / top if top > 0 else 0.0)
    best: dict[str, Candidate] = {}
    for i, source in enumerate(current.sources):
        seen = best.get(source.group)
        best[source.group] = Candidate(
            group=source.group,
            semantic=max(seen.semantic if seen else -1.0, float(semantic_scores[i])),
            lexical=max(seen.lexical if seen else 0.0, float(lexical_scores[i])),
        )
    return list(best.values())


def explaining_notice(question: str, current: Index) -> str | None:
    """The group of an ongoing incident or maintenance that explains the problem the question
    reports: same subject (withdrawals, deposits…), and no other asset named than those affected."""
    if not intents.reports_problem(question):
        return None
    asked = intents.subjects(question)
    named = intents.assets(question)
    if not asked:
        return None
    notices: dict[str, list[Source]] = {}
    for source in current.sources:
        if source.is_operational and source.ongoing:
            notices.setdefault(source.group, []).append(source)
    for group, members in notices.items():
        covered = set().union(*(intents.subjects(f"{m.title} {m.text}") for m in members))
        affected = intents.normalise_assets(members[0].phrasings)
        if asked & covered and not (named and affected and not named & affected):
            return group
    return None


def _in_language(sources: list[Source], group: str, language: str) -> Source:
    members = [s for s in sources if s.group == group]
    return next((s for s in members if s.language == language), members[0])


def compose(source: Source) -> str:
    """The answer's text: the title, then the opening of the content up to a paragraph boundary."""
    lines = [line.strip() for line in source.text.splitlines() if line.strip()]
    kept: list[str] = []
    size = 0
    for line in lines:
        if kept and size + len(line) > ANSWER_CHARS:
            kept.append("…")
            break
        kept.append(line if len(line) <= ANSWER_CHARS else line[:ANSWER_CHARS].rstrip() + "…")
        size += len(line)
    return "\n".join([source.title, *kept]) if kept else source.title
