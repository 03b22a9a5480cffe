"""Business calendars and SLA policies (registered with the tickets app by beacon.tickets.models)."""

from __future__ import annotations

import functools
import json
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from beacon.tickets.enums import Priority
from beacon.tickets.sla.calendar import TWENTY_FOUR_SEVEN, Calendar, build_calendar
from beacon.tickets.versioning import VersionedConfig


class BusinessCalendar(VersionedConfig):
    """When the clock runs: weekly shifts in a time zone, minus holidays; or around the clock."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    always_open = models.BooleanField(_("24/7"), default=False)
    # {"mon": [["09:00", "12:00"], ["13:00", "18:00"]], …} — see sla.calendar.parse_shifts
    shifts: models.JSONField[Any] = models.JSONField(_("weekly shifts"), default=dict, blank=True)
    # [{"start": "2026-10-01", "end": "2026-10-07", "name": "National Day"}, …]
    holidays: models.JSONField[Any] = models.JSONField(_("holidays"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def as_calendar(self) -> Calendar:
        # Built once per process for each content (parsing shifts and holidays on every SLA clock
        # start cost more than the clock itself); a changed row has other content, so no staleness.
        shifts, holidays = json.dumps(self.shifts, sort_keys=True), json.dumps(self.holidays, sort_keys=True)
        return _built_calendar(self.time_zone, shifts, holidays, self.always_open)


@functools.lru_cache(maxsize=64)
def _built_calendar(time_zone: str, shifts: str, holidays: str, always_open: bool) -> Calendar:
    return build_calendar(time_zone, json.loads(shifts), json.loads(holidays), always_open=always_open)


class SlaTarget(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    NEXT_RESPONSE = "next_response", _("Next response")
    RESOLUTION = "resolution", _("Resolution")


class SlaPolicy(VersionedConfig):
    """Targets for tickets of one priority, optionally only one category and/or VIP customers.

    The most specific active policy wins (category and VIP level set beat unset ones)."""

    name = models.CharField(_("name"), max_length=80)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices)
    category = models.ForeignKey(
        "tickets.Category",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("only for category"),
    )
    min_vip_level = models.PositiveSmallIntegerField(_("only for VIP level at least"), null=True, blank=True)
    calendar = models.ForeignKey(
        BusinessCalendar,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policies",
        verbose_name=_("business calendar"),
        help_text=_("Empty: around the clock. P1 always runs around the clock."),
    )
    first_response_minutes = models.PositiveIntegerField(_("first response (working minutes)"))
    next_response_minutes = models.PositiveIntegerField(_("next response (working minutes)"), null=True, blank=True)
    resolution_minutes = models.PositiveIntegerField(_("resolution (working minutes)"), null=True, blank=True)
    at_risk_percent = models.PositiveSmallIntegerField(
        _("at risk when this percentage of the time is left"), default=25
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["priority", "name"]

    def __str__(self) -> str:
        return self.name

    def as_calendar(self) -> Calendar:
        if self.priority == Priority.P1 or self.calendar is None:
            return TWENTY_FOUR_SEVEN
        return self.calendar.as_calendar()

    def minutes_for(self, target: str) -> int | None:
        return {
            SlaTarget.FIRST_RESPONSE: self.first_response_minutes,
            SlaTarget.NEXT_RESPONSE: self.next_response_minutes,
            SlaTarget.RESOLUTION: self.resolution_minutes,
        }[SlaTarget(target)]
