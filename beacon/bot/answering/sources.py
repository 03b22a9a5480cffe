"""What the bot may answer from: published articles and FAQs, and announcements that are on now
(incidents, security warnings, listings) or soon (maintenance within a day)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from beacon.helpcenter.enums import AnnouncementKind
from beacon.helpcenter.models import Announcement
from beacon.helpcenter.rendering import plain_text
from beacon.helpcenter.selectors import published_announcements, published_articles

LANGUAGES = ("en", "zh-hans")
MAINTENANCE_LEAD = timedelta(hours=24)
# Announcements about something going wrong right now answer "why is X not working?" first.
OPERATIONAL = frozenset({AnnouncementKind.INCIDENT, AnnouncementKind.MAINTENANCE})


@dataclass(frozen=True)
class Source:
    kind: str  # article, faq or announcement
    object_id: int
    group: str  # translations share a group
    language: str
    title: str
    url: str
    category: str
    text: str
    phrasings: tuple[str, ...]
    version: str
    ongoing: bool = False  # an announcement that has started (not one scheduled for later)

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.kind, self.object_id, self.language)

    @property
    def is_operational(self) -> bool:
        return self.kind == "announcement" and self.category in OPERATIONAL

    @property
    def absolute_url(self) -> str:
        return self.url if self.url.startswith("http") else f"{settings.SITE_URL}{self.url}"


def active_announcements() -> list[Announcement]:
    now = timezone.now()
    return list(
        published_announcements()
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .filter(Q(starts_at__lte=now) | Q(kind=AnnouncementKind.MAINTENANCE, starts_at__lte=now + MAINTENANCE_LEAD))
    )


def fingerprint() -> tuple[tuple[str, int, str], ...]:
    """Changes whenever a source is added, edited, published, withdrawn, starts or ends."""
    rows: list[tuple[str, int, str]] = []
    for language in LANGUAGES:
        rows += [("a", pk, str(at)) for pk, at in published_articles(language).values_list("pk", "updated_at")]
    now = timezone.now()
    rows += [("n", a.pk, f"{a.updated_at}:{a.starts_at <= now}") for a in active_announcements()]
    return tuple(sorted(rows))


def load_sources() -> list[Source]:
    sources: list[Source] = []
    for language in LANGUAGES:
        for article in published_articles(language).select_related("category"):
            sources.append(
                Source(
                    kind=article.kind,
                    object_id=article.pk,
                    group=str(article.translation_key),
                    language=article.language,
                    title=article.title,
                    url=article.get_absolute_url(),
                    category=article.category.slug,
                    text=article.body_text,
                    phrasings=tuple(article.phrasings or ()),
                    version=str(article.updated_at),
                )
            )
    now = timezone.now()
    for announcement in active_announcements():
        for language in LANGUAGES:
            title = announcement.title_in(language)
            if not title:
                continue
            sources.append(
                Source(
                    kind="announcement",
                    object_id=announcement.pk,
                    group=f"announcement:{announcement.pk}",
                    language=language,
                    title=title,
                    url=announcement.get_absolute_url(language),
                    category=announcement.kind,
                    text=plain_text(announcement.body_html_in(language)),
                    phrasings=tuple(announcement.affected or ()),
                    version=str(announcement.updated_at),
                    ongoing=announcement.starts_at <= now,
                )
            )
    return sources
