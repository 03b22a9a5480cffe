"""Reads. Every id or slug that comes from a user resolves through an access_* function."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.core.errors import NotFound
from beacon.core.search.engine import SearchHit
from beacon.core.search.engine import search as search_index
from beacon.helpcenter.enums import SEARCH_KINDS, ArticleKind, ArticleStatus
from beacon.helpcenter.models import (
    Announcement,
    Article,
    ArticleImage,
    ArticleVersion,
    Category,
    Deflection,
    SearchLog,
)
from beacon.helpcenter.transfer import Bundle, CategoryData


def content_language(language: str | None = None) -> str:
    """One of the help center's languages: zh-hans for any Chinese, else English."""
    return "zh-hans" if (language or get_language() or "").lower().startswith("zh") else "en"


def other_language(language: str) -> str:
    return "en" if language == "zh-hans" else "zh-hans"


# --- search --------------------------------------------------------------------------------------


def search(
    query: str,
    language: str | None = None,
    *,
    kinds: Sequence[str] = SEARCH_KINDS,
    category: Category | None = None,
    limit: int = 10,
) -> list[SearchHit]:
    """Published articles, FAQs and announcements matching `query`, best first, with scores and
    highlighted snippets. `language` None searches every language. This is the function the
    answer bot uses too."""
    kinds = [kind for kind in kinds if kind in SEARCH_KINDS]
    return search_index(
        query,
        languages=[content_language(language)] if language else [],
        kinds=kinds,
        categories=descendant_slugs(category) if category is not None else [],
        limit=limit,
    )


def suggest_articles(query: str, language: str, limit: int = 5) -> list[SearchHit]:
    """Articles and FAQs for someone describing a problem; other-language ones if none match."""
    kinds = [ArticleKind.ARTICLE.value, ArticleKind.FAQ.value]
    hits = search(query, language, kinds=kinds, limit=limit)
    return hits or search(query, other_language(content_language(language)), kinds=kinds, limit=limit)


# --- articles --------------------------------------------------------------------------------------


def published_articles(language: str) -> QuerySet[Article]:
    return Article.objects.filter(language=content_language(language), status=ArticleStatus.PUBLISHED)


def access_published_article(language: str, slug: str) -> Article:
    article = published_articles(language).select_related("category").filter(slug=slug).first()
    if article is None:
        raise NotFound(_("No such article."))
    return article


def access_article(actor: User, article_id: int | str) -> Article:
    """Any article for staff; only published ones for everybody else."""
    try:
        pk = int(article_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such article.")) from None
    articles = Article.objects.select_related("category", "author", "updated_by").filter(pk=pk)
    if not (actor.is_authenticated and actor.is_staff_member):
        articles = articles.filter(status=ArticleStatus.PUBLISHED)
    article = articles.first()
    if article is None:
        raise NotFound(_("No such article."))
    return article


def translations(article: Article, *, published_only: bool = True) -> list[Article]:
    others = Article.objects.filter(translation_key=article.translation_key).exclude(pk=article.pk)
    if published_only:
        others = others.filter(status=ArticleStatus.PUBLISHED)
    return list(others.order_by("language"))


def related_articles(article: Article, limit: int = 5) -> list[SearchHit]:
    """Other published articles on the same subject, found by searching for this one's title."""
    hits = search(article.title, article.language, kinds=ArticleKind.values, limit=limit + 1)
    return [hit for hit in hits if hit.object_id != article.pk][:limit]


def popular_articles(language: str, limit: int = 8) -> list[Article]:
    return list(published_articles(language).order_by("-view_count", "position", "id")[:limit])


def faq_entries(language: str, category: Category | None = None) -> QuerySet[Article]:
    entries = published_articles(language).filter(kind=ArticleKind.FAQ).select_related("category")
    if category is not None:
        entries = entries.filter(category__slug__in=descendant_slugs(category))
    return entries.order_by("category__position", "position", "title")


def staff_articles(status: str = "", language: str = "", kind: str = "", q: str = "") -> QuerySet[Article]:
    articles = Article.objects.select_related("category", "updated_by")
    if status:
        articles = articles.filter(status=status)
    if language:
        articles = articles.filter(language=language)
    if kind:
        articles = articles.filter(kind=kind)
    if q:
        articles = articles.filter(Q(title__icontains=q) | Q(slug__icontains=q))
    return articles.order_by("-updated_at", "-id")


def versions(article: Article) -> QuerySet[ArticleVersion]:
    return article.versions.select_related("author").order_by("-number")


def access_version(article: Article, number: int | str) -> ArticleVersion:
    try:
        value = int(number)
    except (TypeError, ValueError):
        raise NotFound(_("No such version.")) from None
    version = article.versions.filter(number=value).first()
    if version is None:
        raise NotFound(_("No such version."))
    return version


def access_image(key: str) -> ArticleImage:
    image = ArticleImage.objects.filter(key=key).first()
    if image is None:
        raise NotFound(_("No such image."))
    return image


# --- categories ------------------------------------------------------------------------------------


def active_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).order_by("position", "slug")


def access_category(slug: str) -> Category:
    category = active_categories().filter(slug=slug).first()
    if category is None:
        raise NotFound(_("No such category."))
    return category


