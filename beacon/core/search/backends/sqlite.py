"""SQLite FTS5. Words are pre-segmented, so FTS5's unicode61 tokenizer only splits on spaces; BM25
ranks, with a heavier weight on titles and alternative phrasings."""

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

WEIGHTS = (10.0, 6.0, 1.0)  # title, keywords, body


def quote(term: str) -> str:
    """An FTS5 string: whatever the term contains, it is matched as text, never as syntax."""
    return '"' + term.replace('"', '""') + '"'


def match_expression(plan: QueryPlan) -> str:
    parts = []
    for clause in plan.clauses:
        words = [quote(term) for term in clause]
        parts.append(words[0] if len(words) == 1 else "(" + " AND ".join(words) + ")")
    return " OR ".join(parts)


class SqliteBackend:
    vendor = "sqlite"

    def write(self, cursor: Any, rows: Sequence[tuple[int, PreparedText]]) -> None:
        self.delete(cursor, [doc_id for doc_id, _text in rows])
        cursor.executemany(
            "INSERT INTO search_fts (rowid, title, keywords, body) VALUES (%s, %s, %s, %s)",
            [(doc_id, " ".join(t.title), " ".join(t.keywords), " ".join(t.body)) for doc_id, t in rows],
        )

    def delete(self, cursor: Any, ids: Sequence[int]) -> None:
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            if chunk:
                cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({', '.join(['%s'] * len(chunk))})", chunk)

    def clear(self, cursor: Any) -> None:
        cursor.execute("DELETE FROM search_fts")

    def match(self, cursor: Any, plan: QueryPlan, filters: Filters, limit: int) -> list[Match]:
        conditions, params = filter_sql(filters)
        title, keywords, body = WEIGHTS
        cursor.execute(
            f"SELECT {MATCH_COLUMNS}, -bm25(search_fts, {title}, {keywords}, {body}) AS score "  # noqa: S608
            "FROM search_fts JOIN search_document d ON d.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s{conditions} ORDER BY score DESC, d.id LIMIT %s",
            [match_expression(plan), *params, limit],
        )
        return [match_from_row(row) for row in cursor.fetchall()]
