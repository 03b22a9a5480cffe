from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from beacon.accounts.models import Team
from beacon.core.inbound import Channel
from beacon.tickets.enums import Priority
from beacon.tickets.models import Category
from beacon.tickets.rules.conditions import RuleError, format_condition, parse_field_conditions, parse_words
from beacon.tickets.rules.models import PriorityRule
from beacon.tickets.rules.services import MAX_VIP_LEVEL, RULE_CHANNELS, RuleInput


class RuleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=10_000, initial=100)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories (any of)"), queryset=Category.objects.filter(is_active=True), required=False
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels (any of)"),
        choices=[(c, Channel(c).label) for c in RULE_CHANNELS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_vip_level = forms.IntegerField(
        label=_("Customer VIP level at least"), min_value=1, max_value=MAX_VIP_LEVEL + 5, required=False
    )
    words = forms.CharField(
        label=_("Any of these words (Chinese or English)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Separate with commas or new lines, e.g. 被盗, 未授权, stolen, hacked."),
    )
    field_conditions = forms.CharField(
        label=_("Field conditions (all must hold)"),
        widget=forms.Textarea(attrs={"rows": 2, "class": "mono"}),
        required=False,
        help_text=_("One per line: amount > 10000 · asset = USDT · network in TRON, BSC · asset != BTC"),
    )
    priority = forms.TypedChoiceField(
        label=_("Then set priority"),
        choices=[("", "—"), *Priority.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    team = forms.ModelChoiceField(label=_("And route to team"), queryset=Team.objects.all(), required=False)

    @classmethod
    def initial_for(cls, rule: PriorityRule) -> dict[str, Any]:
        return {
            "name": rule.name,
            "position": rule.position,
            "is_active": rule.is_active,
            "categories": list(rule.categories.all()),
            "channels": rule.channels,
            "min_vip_level": rule.min_vip_level,
            "words": ", ".join(rule.words),
            "field_conditions": "\n".join(format_condition(*c) for c in rule.field_conditions),
            "priority": rule.priority,
            "team": rule.team,
        }

    def to_input(self) -> RuleInput | None:
        """The rule as services expect it, or None with the parse errors attached to the form."""
        data = self.cleaned_data
        try:
            conditions = parse_field_conditions(data["field_conditions"] or "")
        except RuleError as exc:
            for message in exc.errors.get("field_conditions", []):
                self.add_error("field_conditions", message)
            return None
        return RuleInput(
            name=data["name"],
            position=data["position"] if data["position"] is not None else 100,
            is_active=data["is_active"],
            categories=list(data["categories"]),
            channels=data["channels"],
            min_vip_level=data["min_vip_level"],
            words=parse_words(data["words"] or ""),
            field_conditions=conditions,
            priority=data["priority"],
            team=data["team"],
        )
