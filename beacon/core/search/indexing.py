"""Writing to the index. Content apps turn their objects into `Document`s; nothing else writes here.

Call `after_commit()` from a service: the index is updated once the content change has committed,
so a rolled-back edit never shows up in search, and a failure to index is logged without undoing
the edit (`reindex_search` repairs the index at any time).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from beacon.core import text
from beacon.core.search.backends import get_backend
from beacon.core.search.backends.base import PreparedText
from beacon.core.search.engine import index_changed
from beacon.core.search.models import SearchDocument

logger = logging.getLogger(__name__)
MAX_BODY_CHARS = 20_000  # words past this point add little to ranking and only grow the index


@dataclass(frozen=True)
class Document:
    kind: str
    object_id: int
    language: str
    title: str
    body: str
    url: str
    category: str = ""
    keywords: Sequence[str] = field(default_factory=tuple)


def prepare(document: Document) -> PreparedText:
    return PreparedText(
        title=text.terms(document.title),
        keywords=[term for phrase in document.keywords for term in text.terms(phrase)],
        body=text.terms(document.body[:MAX_BODY_CHARS]),
    )


def _metadata(document: Document) -> dict[str, Any]:
    return {
        "category": document.category[:64],
        "title": document.title[:300],
        "body": document.body[:MAX_BODY_CHARS],
        "url": document.url[:300],
    }


@transaction.atomic
def index_documents(documents: Iterable[Document]) -> int:
    """Add or replace documents (matched on kind, object id and language)."""
    rows: list[tuple[int, PreparedText]] = []
    for document in documents:
        row, _created = SearchDocument.objects.update_or_create(
            kind=document.kind,
            object_id=document.object_id,
            language=document.language,
            defaults=_metadata(document),
        )
        rows.append((row.pk, prepare(document)))
    if rows:
        with connection.cursor() as cursor:
            get_backend().write(cursor, rows)
        index_changed()
    return len(rows)


@transaction.atomic
def bulk_add(documents: Sequence[Document], prepared: Sequence[PreparedText] | None = None) -> int:
    """Insert documents known not to be in the index yet (full re-index, benchmarks).

    `prepared` lets a caller that already has the words skip segmentation.
    """
    rows = SearchDocument.objects.bulk_create(
        [SearchDocument(kind=d.kind, object_id=d.object_id, language=d.language, **_metadata(d)) for d in documents],
        batch_size=1000,
    )
    texts = prepared if prepared is not None else [prepare(d) for d in documents]
    with connection.cursor() as cursor:
        get_backend().write(cursor, [(row.pk, words) for row, words in zip(rows, texts, strict=True)])
    index_changed()
    return len(rows)


@transaction.atomic
def remove_documents(kind: str, object_ids: Sequence[int], languages: Sequence[str] = ()) -> int:
    """Take documents out of the index; `languages` limits it to some of their languages."""
    rows = SearchDocument.objects.filter(kind=kind, object_id__in=list(object_ids))
    if languages:
        rows = rows.filter(language__in=list(languages))
    ids = list(rows.values_list("id", flat=True))
    if ids:
        with connection.cursor() as cursor:
            get_backend().delete(cursor, ids)
        SearchDocument.objects.filter(id__in=ids).delete()
        index_changed()
    return len(ids)


@transaction.atomic
def clear(kinds: Sequence[str] = ()) -> None:
    """Empty the index (or remove every document of `kinds`)."""
    index_changed()
    if kinds:
        ids = list(SearchDocument.objects.filter(kind__in=list(kinds)).values_list("id", flat=True))
        with connection.cursor() as cursor:
            get_backend().delete(cursor, ids)
        SearchDocument.objects.filter(id__in=ids).delete()
        return
    with connection.cursor() as cursor:
        get_backend().clear(cursor)
    SearchDocument.objects.all().delete()


def after_commit(sync: Callable[..., Any], *args: Any) -> None:
    """Run `sync(*args)` once the current transaction commits; log, never raise, if it fails."""

    def run() -> None:
        try:
            sync(*args)
        except Exception:
            logger.exception("search index update failed: %s%r (run reindex_search)", sync.__name__, args)

    transaction.on_commit(run)
