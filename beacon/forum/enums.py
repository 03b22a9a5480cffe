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


class NotificationKind(models.TextChoices):
    REPLY = "reply", _("New reply")
    OFFICIAL = "official", _("Official answer")
    ACCEPTED = "accepted", _("Accepted answer")


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Retrying")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
