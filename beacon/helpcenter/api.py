"""REST API of the help center: public search and reading, staff writing, import and export."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from beacon.accounts.models import User
from beacon.core.errors import NotFound, PermissionDenied, ValidationFailed
from beacon.helpcenter import selectors, transfer
from beacon.helpcenter.enums import SEARCH_KINDS
from beacon.helpcenter.models import Article, Category
from beacon.helpcenter.schemas import (
    AnnouncementOut,
    ArticleIn,
    ArticleOut,
    ArticlePage,
    ArticlePatch,
    ImportOut,
    SearchHitOut,
    StatusIn,
)
from beacon.helpcenter.services import articles as services
from beacon.helpcenter.services import feedback
from beacon.helpcenter.services.transfer import import_bundle
from beacon.tickets.schemas import ErrorOut
from beacon.tickets.selectors import paginate

router = Router(tags=["help center"])
ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def summary_out(article: Article) -> dict[str, Any]:
    return {
        "id": article.pk,
        "key": str(article.translation_key),
        "language": article.language,
        "kind": article.kind,
        "category": article.category.slug,
        "slug": article.slug,
        "title": article.title,
        "status": article.status,
        "url": article.get_absolute_url(),
        "updated_at": article.updated_at,
    }


def article_out(article: Article) -> dict[str, Any]:
    return {
        **summary_out(article),
        "body": article.body,
        "body_html": article.body_html,
        "phrasings": list(article.phrasings or []),
        "version": article.version,
        "view_count": article.view_count,
        "helpful_yes": article.helpful_yes,
        "helpful_no": article.helpful_no,
        "translations": {t.language: t.get_absolute_url() for t in selectors.translations(article)},
    }


@router.get("/search", auth=None, response={200: list[SearchHitOut], **ERRORS}, summary="Search the help center")
def search(
    request: HttpRequest,
    q: str,
    language: str = "",
    kinds: Query[list[str]] = None,  # type: ignore[assignment]
    category: str = "",
    limit: int = 10,
) -> list[dict[str, Any]]:
    """Published articles, FAQs and announcements. `language` en or zh-hans (empty: all);
    `kinds` any of article, faq, announcement."""
    node = selectors.access_category(category) if category else None
    hits = selectors.search(
        q[:1000], language or None, kinds=kinds or list(SEARCH_KINDS), category=node, limit=max(1, min(limit, 50))
    )
    feedback.log_search(q[:256], selectors.content_language(language or None), "api", len(hits))
    return [
        {
            "kind": h.kind,
            "id": h.object_id,
            "language": h.language,
            "category": h.category,
            "title": h.title,
            "url": h.url,
            "score": h.score,
            "snippet": str(h.snippet),
        }
        for h in hits
    ]


@router.get("/articles", auth=None, response=ArticlePage, summary="Published articles and FAQs")
def list_articles(
    request: HttpRequest, language: str = "en", category: str = "", kind: str = "", page: int = 1
) -> dict[str, Any]:
    articles = (
        selectors.published_articles(language)
        .select_related("category")
        .order_by("category__position", "position", "id")
    )
    if category:
        articles = articles.filter(category__slug__in=selectors.descendant_slugs(selectors.access_category(category)))
    if kind:
        articles = articles.filter(kind=kind)
    result = paginate(articles, page, per_page=50)
    return {"items": [summary_out(a) for a in result.items], "page": result.number, "has_next": result.has_next}


@router.get("/articles/{article_id}", auth=None, response={200: ArticleOut, **ERRORS})
def get_article(request: HttpRequest, article_id: int) -> dict[str, Any]:
    return article_out(selectors.access_article(request.user, article_id))  # type: ignore[arg-type]


@router.post("/articles", response={201: ArticleOut, **ERRORS}, summary="Write an article or FAQ (staff)")
def create_article(request: HttpRequest, payload: ArticleIn) -> Status[dict[str, Any]]:
    actor: User = request.user  # type: ignore[assignment]
    original = selectors.access_article(actor, payload.translation_of) if payload.translation_of else None
    article = services.create_article(
        actor,
        language=payload.language,
        category=_category(payload.category),
        title=payload.title,
        body=payload.body,
        kind=payload.kind,
        phrasings=payload.phrasings,
        slug=payload.slug,
        translation_of=original,
    )
    return Status(201, article_out(selectors.access_article(actor, article.pk)))


@router.patch("/articles/{article_id}", response={200: ArticleOut, **ERRORS}, summary="Change an article (staff)")
def patch_article(request: HttpRequest, article_id: int, payload: ArticlePatch) -> dict[str, Any]:
    actor: User = request.user  # type: ignore[assignment]
    article = selectors.access_article(actor, article_id)
    services.update_article(
        actor,
        article,
        title=payload.title if payload.title is not None else article.title,
        body=payload.body if payload.body is not None else article.body,
        phrasings=payload.phrasings if payload.phrasings is not None else article.phrasings,
        category=_category(payload.category) if payload.category else article.category,
        kind=payload.kind,
        slug=payload.slug,
        note=payload.note,
    )
    return article_out(selectors.access_article(actor, article_id))


@router.post("/articles/{article_id}/status", response={200: ArticleOut, **ERRORS}, summary="Review / publish")
def set_status(request: HttpRequest, article_id: int, payload: StatusIn) -> dict[str, Any]:
    actor: User = request.user  # type: ignore[assignment]
    services.change_article_status(actor, selectors.access_article(actor, article_id), payload.status)
    return article_out(selectors.access_article(actor, article_id))


def _category(slug: str) -> Category:
    try:
        return selectors.access_category(slug)
    except NotFound:
        raise ValidationFailed({"category": [_("No such category.")]}) from None


@router.get("/announcements", auth=None, response=list[AnnouncementOut], summary="Announcements")
def list_announcements(request: HttpRequest, language: str = "en", kind: str = "", limit: int = 20) -> list[Any]:
    lang = selectors.content_language(language)
    return [
        {
            "id": a.pk,
            "slug": a.slug,
            "kind": a.kind,
            "title": a.title_in(lang),
            "body_html": a.body_html_in(lang),
            "starts_at": a.starts_at,
            "ends_at": a.ends_at,
            "pinned": a.pinned,
            "affected": a.affected,
            "ongoing": a.is_ongoing,
            "url": a.get_absolute_url(lang),
        }
        for a in selectors.published_announcements(kind)[: max(1, min(limit, 100))]
    ]


@router.get("/export", response={200: None, **ERRORS}, summary="Export articles and FAQs (staff)")
def export(request: HttpRequest, format: str = "json", published_only: bool = False) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    if not actor.is_staff_member:
        raise PermissionDenied(_("Only support staff can export the help center."))
    bundle = selectors.export_bundle(published_only=published_only)
    if format == "csv":
        response = HttpResponse(transfer.to_csv(bundle), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(transfer.to_json(bundle), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="helpcenter.{"csv" if format == "csv" else "json"}"'
    return response


@router.post("/import", response={200: ImportOut, **ERRORS}, summary="Import articles and FAQs (supervisors)")
def import_file(request: HttpRequest, file: File[UploadedFile], format: Form[str] = "") -> dict[str, Any]:
    fmt = format or ("csv" if (file.name or "").lower().endswith(".csv") else "json")
    report = import_bundle(request.user, transfer.parse(file.read(), fmt))  # type: ignore[arg-type]
    return {
        "categories_created": report.categories_created,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
    }
