from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field


class SearchHitOut(Schema):
    kind: str
    id: int
    language: str
    category: str
    title: str
    url: str
    score: float = Field(description="Higher is better; comparable within one response only")
    snippet: str = Field(description="Escaped HTML; matched words are wrapped in <mark>")


class ArticleSummaryOut(Schema):
    id: int
    key: str = Field(description="Translation key: the same for every language version")
    language: str
    kind: str
    category: str
    slug: str
    title: str
    status: str
    url: str
    updated_at: datetime


class ArticleOut(ArticleSummaryOut):
    body: str = Field(description="Markdown source")
    body_html: str = Field(description="Sanitised HTML")
    phrasings: list[str]
    version: int
    view_count: int
    helpful_yes: int
    helpful_no: int
    translations: dict[str, str] = Field(description="language → URL of the published translations")


class ArticlePage(Schema):
    items: list[ArticleSummaryOut]
    page: int
    has_next: bool


class ArticleIn(Schema):
    language: str
    category: str = Field(description="Category slug")
    title: str
    body: str = ""
    kind: str = "article"
    phrasings: list[str] = Field(default_factory=list)
    slug: str = ""
    translation_of: int | None = Field(default=None, description="Id of the article this one translates")


class ArticlePatch(Schema):
    title: str | None = None
    body: str | None = None
    category: str | None = None
    kind: str | None = None
    phrasings: list[str] | None = None
    slug: str | None = None
    note: str = ""


class StatusIn(Schema):
    status: str


class AnnouncementOut(Schema):
    id: int
    slug: str
    kind: str
    title: str
    body_html: str
    starts_at: datetime
    ends_at: datetime | None
    pinned: bool
    affected: list[str]
    ongoing: bool
    url: str


class ImportOut(Schema):
    categories_created: int
    created: int
    updated: int
    unchanged: int
