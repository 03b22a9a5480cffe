from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from beacon.tickets.enums import Priority
from beacon.tickets.models import Category
from beacon.tickets.sla.calendar import format_holidays, format_shifts
from beacon.tickets.sla.models import BusinessCalendar, SlaPolicy
from beacon.tickets.sla.services import CalendarInput, PolicyInput


class CalendarForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        initial="Asia/Shanghai",
        help_text=_("An IANA name such as Asia/Shanghai, Asia/Singapore or Europe/Berlin."),
    )
    always_open = forms.BooleanField(label=_("Open around the clock (24/7)"), required=False)
    shifts_text = forms.CharField(
        label=_("Weekly shifts"),
        widget=forms.Textarea(attrs={"rows": 4, "class": "mono"}),
        required=False,
        help_text=_(
            "One line per group of days; several shifts per day for lunch breaks and split shifts, e.g. "
            "“mon-fri 09:00-12:00 13:00-18:00” and “sat 10:00-14:00”."
        ),
    )
    holidays_text = forms.CharField(
        label=_("Holidays"),
        widget=forms.Textarea(attrs={"rows": 4, "class": "mono"}),
        required=False,
        help_text=_("One per line: “2026-10-01 National Day” or a range “2026-10-01..2026-10-07 国庆节”."),
    )

    @classmethod
    def initial_for(cls, calendar: BusinessCalendar) -> dict[str, Any]:
        return {
            "name": calendar.name,
            "time_zone": calendar.time_zone,
            "always_open": calendar.always_open,
            "shifts_text": format_shifts(calendar.shifts),
            "holidays_text": format_holidays(calendar.holidays),
        }

    def to_input(self) -> CalendarInput:
        data = self.cleaned_data
        return CalendarInput(
            name=data["name"],
            time_zone=data["time_zone"].strip(),
            always_open=data["always_open"],
            shifts_text=data["shifts_text"] or "",
            holidays_text=data["holidays_text"] or "",
        )


class PolicyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    priority = forms.TypedChoiceField(label=_("Priority"), choices=Priority.choices, coerce=int)
    category = forms.ModelChoiceField(
        label=_("Only for category"), queryset=Category.objects.all(), required=False, empty_label=_("Any category")
    )
    min_vip_level = forms.IntegerField(
        label=_("Only for VIP level at least"), min_value=1, max_value=20, required=False
    )
    calendar = forms.ModelChoiceField(
        label=_("Business calendar"),
        queryset=BusinessCalendar.objects.all(),
        required=False,
        empty_label=_("Around the clock (24/7)"),
    )
    first_response_minutes = forms.IntegerField(
        label=_("First response (working minutes)"), min_value=1, required=False
    )
    next_response_minutes = forms.IntegerField(label=_("Next response (working minutes)"), min_value=1, required=False)
    resolution_minutes = forms.IntegerField(label=_("Resolution (working minutes)"), min_value=1, required=False)
    at_risk_percent = forms.IntegerField(label=_("At risk when this percentage of the time is left"), initial=25)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    @classmethod
    def initial_for(cls, policy: SlaPolicy) -> dict[str, Any]:
        return {name: getattr(policy, name) for name in cls.base_fields}

    def to_input(self) -> PolicyInput:
        data = self.cleaned_data
        return PolicyInput(
            **{name: data[name] for name in self.base_fields}
            | {"at_risk_percent": data["at_risk_percent"] if data["at_risk_percent"] is not None else 25}
        )
