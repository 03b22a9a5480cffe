"""Knowledge base and FAQ: writing, review and publishing, versions, images."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.core.audit import record_event
from beacon.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from beacon.core.uploads import PreparedUpload, UploadRejected
from beacon.helpcenter.enums import (
    AGENT_EDITABLE,
    AGENT_TRANSITIONS,
    LANGUAGES,
    ArticleKind,
    ArticleStatus,
    can_transition,
)
from beacon.helpcenter.indexing import schedule_article
from beacon.helpcenter.models import Article, ArticleImage, ArticleVersion, Category
from beacon.helpcenter.rendering import plain_text, render_markdown
from beacon.helpcenter.services.common import require_staff

MAX_BODY = 100_000
MAX_PHRASINGS = 30


def clean_phrasings(phrasings: Sequence[str] | str) -> list[str]:
    """Alternative phrasings, one per line (or a list); blanks and repeats dropped."""
    if isinstance(phrasings, str):
        phrasings = phrasings.splitlines()
    cleaned = list(dict.fromkeys(" ".join(str(p).split()) for p in phrasings if str(p).strip()))
    if len(cleaned) > MAX_PHRASINGS or any(len(p) > 200 for p in cleaned):
        raise ValidationFailed(
            {"phrasings": [_("Give at most %(n)d phrasings of up to 200 characters each.") % {"n": MAX_PHRASINGS}]}
        )
    return cleaned


def _clean_content(title: str, body: str, language: str, kind: str) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    title = " ".join((title or "").split())
    body = (body or "").replace("\r\n", "\n").strip()
    if not title:
        errors["title"] = [_("Give the article a title (for an FAQ: the question).")]
    elif len(title) > 200:
        errors["title"] = [_("The title is too long (at most 200 characters).")]
    if len(body) > MAX_BODY:
        errors["body"] = [_("The body is too long (at most %(n)d characters).") % {"n": MAX_BODY}]
    if language not in LANGUAGES:
        errors["language"] = [_("Choose English or Simplified Chinese.")]
    if kind not in ArticleKind.values:
        errors["kind"] = [_("Choose article or FAQ.")]
    if errors:
        raise ValidationFailed(errors)
    return title, body


def _unique_slug(wanted: str, title: str, language: str, exclude_id: int | None = None) -> str:
    base = slugify(wanted or title, allow_unicode=True)[:100].strip("-") or "article"
    others = Article.objects.filter(language=language, slug__startswith=base)
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    taken = set(others.values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _render(article: Article) -> None:
    article.body_html = render_markdown(article.body)
    article.body_text = plain_text(article.body_html)


def _snapshot(article: Article, actor: User | None, note: str) -> ArticleVersion:
    return ArticleVersion.objects.create(
        article=article,
        number=article.version,
        title=article.title,
        body=article.body,
        phrasings=article.phrasings,
        category_slug=article.category.slug,
        note=note[:200],
        author=actor,
    )


@transaction.atomic
def create_article(
    actor: User | None,
    *,
    language: str,
    category: Category,
    title: str,
    body: str,
    kind: str = ArticleKind.ARTICLE,
    phrasings: Sequence[str] | str = (),
    slug: str = "",
    translation_of: Article | None = None,
    status: str = ArticleStatus.DRAFT,
    position: int = 100,
) -> Article:
    """Write a new article or FAQ entry, as a draft unless `status` says otherwise (the system may
    create published content directly: imports, demo data). A translation shares the original's
    translation key and, when free, its slug."""
    require_staff(actor)
    title, body = _clean_content(title, body, language, kind)
    if status != ArticleStatus.DRAFT and actor is not None and not actor.is_supervisor:
        raise PermissionDenied(_("New articles start as drafts; a supervisor publishes them."))
    article = Article(
        language=language,
        kind=kind,
        category=category,
        title=title,
        body=body,
        phrasings=clean_phrasings(phrasings),
        status=status,
        position=position,
        author=actor,
        updated_by=actor,
    )
    if translation_of is not None:
        if Article.objects.filter(translation_key=translation_of.translation_key, language=language).exists():
            raise ValidationFailed({"language": [_("This article already has a translation in that language.")]})
        article.translation_key = translation_of.translation_key
        slug = slug or translation_of.slug
    article.slug = _unique_slug(slug, title, language)
    if status == ArticleStatus.PUBLISHED:
        article.published_at = timezone.now()
    _render(article)
    article.save()
    _snapshot(article, actor, _("Created"))
    record_event(actor, "article.created", article, {"language": language, "kind": kind, "status": status})
    schedule_article(article)
    return article


@transaction.atomic
def update_article(
    actor: User | None,
    article: Article,
    *,
    title: str,
    body: str,
    phrasings: Sequence[str] | str,
    category: Category,
    kind: str | None = None,
    slug: str | None = None,
    position: int | None = None,
    note: str = "",
) -> Article:
    """Change an article's content. A change of title, body, phrasings or category is a new
    version. Agents edit drafts and articles in review; published ones are for supervisors."""
    require_staff(actor)
    article = Article.objects.select_for_update(of=("self",)).select_related("category").get(pk=article.pk)
    if actor is not None and not actor.is_supervisor and article.status not in AGENT_EDITABLE:
        raise PermissionDenied(_("This article is published: ask a supervisor to change it, or to unpublish it."))
    kind = kind or article.kind
    title, body = _clean_content(title, body, article.language, kind)
    new: dict[str, Any] = {
        "title": title,
        "body": body,
        "phrasings": clean_phrasings(phrasings),
        "category": category,
        "kind": kind,
        "slug": article.slug if not slug else _unique_slug(slug, title, article.language, exclude_id=article.pk),
        "position": article.position if position is None else position,
    }
    changed = {name: value for name, value in new.items() if getattr(article, name) != value}
    if not changed:
        return article
    for name, value in changed.items():
        setattr(article, name, value)
    article.updated_by = actor
    content_changed = bool({"title", "body", "phrasings", "category"} & changed.keys())
    if content_changed:
        article.version += 1
        _render(article)
    article.save()
    if content_changed:
        _snapshot(article, actor, note)
    record_event(
        actor,
        "article.updated",
        article,
        {"fields": sorted(changed), "version": article.version, "note": note[:200]},
    )
    schedule_article(article)
    return article


@transaction.atomic
def change_article_status(actor: User | None, article: Article, new_status: str) -> Article:
    """Move an article through draft → review → published (→ archived). Agents may submit for
    review and take back; supervisors publish, send back, unpublish and archive."""
    require_staff(actor)
    try:
        target = ArticleStatus(new_status)
    except ValueError:
        raise ValidationFailed({"status": [_("Unknown status.")]}) from None
    article = Article.objects.select_for_update(of=("self",)).select_related("category").get(pk=article.pk)
    old = ArticleStatus(article.status)
    if old == target:
        return article
    if not can_transition(old, target):
        raise InvalidTransition(
            _("An article that is %(old)s cannot become %(new)s.") % {"old": old.label, "new": target.label}
        )
    if actor is not None and not actor.is_supervisor and (old, target) not in AGENT_TRANSITIONS:
        raise PermissionDenied(_("Only supervisors and administrators can publish, unpublish or archive."))
    article.status = target
    fields = ["status", "updated_by", "updated_at"]
    if target == ArticleStatus.PUBLISHED:
        article.published_at = timezone.now()
        fields.append("published_at")
    article.updated_by = actor
    article.save(update_fields=fields)
    record_event(actor, "article.status_changed", article, {"old": old, "new": target})
    schedule_article(article)
    return article


def restore_version(actor: User | None, article: Article, version: ArticleVersion) -> Article:
    """Make an earlier version the current content again (as a new version: history is kept)."""
    if version.article_id != article.pk:
        raise ValidationFailed({"version": [_("That version belongs to another article.")]})
    category = Category.objects.filter(slug=version.category_slug).first() or article.category
    return update_article(
        actor,
        article,
        title=version.title,
        body=version.body,
        phrasings=version.phrasings,
        category=category,
        note=_("Restored version %(n)d") % {"n": version.number},
    )


@transaction.atomic
def upload_image(actor: User, upload: PreparedUpload) -> ArticleImage:
    """Store an image for article bodies. The upload went through core.uploads (type sniffed,
    re-encoded); only images are accepted here."""
    require_staff(actor)
    if not upload.is_image:
        raise UploadRejected(_("Only images (PNG, JPG, GIF, WebP) can be used in articles."))
    image = ArticleImage(name=upload.name, content_type=upload.content_type, size=upload.size, uploaded_by=actor)
    image.file.save(upload.name, ContentFile(upload.data), save=False)
    image.save()
    record_event(actor, "article_image.uploaded", image, {"name": image.name, "size": image.size})
    return image
