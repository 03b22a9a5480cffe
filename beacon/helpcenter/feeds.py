"""Atom feed of announcements, one per language."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import override

from beacon.helpcenter import selectors
from beacon.helpcenter.enums import AnnouncementKind
from beacon.helpcenter.models import Announcement


class AnnouncementFeed(Feed[tuple[str, Announcement], str]):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, lang: str) -> str:  # type: ignore[override]
        return lang

    def title(self, lang: str) -> str:
        with override(lang):
            return _("Beacon announcements")

    def subtitle(self, lang: str) -> str:
        with override(lang):
            return _("Maintenance, incidents, new listings, rule changes and security warnings.")

    def link(self, lang: str) -> str:
        return reverse("helpcenter:announcements", kwargs={"lang": lang})

    def feed_url(self, lang: str) -> str:
        return reverse("helpcenter:announcement_feed", kwargs={"lang": lang})

    def items(self, lang: str) -> list[tuple[str, Announcement]]:
        # Each item carries its language: one Feed instance serves every request, so no state on self.
        return [(lang, item) for item in selectors.published_announcements()[:30]]

    def item_title(self, item: tuple[str, Announcement]) -> str:
        lang, announcement = item
        with override(lang):
            return f"[{AnnouncementKind(announcement.kind).label}] {announcement.title_in(lang)}"

    def item_description(self, item: tuple[str, Announcement]) -> str:
        return item[1].body_html_in(item[0])

    def item_link(self, item: tuple[str, Announcement]) -> str:
        return item[1].get_absolute_url(item[0])

    def item_guid(self, item: tuple[str, Announcement]) -> str:
        return item[1].get_absolute_url(item[0])

    def item_pubdate(self, item: tuple[str, Announcement]) -> datetime:
        return item[1].published_at or item[1].starts_at

    def item_updateddate(self, item: tuple[str, Announcement]) -> datetime:
        return item[1].updated_at

    def item_categories(self, item: tuple[str, Announcement]) -> list[str]:
        return [item[1].kind, *item[1].affected]
