"""Canned replies in both languages, with placeholders and optional field changes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beacon.accounts.models import Team
from beacon.tickets.enums import Priority, Status


class Macro(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    body_en = models.TextField(_("reply (English)"))
    body_zh = models.TextField(_("reply (Chinese)"))
    internal = models.BooleanField(_("internal note"), default=False)
    set_status = models.CharField(_("then set status"), max_length=16, choices=Status.choices, blank=True)
    set_priority = models.PositiveSmallIntegerField(
        _("then set priority"), choices=Priority.choices, null=True, blank=True
    )
    set_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("then move to team")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    is_active = models.BooleanField(_("active"), default=True)
    usage_count = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("macro")
        verbose_name_plural = _("macros")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def body_for(self, language: str) -> str:
        return self.body_zh if language.startswith("zh") and self.body_zh.strip() else self.body_en
