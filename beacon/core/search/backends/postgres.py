"""PostgreSQL full-text search over the same pre-segmented words.

Two tsvectors per document: `search_document.vector` (everything) and `search_head.head` (title
and alternative phrasings only, used to narrow very common words). `search_head` is a narrow table
(the head, with copies of the filter columns): a head-only query reads a few thousand of its rows,
packed many to a page, instead of as many wide document rows. Each is written as a literal (lexeme:position+weight), so
PostgreSQL's own parser and dictionaries never see the text: Chinese words, stems and the weights
(A title, B alternative phrasings, D body) are exactly what `beacon.core.text` produced. A GIN index answers `@@`;
`ts_rank` with length normalisation orders the matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from beacon.core.search.backends.base import (
    MATCH_COLUMNS,
    Candidates,
    Clause,
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


def tsvector_literal(text: PreparedText, *, head_only: bool = False) -> str:
    positions: dict[str, list[str]] = {}
    position = 0
    parts = (
        ((text.title, "A"), (text.keywords, "B"))
        if head_only
        else ((text.title, "A"), (text.keywords, "B"), (text.body, ""))
    )
    for terms, weight in parts:
        for term in terms:
            position = min(position + 1, MAX_POSITION)
            found = positions.setdefault(term, [])
            if len(found) < MAX_POSITIONS_PER_WORD:
                found.append(f"{position}{weight}")
    return " ".join(f"{lexeme(term)}:{','.join(where)}" for term, where in positions.items())


def tsquery_literal(clauses: tuple[Clause, ...]) -> str:
    parts = []
    for clause in clauses:
        words = [lexeme(term) for term in clause]
        parts.append(words[0] if len(words) == 1 else "(" + " & ".join(words) + ")")
    return " | ".join(parts)


class PostgresBackend:
    vendor = "postgresql"
    budget = 2500  # matches × query words to rank: ts_rank costs about 4 µs each

    def write(self, cursor: Any, rows: Sequence[tuple[int, PreparedText]]) -> None:
        cursor.executemany(
            "UPDATE search_document SET vector = %s::tsvector WHERE id = %s",
            [(tsvector_literal(text), doc_id) for doc_id, text in rows],
        )
        # The filter columns are copied at every write: a document's metadata only changes with one.
        cursor.executemany(
            "INSERT INTO search_head (id, language, kind, category, head)"
            " SELECT id, language, kind, category, %s::tsvector FROM search_document WHERE id = %s"
            " ON CONFLICT (id) DO UPDATE SET language = EXCLUDED.language, kind = EXCLUDED.kind,"
            " category = EXCLUDED.category, head = EXCLUDED.head",
            [(tsvector_literal(text, head_only=True), doc_id) for doc_id, text in rows],
        )

    def delete(self, cursor: Any, ids: Sequence[int]) -> None:
        """The words go with the document row itself (`search_head` rows by ON DELETE CASCADE)."""

    def clear(self, cursor: Any) -> None:
        cursor.execute("UPDATE search_document SET vector = ''::tsvector")
        cursor.execute("DELETE FROM search_head")

    def count(self, cursor: Any, clause: Clause, cap: int) -> int:
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM search_document WHERE vector @@ %s::tsquery LIMIT %s) found",
            [tsquery_literal((clause,)), cap],
        )
        return int(cursor.fetchone()[0])

    def match(
        self, cursor: Any, plan: QueryPlan, filters: Filters, limit: int, candidates: Candidates | None = None
    ) -> list[Match]:
        conditions, params = filter_sql(filters)
        everything = tsquery_literal(plan.clauses)
        if candidates is not None and candidates.head_only:
            # The newest `cap` documents with the words in their title or phrasings, ranked on those,
            # all in the narrow table; only the `limit` best are then read from the document table.
            newest = (
                "SELECT d.id, d.head FROM search_head d WHERE d.head @@ %s::tsquery"  # noqa: S608
                f"{conditions} ORDER BY d.id DESC LIMIT %s"
            )
            best = (
                "SELECT h.id, ts_rank(%s::float4[], h.head, %s::tsquery, 1) AS score "  # noqa: S608
                f"FROM ({newest}) h ORDER BY score DESC, h.id LIMIT %s"
            )
            cursor.execute(
                f"SELECT {MATCH_COLUMNS}, top.score FROM ({best}) top "  # noqa: S608
                "JOIN search_document d ON d.id = top.id ORDER BY top.score DESC, d.id",
                [RANK_WEIGHTS, everything, everything, *params, candidates.cap or limit, limit],
            )
            return [match_from_row(row) for row in cursor.fetchall()]
        # Only documents with the rarer words (or any word) match; every word counts in the rank.
        required = tsquery_literal(candidates.clauses) if candidates is not None and candidates.clauses else everything
        cursor.execute(
            f"SELECT {MATCH_COLUMNS}, ts_rank(%s::float4[], d.vector, %s::tsquery, 1) AS score "  # noqa: S608
            f"FROM search_document d WHERE d.vector @@ %s::tsquery{conditions} ORDER BY score DESC, d.id LIMIT %s",
            [RANK_WEIGHTS, everything, required, *params, limit],
        )
        return [match_from_row(row) for row in cursor.fetchall()]
