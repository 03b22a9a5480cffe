"""SQLite FTS5. Words are pre-segmented, so FTS5's unicode61 tokenizer only splits on spaces; BM25
ranks, with a heavier weight on titles and alternative phrasings."""

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

WEIGHTS = (10.0, 6.0, 1.0)  # title, keywords, body


def quote(term: str) -> str:
    """An FTS5 string: whatever the term contains, it is matched as text, never as syntax."""
    return '"' + term.replace('"', '""') + '"'


def match_expression(clauses: tuple[Clause, ...]) -> str:
    parts = []
    for clause in clauses:
        words = [quote(term) for term in clause]
        parts.append(words[0] if len(words) == 1 else "(" + " AND ".join(words) + ")")
    return " OR ".join(parts)


class SqliteBackend:
    vendor = "sqlite"
    budget = 3000  # matches × query words to rank: BM25 costs 1–3 µs each

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
                placeholders = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({placeholders})", chunk)  # noqa: S608

    def clear(self, cursor: Any) -> None:
        cursor.execute("DELETE FROM search_fts")

    def count(self, cursor: Any, clause: Clause, cap: int) -> int:
        cursor.execute(
            "SELECT count(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH %s LIMIT %s)",
            [match_expression((clause,)), cap],
        )
        return int(cursor.fetchone()[0])

    def match(
        self, cursor: Any, plan: QueryPlan, filters: Filters, limit: int, candidates: Candidates | None = None
    ) -> list[Match]:
        conditions, params = filter_sql(filters)
        everything = match_expression(plan.clauses)
        where = "search_fts MATCH %s"
        where_params: list[Any] = [everything]
        if candidates is not None:
            required = match_expression(candidates.clauses or plan.clauses)
            if candidates.head_only:
                # Titles and phrasings only (ranked on them too: the body words are too common).
                required = "{title keywords} : (" + required + ")"
                where_params = [required]
            else:
                # Only documents with the rarer words match; every word still counts in BM25.
                where_params = [f"({required}) AND ({everything})"]
            if candidates.cap:
                # The newest `cap` of them: a rowid range, which FTS5 seeks to (an IN list of
                # rowids would run the whole match once per rowid).
                cursor.execute(
                    "SELECT min(rowid) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
                    "ORDER BY rowid DESC LIMIT %s)",
                    [required, candidates.cap],
                )
                where += " AND search_fts.rowid >= %s"
                where_params.append(cursor.fetchone()[0] or 0)
        title, keywords, body = WEIGHTS
        cursor.execute(
            f"SELECT {MATCH_COLUMNS}, -bm25(search_fts, {title}, {keywords}, {body}) AS score "  # noqa: S608
            "FROM search_fts JOIN search_document d ON d.id = search_fts.rowid "
            f"WHERE {where}{conditions} ORDER BY score DESC, d.id LIMIT %s",
            [*where_params, *params, limit],
        )
        return [match_from_row(row) for row in cursor.fetchall()]
