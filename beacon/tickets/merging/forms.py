from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class MergeForm(forms.Form):
    target = forms.CharField(
        label=_("Merge this ticket into"),
        max_length=20,
        help_text=_("Reference of the ticket to keep, e.g. BCN-000123."),
    )


class SplitForm(forms.Form):
    message = forms.IntegerField(label=_("Message"), widget=forms.HiddenInput)
    subject = forms.CharField(label=_("Title of the new ticket"), required=False, max_length=200)
