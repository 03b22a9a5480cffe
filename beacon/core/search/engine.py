"""Searching: one function, the same answer shape on every backend."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.utils.safestring import SafeString

from beacon.core.search import snippets
from beacon.core.search.backends import get_backend
from beacon.core.search.backends.base import Filters, QueryPlan
from beacon.core.search.query import build_plan
from beacon.core.search.synonyms import synonym_map

MAX_LIMIT = 50


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
        matches = get_backend().match(cursor, plan, filters, limit)
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
