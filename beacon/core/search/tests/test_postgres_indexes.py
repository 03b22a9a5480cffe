from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection

from beacon.core.search.backends import get_backend
from beacon.core.search.backends.base import Candidates, Filters
from beacon.core.search.engine import plan_query
from beacon.core.search.indexing import Document, index_documents, remove_documents

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="PostgreSQL's GIN indexes only"
)

WITHDRAWAL = Document(
    kind="article",
    object_id=7,
    language="en",
    title="Withdrawal pending for hours",
    body="Large withdrawals are reviewed by hand before they are sent.",
    url="/help/en/a/withdrawal-pending/",
    category="withdrawals",
)


def test_search_indexes_are_written_directly_so_searches_never_scan_a_pending_list(db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname IN (%s, %s)",
            ["search_document_vector", "search_head_head"],
        )
        options = dict(cursor.fetchall())
    assert options == {"search_document_vector": ["fastupdate=off"], "search_head_head": ["fastupdate=off"]}


def head_only_urls(query: str, filters: Filters) -> list[str]:
    """What a query made only of very common words finds (titles and phrasings of the newest)."""
    with connection.cursor() as cursor:
        matches = get_backend().match(cursor, plan_query(query), filters, 10, Candidates(head_only=True, cap=200))
    return [match.url for match in matches]


def test_common_word_queries_follow_a_moved_article_and_forget_a_removed_one(db: None) -> None:
    index_documents([WITHDRAWAL])
    index_documents([Document(**{**WITHDRAWAL.__dict__, "category": "wallets"})])

    assert head_only_urls("withdrawal pending", Filters(categories=("wallets",))) == [WITHDRAWAL.url]
    assert head_only_urls("withdrawal pending", Filters(categories=("withdrawals",))) == []
    assert head_only_urls("withdrawal pending", Filters(languages=("zh-hans",))) == []
    remove_documents("article", [WITHDRAWAL.object_id])
    assert head_only_urls("withdrawal pending", Filters()) == []
