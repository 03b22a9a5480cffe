"""The announcements board: maintenance, incidents, listings, rule changes, security warnings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.core.audit import record_event
from beacon.core.errors import ValidationFailed
from beacon.helpcenter.banner import forget_banner
from beacon.helpcenter.enums import AnnouncementKind
from beacon.helpcenter.indexing import schedule_announcement
from beacon.helpcenter.models import Announcement
from beacon.helpcenter.rendering import render_markdown
from beacon.helpcenter.services.common import require_supervisor


def clean_affected(affected: Sequence[str] | str) -> list[str]:
    """Assets or networks, e.g. "USDT, TRC20": upper-cased, at most 20."""
    if isinstance(affected, str):
        affected = affected.replace("，", ",").split(",")
    cleaned = list(dict.fromkeys(a.strip().upper()[:20] for a in affected if a.strip()))
    if len(cleaned) > 20:
        raise ValidationFailed({"affected": [_("List at most 20 assets or networks.")]})
    return cleaned


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    for field in ("title_en", "title_zh"):
        data[field] = " ".join((data.get(field) or "").split())
        if not data[field]:
            errors[field] = [_("Write the title in both languages.")]
        elif len(data[field]) > 200:
            errors[field] = [_("The title is too long (at most 200 characters).")]
    if data.get("kind") not in AnnouncementKind.values:
        errors["kind"] = [_("Choose a type.")]
    starts_at: datetime | None = data.get("starts_at")
    ends_at: datetime | None = data.get("ends_at")
    if starts_at is None:
        errors["starts_at"] = [_("When does it start?")]
    elif ends_at is not None and ends_at <= starts_at:
        errors["ends_at"] = [_("The end must be after the start.")]
    if errors:
        raise ValidationFailed(errors)
    data["affected"] = clean_affected(data.get("affected") or [])
    data["body_en"] = (data.get("body_en") or "").replace("\r\n", "\n").strip()
    data["body_zh"] = (data.get("body_zh") or "").replace("\r\n", "\n").strip()
    return data


def _unique_slug(wanted: str, title: str, exclude_id: int | None) -> str:
    base = slugify(wanted or title)[:100].strip("-") or "announcement"
    others = Announcement.objects.filter(slug__startswith=base)
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    taken = set(others.values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def save_announcement(
    actor: User | None,
    announcement: Announcement | None,
    *,
    kind: str,
    title_en: str,
    title_zh: str,
    body_en: str,
    body_zh: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    pinned: bool = False,
    affected: Sequence[str] | str = (),
    is_published: bool = False,
    slug: str = "",
) -> Announcement:
    """Create (announcement None) or change an announcement. Supervisors and admins only: it is
    shown to every customer. Search and the portal banner follow after commit."""
    require_supervisor(actor, _("Only supervisors and administrators can publish announcements."))
    data = _clean(
        {
            "kind": kind,
            "title_en": title_en,
            "title_zh": title_zh,
            "body_en": body_en,
            "body_zh": body_zh,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "pinned": pinned,
            "affected": affected,
            "is_published": is_published,
        }
    )
    created = announcement is None
    if announcement is None:
        announcement = Announcement(created_by=actor)
    else:
        announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
    old = {name: str(getattr(announcement, name)) for name in data} if not created else {}
    for name, value in data.items():
        setattr(announcement, name, value)
    if created or slug:
        announcement.slug = _unique_slug(slug, title_en, announcement.pk)
    announcement.body_html_en = render_markdown(announcement.body_en)
    announcement.body_html_zh = render_markdown(announcement.body_zh)
    if announcement.is_published and announcement.published_at is None:
        announcement.published_at = timezone.now()
    announcement.save()
    changed = sorted(name for name in data if old.get(name) != str(getattr(announcement, name)))
    record_event(
        actor,
        "announcement.created" if created else "announcement.updated",
        announcement,
        {"fields": changed, "kind": announcement.kind, "published": announcement.is_published},
    )
    schedule_announcement(announcement)
    forget_banner()
    return announcement


@transaction.atomic
def end_announcement(actor: User | None, announcement: Announcement) -> Announcement:
    """Mark an incident or maintenance as over now: the banner disappears."""
    require_supervisor(actor, _("Only supervisors and administrators can publish announcements."))
    announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
    now = timezone.now()
    if announcement.ends_at is None or announcement.ends_at > now:
        old = announcement.ends_at
        announcement.ends_at = max(now, announcement.starts_at)
        announcement.save(update_fields=["ends_at", "updated_at"])
        record_event(actor, "announcement.ended", announcement, {"old": str(old), "new": str(announcement.ends_at)})
        forget_banner()
    return announcement
