from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImapSecurity(models.TextChoices):
    SSL = "ssl", _("SSL/TLS")
    STARTTLS = "starttls", _("STARTTLS")
    NONE = "none", _("None (local test servers only)")


class InboundSource(models.TextChoices):
    IMAP = "imap", _("IMAP")
    SMTP = "smtp", _("SMTP listener")
    PIPE = "pipe", _("MTA pipe")
    FILE = "file", _("File / Maildir import")


class InboundStatus(models.TextChoices):
    TICKETED = "ticketed", _("Added to a ticket")
    AUTO_REPLY = "auto_reply", _("Auto-reply (ignored)")
    BOUNCE = "bounce", _("Bounce (ignored)")
    BULK = "bulk", _("Bulk or list mail (ignored)")
    REJECTED = "rejected", _("Rejected")
    RATE_LIMITED = "rate_limited", _("Rate-limited")
    FAILED = "failed", _("Failed, will be retried")


# Statuses that are final: the same Message-ID delivered again is a duplicate, not a new attempt.
DONE_STATUSES = frozenset(
    {
        InboundStatus.TICKETED,
        InboundStatus.AUTO_REPLY,
        InboundStatus.BOUNCE,
        InboundStatus.BULK,
        InboundStatus.REJECTED,
        InboundStatus.RATE_LIMITED,
    }
)


class OutboundKind(models.TextChoices):
    ACKNOWLEDGEMENT = "ack", _("Acknowledgement")
    REPLY = "reply", _("Agent reply")
    SOLVED = "solved", _("Solved notice")


class OutboundStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Failed, retrying")
    FAILED = "failed", _("Failed")
