from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ThreadKind(models.TextChoices):
    QUESTION = "question", _("Question")
    DISCUSSION = "discussion", _("Discussion")


class ModerationAction(models.TextChoices):
    """What a moderator can do to a thread from its page (each one audited as forum.<action>)."""

    LOCK = "lock", _("Lock")
    UNLOCK = "unlock", _("Unlock")
    PIN = "pin", _("Pin")
    UNPIN = "unpin", _("Unpin")
    HIDE = "hide", _("Hide")
    UNHIDE = "unhide", _("Show again")


SEARCH_KIND = "forum_thread"
LANGUAGES = (("en", "English"), ("zh-hans", "简体中文"))
