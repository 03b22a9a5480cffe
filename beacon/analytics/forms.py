"""The dashboard's filters: a date range (preset or custom) and optional team, channel and category."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beacon.accounts.models import Team
from beacon.analytics.rollups import day_start, local_day
from beacon.analytics.selectors import DRILLDOWN_METRICS, Drilldown, Filters
from beacon.core.inbound import Channel
from beacon.tickets.enums import Priority
from beacon.tickets.models import Category

MAX_DAYS = 366
DEFAULT_RANGE = "30d"
RANGES = [
    ("today", _("Today")),
    ("yesterday", _("Yesterday")),
    ("7d", _("Last 7 days")),
    ("30d", _("Last 30 days")),
    ("month", _("This month")),
    ("last_month", _("Last month")),
    ("90d", _("Last 90 days")),
    ("custom", _("Custom range")),
]


def preset_days(name: str, today: date) -> tuple[date, date]:
    """First and last day (inclusive) of a preset range."""
    if name == "today":
        return today, today
    if name == "yesterday":
        return today - timedelta(days=1), today - timedelta(days=1)
    if name == "month":
        return today.replace(day=1), today
    if name == "last_month":
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    days = {"7d": 7, "90d": 90}.get(name, 30)
    return today - timedelta(days=days - 1), today


class FilterForm(forms.Form):
    range = forms.ChoiceField(label=_("Period"), choices=RANGES, required=False)
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    team = forms.ChoiceField(label=_("Team"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("Any channel")), *Channel.choices])
    category = forms.ChoiceField(label=_("Category"), required=False)

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and not data.get("range"):
            data = data.copy()
            data["range"] = DEFAULT_RANGE
        super().__init__(data, *args, **kwargs)
        self.teams = {team.slug: team for team in Team.objects.all()}
        self.categories = {category.slug: category for category in Category.objects.all()}
        cast(forms.ChoiceField, self.fields["team"]).choices = [
            ("", _("Any team")),
            *((slug, team.name) for slug, team in self.teams.items()),
        ]
        cast(forms.ChoiceField, self.fields["category"]).choices = [
            ("", _("Any category")),
            *((slug, category.name) for slug, category in self.categories.items()),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("range") == "custom":
            start, end = data.get("start"), data.get("end")
            if start is None or end is None:
                raise forms.ValidationError(_("A custom range needs a first and a last day."))
            if start > end:
                raise forms.ValidationError(_("The first day must not be after the last day."))
            if (end - start).days >= MAX_DAYS:
                raise forms.ValidationError(_("Choose at most %(days)d days at a time.") % {"days": MAX_DAYS})
        return data

    def days(self, now: datetime | None = None) -> tuple[date, date]:
        data = self.cleaned_data
        if data.get("range") == "custom":
            return data["start"], data["end"]
        return preset_days(data.get("range") or DEFAULT_RANGE, local_day(now or timezone.now()))

    def filters(self, now: datetime | None = None) -> Filters:
        first, last = self.days(now)
        data = self.cleaned_data
        return Filters(
            start=day_start(first),
            end=day_start(last + timedelta(days=1)),
            team=self.teams.get(data.get("team") or ""),
            channel=data.get("channel") or "",
            category=self.categories.get(data.get("category") or ""),
        )


class DrilldownForm(forms.Form):
    metric = forms.ChoiceField(choices=[(name, name) for name in DRILLDOWN_METRICS], required=False)
    priority = forms.TypedChoiceField(choices=Priority.choices, coerce=int, required=False, empty_value=None)
    language = forms.CharField(max_length=10, required=False)
    agent = forms.IntegerField(min_value=1, required=False)

    def drilldown(self) -> Drilldown:
        data = self.cleaned_data
        return Drilldown(
            metric=data.get("metric") or "created",
            priority=data.get("priority"),
            language=data.get("language") or "",
            agent=data.get("agent"),
        )
