"""What every backend implements, and the pieces they share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

# Relative weight of a word by where it appears. Titles (an FAQ's question) count most, then the
# alternative phrasings, then the body.
TITLE, KEYWORDS, BODY = "title", "keywords", "body"


@dataclass(frozen=True)
class PreparedText:
    """A document's words, per field, as produced by `beacon.core.text.terms()`."""

    title: Sequence[str]
    keywords: Sequence[str] = ()
    body: Sequence[str] = ()


@dataclass(frozen=True)
class Filters:
    languages: Sequence[str] = ()
    kinds: Sequence[str] = ()
    categories: Sequence[str] = ()


@dataclass(frozen=True)
class QueryPlan:
    """What to look for: any of `clauses`, each a run of words that must all be present.

    A clause of one word is the common case; synonyms such as "two factor authentication" bring
    clauses of several. Documents are ranked by how many, how rare and where the words are found.
    """

    clauses: tuple[tuple[str, ...], ...]
    highlight: frozenset[str] = field(default_factory=frozenset)


Clause = tuple[str, ...]


@dataclass(frozen=True)
class Candidates:
    """Which documents get ranked, when ranking every match would cost too much.

    Those matching `clauses` (a rarer subset of the plan's clauses; empty means all of them), only in
    titles and alternative phrasings if `head_only`, and at most the `cap` newest if `cap` is set.
    Ranking still weighs every clause of the plan.
    """

    clauses: tuple[Clause, ...] = ()
    head_only: bool = False
    cap: int | None = None


@dataclass(frozen=True)
class Match:
    id: int
    kind: str
    object_id: int
    language: str
    category: str
    title: str
    body: str
    url: str
    score: float


MATCH_COLUMNS = "d.id, d.kind, d.object_id, d.language, d.category, d.title, d.body, d.url"


def filter_sql(filters: Filters) -> tuple[str, list[Any]]:
    """`AND …` conditions on the document table `d`, with their parameters."""
    sql: list[str] = []
    params: list[Any] = []
    for column, values in (("language", filters.languages), ("kind", filters.kinds), ("category", filters.categories)):
        if values:
            sql.append(f"d.{column} IN ({', '.join(['%s'] * len(values))})")
            params.extend(values)
    return "".join(f" AND {condition}" for condition in sql), params


def match_from_row(row: Sequence[Any]) -> Match:
    return Match(
        id=row[0],
        kind=row[1],
        object_id=row[2],
        language=row[3],
        category=row[4],
        title=row[5],
        body=row[6],
        url=row[7],
        score=float(row[8]),
    )


class SearchBackend(Protocol):
    vendor: str
    # How many (matching document × query word) pairs a query may rank; past it, `Candidates`
    # narrows the set (see engine.py).
    budget: int

    def write(self, cursor: Any, rows: Sequence[tuple[int, PreparedText]]) -> None:
        """Store the words of documents whose metadata rows (ids) already exist."""

    def delete(self, cursor: Any, ids: Sequence[int]) -> None: ...

    def clear(self, cursor: Any) -> None: ...

    def count(self, cursor: Any, clause: Clause, cap: int) -> int:
        """How many documents contain every word of `clause`, counting no further than `cap`."""

    def match(
        self, cursor: Any, plan: QueryPlan, filters: Filters, limit: int, candidates: Candidates | None = None
    ) -> list[Match]: ...
