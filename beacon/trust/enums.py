from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    SECRET_REDACTED = "secret_redacted", _("Secret removed from a message")
    PHISHING_LINK = "phishing_link", _("Suspicious link received")
    AGENT_REPLY_BLOCKED = "agent_reply_blocked", _("Agent reply blocked")
    IMPERSONATION_REPORT = "impersonation_report", _("Impersonation reported")


class ChannelKind(models.TextChoices):
    WEBSITE = "website", _("Website")
    EMAIL = "email", _("E-mail address")
    TELEGRAM = "telegram", _("Telegram")
    X = "x", _("X (Twitter)")
    PHONE = "phone", _("Phone number")
    WECHAT = "wechat", _("WeChat ID")
    WALLET_ADDRESS = "wallet_address", _("Wallet address")
