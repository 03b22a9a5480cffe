"""What the help center puts in the search index, and when.

Services call `schedule_article()` / `schedule_announcement()`; the index is updated after the
transaction commits, from the rows as committed. Only published content is ever indexed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.db import transaction
from django.db.models import QuerySet

from beacon.core.search import indexing
from beacon.core.search.indexing import Document
from beacon.helpcenter.enums import ArticleKind, ArticleStatus
from beacon.helpcenter.models import Announcement, Article
from beacon.helpcenter.rendering import plain_text

ANNOUNCEMENT = "announcement"


def article_document(article: Article) -> Document:
    return Document(
        kind=article.kind,
        object_id=article.pk,
        language=article.language,
        title=article.title,
        body=article.body_text,
        url=article.get_absolute_url(),
        category=article.category.slug,
        keywords=tuple(article.phrasings or ()),
    )


def announcement_documents(announcement: Announcement) -> list[Document]:
    documents = []
    for language, title, body_html in (
        ("en", announcement.title_en, announcement.body_html_en),
        ("zh-hans", announcement.title_zh, announcement.body_html_zh),
    ):
        if title:
            documents.append(
                Document(
                    kind=ANNOUNCEMENT,
                    object_id=announcement.pk,
                    language=language,
                    title=title,
                    body=plain_text(body_html),
                    url=announcement.get_absolute_url(language),
                    category=announcement.kind,
                    keywords=tuple(announcement.affected or ()),
                )
            )
    return documents


def sync_article(article_id: int) -> None:
    article = Article.objects.select_related("category").filter(pk=article_id).first()
    for kind in ArticleKind.values:
        if article is None or not article.is_published or kind != article.kind:
            indexing.remove_documents(kind, [article_id])
    if article is not None and article.is_published:
        indexing.index_documents([article_document(article)])


def sync_announcement(announcement_id: int) -> None:
    announcement = Announcement.objects.filter(pk=announcement_id).first()
    indexing.remove_documents(ANNOUNCEMENT, [announcement_id])
    if announcement is not None and announcement.is_published:
        indexing.index_documents(announcement_documents(announcement))


def schedule_article(article: Article) -> None:
    indexing.after_commit(sync_article, article.pk)


def schedule_announcement(announcement: Announcement) -> None:
    indexing.after_commit(sync_announcement, announcement.pk)


def published_articles() -> QuerySet[Article]:
    return Article.objects.filter(status=ArticleStatus.PUBLISHED).select_related("category").order_by("id")


def all_documents() -> Iterator[Document]:
    for article in published_articles().iterator(chunk_size=500):
        yield article_document(article)
    for announcement in Announcement.objects.filter(is_published=True).order_by("id").iterator(chunk_size=500):
        yield from announcement_documents(announcement)


def count_documents() -> int:
    return published_articles().count() + 2 * Announcement.objects.filter(is_published=True).count()


@transaction.atomic
def rebuild(progress: Callable[[int, int], None] | None = None, batch: int = 500) -> int:
    """Empty the help center's part of the index and fill it again from the published content.

    One transaction: searches keep seeing the old index until the new one is complete."""
    total = count_documents()
    indexing.clear(kinds=[*ArticleKind.values, ANNOUNCEMENT])
    done = 0
    pending: list[Document] = []
    for document in all_documents():
        pending.append(document)
        if len(pending) >= batch:
            done += indexing.bulk_add(pending)
            pending = []
            if progress:
                progress(done, total)
    if pending:
        done += indexing.bulk_add(pending)
    if progress:
        progress(done, max(total, done))
    return done
