from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One row per state change, written by services in the same transaction as the change.

    `target_type`/`target_id` name what changed ("ticket", 42). Events about a ticket's messages,
    attachments and fields are recorded against the ticket so its timeline is one indexed query.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(_("verb"), max_length=64)
    target_type = models.CharField(max_length=32)
    target_id = models.BigIntegerField()
    data: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["target_type", "target_id", "at"])]
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.verb} {self.target_type}:{self.target_id}"
