"""Surge mode: one row saying whether Beacon is in surge, and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SurgeState(models.Model):
    """Singleton (pk=1). Surge is on when a supervisor switched it on or the detector found inbound
    volume above `multiplier` × its usual rate."""

    manual = models.BooleanField(_("switched on by a supervisor"), default=False)
    detected = models.BooleanField(_("detected automatically"), default=False)
    multiplier = models.DecimalField(
        _("surge at this multiple of the usual rate"), max_digits=4, decimal_places=1, default=3
    )
    since = models.DateTimeField(null=True, blank=True)
    recent_count = models.PositiveIntegerField(default=0)
    usual_count = models.FloatField(default=0)
    checked_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("surge state")
        verbose_name_plural = _("surge state")

    def __str__(self) -> str:
        return "surge" if self.is_active else "normal"

    @property
    def is_active(self) -> bool:
        return self.manual or self.detected
