from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from beacon.accounts.models import Team


class EscalateForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Escalate to"), queryset=Team.objects.all(), required=False, empty_label=None)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000
    )


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("Note for the team"), required=False, max_length=1000)
