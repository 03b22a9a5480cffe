"""Forum threads in the shared search index, as their own kind (`forum_thread`), after commit.

A thread's document holds its question, the accepted answer and the official replies: what a
searcher most needs. Hidden threads and hidden posts are never indexed.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import transaction

from beacon.core.search import indexing
from beacon.core.search.indexing import Document
from beacon.forum.enums import SEARCH_KIND
from beacon.forum.models import Thread


def thread_document(thread: Thread) -> Document:
    posts = [p for p in thread.posts.all() if not p.is_hidden]
    kept = [p for p in posts if p.is_opening or p.is_official or p.pk == thread.accepted_post_id]
    return Document(
        kind=SEARCH_KIND,
        object_id=thread.pk,
        language=thread.language,
        title=thread.title,
        body="\n\n".join(p.body for p in kept),
        url=thread.get_absolute_url(),
        category=thread.category.slug,
    )


def sync_thread(thread_id: int) -> None:
    thread = Thread.objects.select_related("category").prefetch_related("posts").filter(pk=thread_id).first()
    indexing.remove_documents(SEARCH_KIND, [thread_id])
    if thread is not None and not thread.is_hidden and thread.category.is_active:
        indexing.index_documents([thread_document(thread)])


def schedule_thread(thread: Thread) -> None:
    indexing.after_commit(sync_thread, thread.pk)


def all_documents() -> Iterator[Document]:
    threads = Thread.objects.filter(is_hidden=False, category__is_active=True).select_related("category")
    for thread in threads.prefetch_related("posts").order_by("id").iterator(chunk_size=200):
        yield thread_document(thread)


@transaction.atomic
def rebuild() -> int:
    """Empty the forum's part of the index and fill it again (the help center's part is untouched)."""
    indexing.clear(kinds=[SEARCH_KIND])
    documents = list(all_documents())
    return indexing.bulk_add(documents) if documents else 0
