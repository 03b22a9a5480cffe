from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from beacon.helpcenter.enums import BANNER_KINDS, AnnouncementKind, ArticleKind, ArticleStatus

LANGUAGE_CHOICES = [("en", "English"), ("zh-hans", "简体中文")]


def _zh(language: str | None = None) -> bool:
    return (language or get_language() or "").startswith("zh")


class Category(models.Model):
    """A node of the knowledge-base tree (e.g. Funds › Deposits). Names are bilingual."""

    slug = models.SlugField(_("slug"), unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80)
    description_en = models.CharField(_("description (English)"), max_length=240, blank=True)
    description_zh = models.CharField(_("description (Chinese)"), max_length=240, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("help-center category")
        verbose_name_plural = _("help-center categories")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str | None = None) -> str:
        return self.name_zh if _zh(language) else self.name_en

    def description_in(self, language: str | None = None) -> str:
        return self.description_zh if _zh(language) else self.description_en

    @property
    def name(self) -> str:
        return self.name_in()

    @property
    def description(self) -> str:
        return self.description_in()


class Article(models.Model):
    """An article or an FAQ entry in one language. Translations share a `translation_key`.

    `body` is Markdown as written; `body_html` is its sanitised rendering and `body_text` its plain
    text (for search and snippets), both refreshed by the services whenever the body changes.
    """

    translation_key = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGE_CHOICES)
    kind = models.CharField(_("type"), max_length=16, choices=ArticleKind.choices, default=ArticleKind.ARTICLE)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("category")
    )
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body (Markdown)"), blank=True)
    body_html = models.TextField(blank=True, editable=False)
    body_text = models.TextField(blank=True, editable=False)
    phrasings: models.JSONField[Any] = models.JSONField(_("alternative phrasings"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    helpful_yes = models.PositiveIntegerField(default=0)
    helpful_no = models.PositiveIntegerField(default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["position", "title"]
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"], name="article_slug_per_language"),
            models.UniqueConstraint(fields=["translation_key", "language"], name="article_one_per_language"),
        ]
        indexes = [
            models.Index(fields=["language", "status", "category"], name="article_listing"),
            models.Index(fields=["language", "status", "-view_count"], name="article_popular"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("helpcenter:article", kwargs={"lang": self.language, "slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED


class ArticleVersion(models.Model):
    """A snapshot of an article's content, written by every change of title, body or phrasings."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    phrasings: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    category_slug = models.CharField(max_length=50, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="article_version_number")]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"


class ArticleVote(models.Model):
    """A "was this helpful?" answer: one per article and reader (account, or browser session)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="votes")
    voter = models.CharField(max_length=80)
    helpful = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "voter"], name="article_vote_once")]

    def __str__(self) -> str:
        return f"{self.article_id} {'+' if self.helpful else '-'}"


def image_path(instance: ArticleImage, filename: str) -> str:
    ext = filename.rpartition(".")[2].lower()[:8]
    return f"helpcenter/{instance.key.hex}.{ext}"


class ArticleImage(models.Model):
    """An image for article bodies, checked and re-encoded like any attachment; public by design."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(upload_to=image_path, max_length=255)
    name = models.CharField(_("file name"), max_length=160)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("help-center image")
        verbose_name_plural = _("help-center images")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("helpcenter:image", kwargs={"key": self.key})


class Announcement(models.Model):
    """Maintenance, incidents, listings, rule changes, security warnings; bilingual in one row."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("type"), max_length=16, choices=AnnouncementKind.choices)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    body_en = models.TextField(_("body (English, Markdown)"), blank=True)
    body_zh = models.TextField(_("body (Chinese, Markdown)"), blank=True)
    body_html_en = models.TextField(blank=True, editable=False)
    body_html_zh = models.TextField(blank=True, editable=False)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    pinned = models.BooleanField(_("pinned"), default=False)
    affected: models.JSONField[Any] = models.JSONField(_("affected assets or networks"), default=list, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-pinned", "-starts_at", "-id"]
        indexes = [models.Index(fields=["is_published", "kind", "starts_at"], name="announcement_active")]

    def __str__(self) -> str:
        return self.title_en

    def get_absolute_url(self, language: str | None = None) -> str:
        lang = "zh-hans" if _zh(language) else "en"
        return reverse("helpcenter:announcement", kwargs={"lang": lang, "slug": self.slug})

    def title_in(self, language: str | None = None) -> str:
        return self.title_zh if _zh(language) else self.title_en

    def body_html_in(self, language: str | None = None) -> str:
        return self.body_html_zh if _zh(language) else self.body_html_en

    @property
    def title(self) -> str:
        return self.title_in()

    @property
    def body_html(self) -> str:
        return self.body_html_in()

    @property
    def is_banner_kind(self) -> bool:
        return self.kind in BANNER_KINDS

    @property
    def is_ongoing(self) -> bool:
        now = timezone.now()
        return self.starts_at <= now and (self.ends_at is None or self.ends_at > now)


class Deflection(models.Model):
    """A customer about to open a ticket said an article solved their problem instead."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="deflections")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    query = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("deflected request")
        verbose_name_plural = _("deflected requests")

    def __str__(self) -> str:
        return f"{self.article_id}: {self.query[:40]}"


class SearchLog(models.Model):
    """One search someone ran, for the analytics page (top queries, queries with no result)."""

    query = models.CharField(max_length=256)
    normalized = models.CharField(max_length=256, db_index=True)
    language = models.CharField(max_length=10)
    source = models.CharField(max_length=16)
    results = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("search")
        verbose_name_plural = _("searches")

    def __str__(self) -> str:
        return self.query
