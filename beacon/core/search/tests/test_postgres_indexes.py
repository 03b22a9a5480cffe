from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="PostgreSQL's GIN indexes only"
)


def test_search_indexes_are_written_directly_so_searches_never_scan_a_pending_list(db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname IN (%s, %s)",
            ["search_document_vector", "search_document_head"],
        )
        options = dict(cursor.fetchall())
    assert options == {"search_document_vector": ["fastupdate=off"], "search_document_head": ["fastupdate=off"]}
