from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboundStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    RETRYING = "retrying", _("Waiting to retry")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class MentionStatus(models.TextChoices):
    NEW = "new", _("New")
    ANSWERED = "answered", _("Answered with an official link")
    TICKET = "ticket", _("Turned into a ticket")
    DISMISSED = "dismissed", _("Dismissed")


# Retry a message Telegram did not take after these delays (seconds); then give up and show it.
RETRY_DELAYS = (30, 120, 600, 1800, 3600, 3 * 3600)
