"""Agent presence and capacity, read by routing."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Presence(models.TextChoices):
    ONLINE = "online", _("Online")
    AWAY = "away", _("Away")
    OFFLINE = "offline", _("Offline")


class AgentPresence(models.Model):
    """Whether an agent takes new tickets, and how many they can hold at once.

    `last_seen_at` is refreshed by the workspace heartbeat; an "online" agent whose heartbeat
    stops is no longer routed to and is set offline by the periodic runner."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="presence")
    status = models.CharField(_("status"), max_length=8, choices=Presence.choices, default=Presence.OFFLINE)
    capacity = models.PositiveSmallIntegerField(_("capacity (active tickets)"), default=8)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    last_assigned_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agent presence")
        verbose_name_plural = _("agent presence")
        indexes = [models.Index(fields=["status", "last_seen_at"], name="presence_online")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.status}"