def descendant_slugs(category: Category) -> list[str]:
    """The category and everything under it (one query: the tree is small)."""
    children: dict[int | None, list[Category]] = {}
    for node in active_categories():
        children.setdefault(node.parent_id, []).append(node)
    slugs, stack = [], [category]
    while stack:
        node = stack.pop()
        slugs.append(node.slug)
        stack.extend(children.get(node.pk, []))
    return slugs


def category_tree(language: str) -> list[tuple[Category, list[Category], int]]:
    """Top-level categories with their children and the number of published articles under each."""
    counts = dict(
        published_articles(language).values_list("category_id").annotate(n=Count("id")).values_list("category_id", "n")
    )
    nodes = list(active_categories())
    children: dict[int | None, list[Category]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)

    def total(node: Category) -> int:
        return counts.get(node.pk, 0) + sum(total(child) for child in children.get(node.pk, []))

    return [(node, children.get(node.pk, []), total(node)) for node in children.get(None, [])]


def category_articles(language: str, category: Category) -> QuerySet[Article]:
    return (
        published_articles(language)
        .filter(category__slug__in=descendant_slugs(category))
        .select_related("category")
        .order_by("kind", "position", "title")
    )


def breadcrumbs(category: Category) -> list[Category]:
    by_id = {node.pk: node for node in Category.objects.all()}
    trail: list[Category] = []
    node = by_id.get(category.pk)
    while node is not None and len(trail) < 10:
        trail.append(node)
        node = by_id.get(node.parent_id) if node.parent_id else None
    return trail[::-1]


# --- announcements ---------------------------------------------------------------------------------


def published_announcements(kind: str = "") -> QuerySet[Announcement]:
    announcements = Announcement.objects.filter(is_published=True)
    if kind:
        announcements = announcements.filter(kind=kind)
    return announcements.order_by("-pinned", "-starts_at", "-id")


def access_announcement(slug: str, *, actor: User | None = None) -> Announcement:
    announcements = Announcement.objects.filter(slug=slug)
    if actor is None or not (actor.is_authenticated and actor.is_staff_member):
        announcements = announcements.filter(is_published=True)
    announcement = announcements.first()
    if announcement is None:
        raise NotFound(_("No such announcement."))
    return announcement


def access_announcement_by_id(actor: User, announcement_id: int | str) -> Announcement:
    try:
        pk = int(announcement_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such announcement.")) from None
    announcement = Announcement.objects.filter(pk=pk).first()
    if announcement is None or not actor.is_staff_member:
        raise NotFound(_("No such announcement."))
    return announcement


# --- analytics -------------------------------------------------------------------------------------


def top_queries(days: int = 30, limit: int = 20, *, no_results: bool = False) -> list[dict[str, Any]]:
    """The most frequent searches (by their words, so "Deposit?" and "deposit" count together)."""
    logs = SearchLog.objects.filter(created_at__gte=timezone.now() - timedelta(days=days))
    if no_results:
        logs = logs.filter(results=0)
    rows = (
        logs.values("normalized")
        .annotate(count=Count("id"), example=Max("query"))
        .order_by("-count", "normalized")[:limit]
    )
    return [dict(row) for row in rows]


def deflection_stats(days: int = 30, limit: int = 10) -> tuple[int, list[dict[str, Any]]]:
    recent = Deflection.objects.filter(created_at__gte=timezone.now() - timedelta(days=days))
    rows = (
        recent.values("article_id", "article__title", "article__language")
        .annotate(count=Count("id"))
        .order_by("-count", "article_id")[:limit]
    )
    return recent.count(), [dict(row) for row in rows]


def least_helpful(limit: int = 10) -> QuerySet[Article]:
    return (
        Article.objects.filter(status=ArticleStatus.PUBLISHED, helpful_no__gt=0)
        .order_by("-helpful_no", "helpful_yes", "id")
        .only("id", "title", "language", "helpful_yes", "helpful_no", "view_count")[:limit]
    )


# --- export ----------------------------------------------------------------------------------------


def export_bundle(*, published_only: bool = False) -> Bundle:
    """Every category and article (or only published ones), in the import/export format."""
    categories: list[CategoryData] = [
        {
            "slug": c.slug,
            "parent": c.parent.slug if c.parent else "",
            "name_en": c.name_en,
            "name_zh": c.name_zh,
            "description_en": c.description_en,
            "description_zh": c.description_zh,
            "position": c.position,
        }
        for c in Category.objects.select_related("parent").order_by("position", "slug")
    ]
    articles = Article.objects.select_related("category").order_by("translation_key", "language")
    if published_only:
        articles = articles.filter(status=ArticleStatus.PUBLISHED)
    return {
        "categories": categories,
        "articles": [
            {
                "key": str(a.translation_key),
                "language": a.language,
                "kind": a.kind,
                "category": a.category.slug,
                "slug": a.slug,
                "title": a.title,
                "body": a.body,
                "phrasings": list(a.phrasings or []),
                "status": a.status,
                "position": a.position,
            }
            for a in articles.iterator(chunk_size=500)
        ],
    }
