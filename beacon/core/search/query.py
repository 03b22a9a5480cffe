"""From what a person typed to a QueryPlan: words, then synonyms."""

from __future__ import annotations

from collections.abc import Callable

from beacon.core import text
from beacon.core.search.backends.base import QueryPlan
from beacon.core.search.synonyms import SynonymMap


def build_plan(query: str, synonyms: Callable[[], SynonymMap] | None = None) -> QueryPlan:
    """Any word of the query may match; a synonym term found among the query's words adds the other
    terms of its group (`synonyms` is only called then). A query with no words (punctuation only,
    empty) gives an empty plan."""
    words = text.query_terms(query)
    if not words:
        return QueryPlan(clauses=())
    present = set(text.query_terms(query, keep_stopwords=True))
    clauses: dict[tuple[str, ...], None] = {(word,): None for word in words}
    for term, others in (synonyms() if synonyms else {}).items():
        if set(term) <= present:
            for other in sorted(others):
                clauses.setdefault(other, None)
    highlight = {word for clause in clauses for word in clause if word not in text.STOPWORDS} or set(words)
    return QueryPlan(clauses=tuple(clauses), highlight=frozenset(highlight))
