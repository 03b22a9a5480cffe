from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TriageModel(models.Model):
    """A trained category classifier (see docs/triage.md). One row per training run; the newest
    active one classifies. The artifact is the classifier's own npz format (no pickle), so it lives
    in the database and every web and worker process, on every host, uses the same model."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sources: models.JSONField[Any] = models.JSONField(_("training sources"), default=dict)
    categories: models.JSONField[Any] = models.JSONField(_("categories"), default=list)
    report: models.JSONField[Any] = models.JSONField(_("training report"), default=dict)
    encoder = models.CharField(_("sentence encoder"), max_length=64)
    artifact = models.BinaryField(_("artifact"))
    artifact_sha256 = models.CharField(max_length=64)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("triage model")
        verbose_name_plural = _("triage models")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"triage model v{self.version}"
