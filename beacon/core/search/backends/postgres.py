"""PostgreSQL full-text search over the same pre-segmented words.

The tsvector is written as a literal (lexeme:position+weight), so PostgreSQL's own parser and
dictionaries never see the text: Chinese words, stems and the weights (A title, B alternative
phrasings, D body) are exactly what `beacon.core.text` produced. A GIN index answers `@@`;
`ts_rank` with length normalisation orders the matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from beacon.core.search.backends.base import (
    MATCH_COLUMNS,
    Filters,
    Match,
    PreparedText,
    QueryPlan,
    filter_sql,
    match_from_row,
)

RANK_WEIGHTS = "{0.1, 0.2, 0.6, 1.0}"  # D (body), C (unused), B (phrasings), A (title)
MAX_POSITION = 16_383  # PostgreSQL's limit
MAX_POSITIONS_PER_WORD = 32


def lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(text: PreparedText) -> str:
    positions: dict[str, list[str]] = {}
    position = 0
    for terms, weight in ((text.title, "A"), (text.keywords, "B"), (text.body, "")):
        for term in terms:
            position = min(position + 1, MAX_POSITION)
            found = positions.setdefault(term, [])
            if len(found) < MAX_POSITIONS_PER_WORD:
                found.append(f"{position}{weight}")
    return " ".join(f"{lexeme(term)}:{','.join(where)}" for term, where in positions.items())


def tsquery_literal(plan: QueryPlan) -> str:
    parts = []
    for clause in plan.clauses:
        words = [lexeme(term) for term in clause]
        parts.append(words[0] if len(words) == 1 else "(" + " & ".join(words) + ")")
    return " | ".join(parts)


class PostgresBackend:
    vendor = "postgresql"

    def write(self, cursor: Any, rows: Sequence[tuple[int, PreparedText]]) -> None:
        cursor.executemany(
            "UPDATE search_document SET vector = %s::tsvector WHERE id = %s",
            [(tsvector_literal(text), doc_id) for doc_id, text in rows],
        )

    def delete(self, cursor: Any, ids: Sequence[int]) -> None:
        """The words go with the document row itself."""

    def clear(self, cursor: Any) -> None:
        cursor.execute("UPDATE search_document SET vector = ''::tsvector")

    def match(self, cursor: Any, plan: QueryPlan, filters: Filters, limit: int) -> list[Match]:
        conditions, params = filter_sql(filters)
        cursor.execute(
            f"SELECT {MATCH_COLUMNS}, ts_rank(%s::float4[], d.vector, q.query, 1) AS score "  # noqa: S608
            "FROM search_document d, (SELECT %s::tsquery AS query) q "
            f"WHERE d.vector @@ q.query{conditions} ORDER BY score DESC, d.id LIMIT %s",
            [RANK_WEIGHTS, tsquery_literal(plan), *params, limit],
        )
        return [match_from_row(row) for row in cursor.fetchall()]
