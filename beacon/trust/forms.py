from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from beacon.trust.enums import ChannelKind, EventKind


class VerifyForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you want to check?"), choices=ChannelKind.choices)
    value = forms.CharField(
        label=_("Address, handle, number or link"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "@beacon_support"}),
    )


class AgentCheckForm(forms.Form):
    public_id = forms.CharField(
        label=_("Agent ID"), max_length=12, widget=forms.TextInput(attrs={"placeholder": "ABCD-2345"})
    )


class ReportForm(forms.Form):
    kind = forms.ChoiceField(choices=ChannelKind.choices, widget=forms.HiddenInput)
    value = forms.CharField(max_length=300, widget=forms.HiddenInput)
    description = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("Where did they contact you, what did they ask for? Do not include your password or seed phrase."),
    )
    email = forms.EmailField(label=_("Your e-mail address (so we can reply)"), required=False)


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *EventKind.choices])


class AntiPhishingForm(forms.Form):
    code = forms.RegexField(
        label=_("Anti-phishing code"),
        regex=r"^[\w\u4e00-\u9fff-]{4,20}$",
        min_length=4,
        max_length=20,
        help_text=_("4–20 letters, digits or Chinese characters. Every genuine e-mail and chat from us shows it."),
        error_messages={"invalid": _("Use 4–20 letters, digits or Chinese characters, without spaces.")},
    )
