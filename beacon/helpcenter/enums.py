"""Help-center statuses and kinds, with the allowed article transitions and who may make them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


# Agents write and submit for review; supervisors and admins publish, send back, archive.
TRANSITIONS: dict[ArticleStatus, frozenset[ArticleStatus]] = {
    ArticleStatus.DRAFT: frozenset({ArticleStatus.REVIEW, ArticleStatus.PUBLISHED, ArticleStatus.ARCHIVED}),
    ArticleStatus.REVIEW: frozenset({ArticleStatus.DRAFT, ArticleStatus.PUBLISHED, ArticleStatus.ARCHIVED}),
    ArticleStatus.PUBLISHED: frozenset({ArticleStatus.DRAFT, ArticleStatus.ARCHIVED}),
    ArticleStatus.ARCHIVED: frozenset({ArticleStatus.DRAFT}),
}
AGENT_TRANSITIONS: frozenset[tuple[ArticleStatus, ArticleStatus]] = frozenset(
    {(ArticleStatus.DRAFT, ArticleStatus.REVIEW), (ArticleStatus.REVIEW, ArticleStatus.DRAFT)}
)
# Content agents may still change; a published or archived article is edited by supervisors.
AGENT_EDITABLE: frozenset[ArticleStatus] = frozenset({ArticleStatus.DRAFT, ArticleStatus.REVIEW})


def can_transition(old: ArticleStatus | str, new: ArticleStatus | str) -> bool:
    return ArticleStatus(new) in TRANSITIONS[ArticleStatus(old)]


class ArticleKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    FAQ = "faq", _("FAQ")


class AnnouncementKind(models.TextChoices):
    MAINTENANCE = "maintenance", _("Scheduled maintenance")
    INCIDENT = "incident", _("Incident")
    LISTING = "listing", _("New listing")
    RULE_CHANGE = "rule_change", _("Rule change")
    SECURITY = "security", _("Security warning")


# Shown as a banner across the portal while they are on (maintenance from a day before it starts).
BANNER_KINDS: frozenset[AnnouncementKind] = frozenset({AnnouncementKind.MAINTENANCE, AnnouncementKind.INCIDENT})

SEARCH_KINDS = ("article", "faq", "announcement")
LANGUAGES = ("en", "zh-hans")
