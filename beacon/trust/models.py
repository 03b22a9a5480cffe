from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beacon.trust.enums import ChannelKind, EventKind


class OfficialChannel(models.Model):
    """A contact point the operator really uses. `value` is normalised (see scanners.contacts)."""

    kind = models.CharField(_("kind"), max_length=20, choices=ChannelKind.choices)
    value = models.CharField(_("normalised value"), max_length=200)
    display = models.CharField(_("shown as"), max_length=200)
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("official channel")
        verbose_name_plural = _("official channels")
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="official_channel_unique")]
        ordering = ["kind", "display"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.display}"


class SecurityEvent(models.Model):
    """A detection or report for the security team. Never holds a secret: kinds and counts only."""

    kind = models.CharField(_("kind"), max_length=32, choices=EventKind.choices, db_index=True)
    severity = models.CharField(_("severity"), max_length=16)
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="security_events"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=16, blank=True)
    detail: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"
