"""Telegram conversations, the outbox of messages to Telegram, and public social mentions.

Nothing here stores a Telegram message's text before the trust scanners ran: an update becomes an
InboundMessage at once; only its id is kept, so a retried delivery is not processed twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beacon.social.enums import MentionStatus, OutboundStatus


class TelegramChat(models.Model):
    """A private chat with the official bot, and the customer account it speaks for."""

    chat_id = models.BigIntegerField(unique=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="telegram_chat")
    username = models.CharField(max_length=64, blank=True)
    first_name = models.CharField(max_length=128, blank=True)
    language = models.CharField(max_length=10, default="en")
    # The open conversation: later messages continue it until it is closed.
    ticket = models.ForeignKey("tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Telegram chat")
        verbose_name_plural = _("Telegram chats")

    def __str__(self) -> str:
        return f"@{self.username}" if self.username else str(self.chat_id)


class TelegramUpdate(models.Model):
    """An update already handled (ids only): Telegram re-sends on errors and timeouts."""

    update_id = models.BigIntegerField(unique=True)
    handled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Telegram update")
        verbose_name_plural = _("Telegram updates")

    def __str__(self) -> str:
        return str(self.update_id)


class TelegramOutbound(models.Model):
    """A message for a Telegram chat: sent by a task after commit, retried while Telegram is down."""

    chat = models.ForeignKey(TelegramChat, on_delete=models.CASCADE, related_name="outbox")
    ticket_message = models.OneToOneField(
        "tickets.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="telegram_delivery"
    )
    text = models.TextField()
    status = models.CharField(max_length=16, choices=OutboundStatus.choices, default=OutboundStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_error = models.TextField(blank=True)
    telegram_message_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message to Telegram")
        verbose_name_plural = _("messages to Telegram")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="telegram_outbox_due")]

    def __str__(self) -> str:
        return f"{self.chat_id} {self.status}"


class Mention(models.Model):
    """A public post about the exchange (X, Reddit, anything) fed in by the operator's webhook."""

    source = models.CharField(_("source"), max_length=32)
    external_id = models.CharField(max_length=128)
    author = models.CharField(_("author"), max_length=128)
    url = models.URLField(_("link"), max_length=500, blank=True)
    text = models.TextField(_("text"))
    security: models.JSONField[dict[str, object]] = models.JSONField(default=dict, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(max_length=16, choices=MentionStatus.choices, default=MentionStatus.NEW)
    response = models.TextField(_("response"), blank=True)
    ticket = models.ForeignKey("tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("social mention")
        verbose_name_plural = _("social mentions")
        ordering = ["-received_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["source", "external_id"], name="mention_once")]

    def __str__(self) -> str:
        return f"{self.source}:{self.external_id}"
