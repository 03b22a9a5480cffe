from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import factory
from django.test import TestCase
from django.utils import timezone

from beacon.helpcenter.enums import AnnouncementKind, ArticleKind, ArticleStatus
from beacon.helpcenter.models import Announcement, Article, Category
from beacon.helpcenter.services import announcements as announcement_services
from beacon.helpcenter.services import articles as article_services


@contextmanager
def committed() -> Iterator[None]:
    """Run what the block schedules after commit (search index, cache) as production would: tests
    run inside a transaction that never commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield


class HelpCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_en = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    name_zh = factory.LazyAttribute(lambda o: f"主题 {o.slug}")


def article(
    title: str,
    body: str = "",
    *,
    language: str = "en",
    category: Category | None = None,
    kind: str = ArticleKind.ARTICLE,
    status: str = ArticleStatus.PUBLISHED,
    translation_of: Article | None = None,
    **kwargs: Any,
) -> Article:
    """An article written through the services (rendered, versioned, indexed after commit)."""
    with committed():
        return article_services.create_article(
            None,
            language=language,
            category=category or HelpCategoryFactory(slug="deposits"),
            title=title,
            body=body,
            kind=kind,
            status=status,
            translation_of=translation_of,
            **kwargs,
        )


def announcement(
    title: str = "Wallet maintenance", *, kind: str = AnnouncementKind.INCIDENT, **kwargs: Any
) -> Announcement:
    values: dict[str, Any] = {
        "kind": kind,
        "title_en": title,
        "title_zh": f"{title}（中文）",
        "body_en": f"{title}: details.",
        "body_zh": "详情。",
        "starts_at": timezone.now() - timedelta(hours=1),
        "ends_at": timezone.now() + timedelta(hours=2),
        "is_published": True,
        **kwargs,
    }
    with committed():
        return announcement_services.save_announcement(None, None, **values)
