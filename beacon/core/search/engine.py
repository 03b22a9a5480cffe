"""Searching: one function, the same answer shape on every backend.

Cost control. Ranking (BM25 on SQLite, ts_rank on PostgreSQL) costs a few microseconds per matching
document, so a query with a word found in a third of 100,000 articles would spend its time scoring
documents nobody reads. Before ranking, the engine looks up how many documents contain each
clause (a count that stops at the backend's `budget`, cached until the index changes):

* all clauses together within budget: rank every match (the usual case);
* else only documents with the rarer clauses are candidates (as many as fit in the budget), and
  every clause still counts in the ranking;
* if even the rarest clause is too common, or the rarer clauses give too few results, candidates
  are the newest documents with the words in their title or alternative phrasings, at most budget.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.utils.safestring import SafeString

from beacon.core.search import snippets
from beacon.core.search.backends import get_backend
from beacon.core.search.backends.base import Candidates, Clause, Filters, Match, QueryPlan, SearchBackend
from beacon.core.search.query import build_plan
from beacon.core.search.synonyms import synonym_map

MAX_LIMIT = 50
GENERATION_KEY = "search:generation"
FREQUENCY_SECONDS = 600
MIN_CANDIDATES = 200


@dataclass(frozen=True)
class SearchHit:
    """One result. `score` is higher for better matches; compare it only within one result list
    (each backend has its own scale). `snippet` and `title_html` are escaped HTML with the matched
    words in <mark>."""

    kind: str
    object_id: int
    language: str
    category: str
    title: str
    url: str
    score: float
    snippet: SafeString
    title_html: SafeString


def plan_query(query: str, *, use_synonyms: bool = True) -> QueryPlan:
    return build_plan(query, synonym_map if use_synonyms else None)


def index_changed() -> None:
    """Called by every index write, now and after commit: cached document counts no longer apply."""

    def bump() -> None:
        cache.set(GENERATION_KEY, uuid.uuid4().hex[:12], None)

    bump()
    transaction.on_commit(bump, robust=True)


def frequencies(cursor: Any, backend: SearchBackend, clauses: tuple[Clause, ...]) -> dict[Clause, int]:
    """Documents per clause, counted up to half the budget (+1 means "more"); cached per index state."""
    generation = cache.get(GENERATION_KEY) or "0"
    prefix = f"search:df:{backend.vendor}:{generation}"
    keys = {
        clause: f"{prefix}:{hashlib.blake2b(' '.join(clause).encode(), digest_size=8).hexdigest()}"
        for clause in clauses
    }
    cached = cache.get_many(list(keys.values()))
    found = {clause: cached[key] for clause, key in keys.items() if key in cached}
    cap = backend.budget // 2 + 1
    missing = {keys[clause]: backend.count(cursor, clause, cap) for clause in clauses if clause not in found}
    if missing:
        cache.set_many(missing, FREQUENCY_SECONDS)
    return {clause: found[clause] if clause in found else missing[keys[clause]] for clause in clauses}


def candidates_for(plan: QueryPlan, counts: dict[Clause, int], budget: int) -> Candidates | None:
    """None to rank every match; else the narrower set to rank (see the module docstring)."""
    words = sum(len(clause) for clause in plan.clauses)
    if sum(counts.values()) * words <= budget:
        return None
    # Ranking a subset still scores every word, plus the subset's own: about twice the words.
    allowed = budget // (2 * words)
    required: list[Clause] = []
    total = 0
    for clause in sorted(plan.clauses, key=lambda c: counts[c]):
        if total + counts[clause] <= allowed:
            required.append(clause)
            total += counts[clause]
    if not required:
        return head_candidates(plan, budget)
    return Candidates(clauses=tuple(required))


def head_candidates(plan: QueryPlan, budget: int) -> Candidates:
    words = sum(len(clause) for clause in plan.clauses)
    return Candidates(head_only=True, cap=max(MIN_CANDIDATES, budget // words))


def _ranked(cursor: Any, backend: SearchBackend, plan: QueryPlan, filters: Filters, limit: int) -> list[Match]:
    narrowed = candidates_for(plan, frequencies(cursor, backend, plan.clauses), backend.budget)
    matches = backend.match(cursor, plan, filters, limit, narrowed)
    if narrowed is not None and not narrowed.head_only and len(matches) < limit:
        seen = {m.id for m in matches}
        more = backend.match(cursor, plan, filters, limit, head_candidates(plan, backend.budget))
        matches += [m for m in more if m.id not in seen][: limit - len(matches)]
    return matches


def search(
    query: str,
    *,
    languages: Sequence[str] = (),
    kinds: Sequence[str] = (),
    categories: Sequence[str] = (),
    limit: int = 10,
    use_synonyms: bool = True,
) -> list[SearchHit]:
    """The best matches for `query`, best first. Never raises on odd input: a query with no words
    (empty, punctuation, operators only) returns [] without touching the database."""
    plan = plan_query(query, use_synonyms=use_synonyms)
    if not plan.clauses:
        return []
    limit = max(1, min(int(limit), MAX_LIMIT))
    filters = Filters(languages=tuple(languages), kinds=tuple(kinds), categories=tuple(categories))
    with connection.cursor() as cursor:
        matches = _ranked(cursor, get_backend(), plan, filters, limit)
    pattern = snippets.highlighter(plan.highlight)
    return [
        SearchHit(
            kind=m.kind,
            object_id=m.object_id,
            language=m.language,
            category=m.category,
            title=m.title,
            url=m.url,
            score=round(m.score, 6),
            snippet=snippets.snippet(m.body, pattern),
            title_html=snippets.highlight(m.title, pattern),
        )
        for m in matches
    ]
