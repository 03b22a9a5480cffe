"""Priority and routing rules edited by supervisors (see beacon.tickets.rules.conditions)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beacon.accounts.models import Team
from beacon.tickets.enums import Priority
from beacon.tickets.versioning import VersionedConfig


class PriorityRule(VersionedConfig):
    """If a new ticket matches every condition given, it gets this priority and/or team.

    Empty conditions are not checked. Of all matching rules the most urgent priority wins; the team
    comes from the first matching rule (by position) that names one."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    is_active = models.BooleanField(_("active"), default=True)
    categories = models.ManyToManyField("tickets.Category", blank=True, related_name="+", verbose_name=_("categories"))
    channels: models.JSONField[Any] = models.JSONField(_("channels"), default=list, blank=True)
    min_vip_level = models.PositiveSmallIntegerField(_("VIP level at least"), null=True, blank=True)
    words: models.JSONField[Any] = models.JSONField(_("any of these words"), default=list, blank=True)
    # [["amount", ">", "10000"], ["asset", "in", "USDT,USDC"]]
    field_conditions: models.JSONField[Any] = models.JSONField(_("field conditions"), default=list, blank=True)
    priority = models.PositiveSmallIntegerField(_("set priority"), choices=Priority.choices, null=True, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("route to team")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("priority rule")
        verbose_name_plural = _("priority rules")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name
