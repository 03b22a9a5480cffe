"""Import of a help center from another system (or a Beacon export): all or nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.core.audit import record_event
from beacon.core.errors import DomainError, ValidationFailed
from beacon.helpcenter.enums import LANGUAGES, ArticleStatus
from beacon.helpcenter.models import Article, Category
from beacon.helpcenter.services import articles as article_services
from beacon.helpcenter.services.common import require_supervisor
from beacon.helpcenter.transfer import ArticleData, Bundle, CategoryData

KEY_NAMESPACE = uuid.UUID("6f1c9b1e-8a7d-4f51-9d7c-1b2f0c3a9e55")


@dataclass
class ImportReport:
    categories_created: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: dict[str, list[str]] = field(default_factory=dict)


def translation_key(key: str) -> uuid.UUID | None:
    """A Beacon translation key for an imported key: kept if it is a UUID, else derived from it."""
    if not key:
        return None
    try:
        return uuid.UUID(key)
    except ValueError:
        return uuid.uuid5(KEY_NAMESPACE, key)


def _categories(rows: list[CategoryData], report: ImportReport) -> dict[str, Category]:
    known = {c.slug: c for c in Category.objects.all()}
    for row in rows:
        slug = row.get("slug", "")
        if not slug or slug in known:
            continue
        known[slug] = Category.objects.create(
            slug=slug[:50],
            name_en=row.get("name_en", slug)[:80],
            name_zh=row.get("name_zh", slug)[:80],
            description_en=row.get("description_en", "")[:240],
            description_zh=row.get("description_zh", "")[:240],
            position=row.get("position", 100),
        )
        report.categories_created += 1
    for row in rows:
        parent = known.get(row.get("parent", ""))
        node = known.get(row.get("slug", ""))
        if node is not None and parent is not None and node.parent_id is None and parent.pk != node.pk:
            node.parent = parent
            node.save(update_fields=["parent"])
    return known


def _existing(row: ArticleData, key: uuid.UUID | None) -> Article | None:
    if key is not None:
        found = Article.objects.filter(translation_key=key, language=row["language"]).first()
        if found is not None:
            return found
    return Article.objects.filter(language=row["language"], slug=row["slug"]).first() if row["slug"] else None


def _import_article(actor: User | None, row: ArticleData, category: Category, report: ImportReport) -> None:
    key = translation_key(row["key"])
    status = row["status"] if row["status"] in ArticleStatus.values else ArticleStatus.DRAFT
    article = _existing(row, key)
    if article is None:
        sibling = Article.objects.filter(translation_key=key).first() if key is not None else None
        article = article_services.create_article(
            actor,
            language=row["language"],
            category=category,
            title=row["title"],
            body=row["body"],
            kind=row["kind"],
            phrasings=row["phrasings"],
            slug=row["slug"],
            translation_of=sibling,
            status=status,
            position=row["position"],
        )
        if key is not None and sibling is None:
            Article.objects.filter(pk=article.pk).update(translation_key=key)
        report.created += 1
        return
    version = article.version
    article = article_services.update_article(
        actor,
        article,
        title=row["title"],
        body=row["body"],
        phrasings=row["phrasings"],
        category=category,
        kind=row["kind"],
        position=row["position"],
        note=_("Imported"),
    )
    moved = article.status != status
    if moved:
        article_services.change_article_status(actor, article, status)
    if article.version != version or moved:
        report.updated += 1
    else:
        report.unchanged += 1


@transaction.atomic
def import_bundle(actor: User | None, bundle: Bundle) -> ImportReport:
    """Create or update categories and articles. Articles match on their key and language, then on
    language and slug; changed ones get a new version. Any invalid row cancels the whole import,
    and the errors name the rows."""
    require_supervisor(actor, _("Only supervisors and administrators can import articles."))
    report = ImportReport()
    categories = _categories(bundle["categories"], report)
    for number, row in enumerate(bundle["articles"], start=1):
        label = _("article %(n)d") % {"n": number}
        category = categories.get(row.get("category", ""))
        if row.get("language") not in LANGUAGES:
            report.errors[label] = [_("Unknown language “%(value)s”.") % {"value": row.get("language")}]
            continue
        if category is None:
            report.errors[label] = [_("Unknown category “%(value)s”.") % {"value": row.get("category")}]
            continue
        try:
            with transaction.atomic():
                _import_article(actor, row, category, report)
        except ValidationFailed as exc:
            report.errors[label] = [f"{name}: {' '.join(messages)}" for name, messages in exc.errors.items()]
        except DomainError as exc:
            report.errors[label] = [str(exc.message)]
    if report.errors:
        raise ValidationFailed(report.errors, _("Nothing was imported: fix these rows and try again."))
    if actor is not None:  # each article has its own events; this one says who ran the import
        record_event(
            actor,
            "helpcenter.imported",
            actor,
            {"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
        )
    return report
