"""The help center's entries in /sitemap.xml: home, categories and announcements in each language,
and every published article."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from beacon.helpcenter.enums import LANGUAGES, ArticleStatus
from beacon.helpcenter.models import Announcement, Article
from beacon.helpcenter.selectors import active_categories, published_announcements


class HelpHomeSitemap(Sitemap[str]):
    priority = 0.8
    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            reverse(name, kwargs={"lang": lang})
            for lang in LANGUAGES
            for name in ("helpcenter:home", "helpcenter:faq", "helpcenter:announcements")
        ]

    def location(self, item: str) -> str:
        return item


class CategorySitemap(Sitemap[tuple[str, str]]):
    priority = 0.6

    def items(self) -> list[tuple[str, str]]:
        return [(lang, c.slug) for c in active_categories() for lang in LANGUAGES]

    def location(self, item: tuple[str, str]) -> str:
        return reverse("helpcenter:category", kwargs={"lang": item[0], "slug": item[1]})


class ArticleSitemap(Sitemap[Article]):
    priority = 0.7
    changefreq = "weekly"
    limit = 5000

    def items(self) -> list[Article]:
        return list(
            Article.objects.filter(status=ArticleStatus.PUBLISHED)
            .only("id", "language", "slug", "updated_at")
            .order_by("id")
        )

    def lastmod(self, item: Article) -> datetime:
        return item.updated_at


class AnnouncementSitemap(Sitemap[tuple[str, Announcement]]):
    priority = 0.5

    def items(self) -> list[tuple[str, Announcement]]:
        return [(lang, a) for a in published_announcements()[:500] for lang in LANGUAGES]

    def location(self, item: tuple[str, Announcement]) -> str:
        return item[1].get_absolute_url(item[0])

    def lastmod(self, item: tuple[str, Announcement]) -> datetime:
        return item[1].updated_at


SITEMAPS = {
    "help": HelpHomeSitemap,
    "help-categories": CategorySitemap,
    "help-articles": ArticleSitemap,
    "help-announcements": AnnouncementSitemap,
}
