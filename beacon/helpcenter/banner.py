"""The incident / maintenance banner shown across the portal, cached so a page costs no query.

The cache entry lives until the next moment the banner could change by itself (an incident
starting or ending, a maintenance window coming within a day), at most `MAX_SECONDS`; the
announcement services drop it whenever an announcement changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from beacon.helpcenter.enums import AnnouncementKind
from beacon.helpcenter.models import Announcement

MAINTENANCE_LEAD = timedelta(hours=24)  # scheduled maintenance shows this long before it starts
MAX_SECONDS = 300
LANGUAGES = ("en", "zh-hans")


@dataclass(frozen=True)
class BannerItem:
    kind: str
    kind_label: str
    title: str
    url: str
    starts_at: datetime
    ends_at: datetime | None
    upcoming: bool


def cache_key(language: str) -> str:
    return f"helpcenter:banner:v1:{language}"


def _current(now: datetime) -> list[Announcement]:
    live = Q(ends_at__isnull=True) | Q(ends_at__gt=now)
    return list(
        Announcement.objects.filter(is_published=True)
        .filter(
            Q(kind=AnnouncementKind.INCIDENT, starts_at__lte=now)
            | Q(kind=AnnouncementKind.MAINTENANCE, starts_at__lte=now + MAINTENANCE_LEAD)
        )
        .filter(live)
        .order_by("-kind", "starts_at")[:5]  # incidents first
    )


def _seconds_valid(items: list[Announcement], now: datetime) -> int:
    moments = [a.ends_at for a in items if a.ends_at] + [a.starts_at for a in items if a.starts_at > now]
    soonest = min((int((moment - now).total_seconds()) + 1 for moment in moments), default=MAX_SECONDS)
    return max(5, min(MAX_SECONDS, soonest))


def banner_items(language: str) -> list[BannerItem]:
    key = cache_key(language)
    items: list[BannerItem] | None = cache.get(key)
    if items is None:
        now = timezone.now()
        found = _current(now)
        items = [
            BannerItem(
                kind=a.kind,
                kind_label=str(AnnouncementKind(a.kind).label),
                title=a.title_in(language),
                url=a.get_absolute_url(language),
                starts_at=a.starts_at,
                ends_at=a.ends_at,
                upcoming=a.starts_at > now,
            )
            for a in found
        ]
        cache.set(key, items, _seconds_valid(found, now))
    return items


def forget_banner() -> None:
    """Drop the cached banner now and after commit (a page may cache the old state in between)."""

    def forget() -> None:
        cache.delete_many([cache_key(language) for language in LANGUAGES])

    forget()
    transaction.on_commit(forget, robust=True)
