from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from beacon.accounts.models import Team
from beacon.tickets.enums import Priority, Status
from beacon.tickets.macros.models import Macro
from beacon.tickets.macros.rendering import PLACEHOLDERS
from beacon.tickets.macros.selectors import active_macros
from beacon.tickets.macros.services import MacroInput

PLACEHOLDER_HELP = " · ".join("{" + name + "}" for name in PLACEHOLDERS)


class MacroForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    body_en = forms.CharField(
        label=_("Reply (English)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Placeholders: %(list)s") % {"list": PLACEHOLDER_HELP},
    )
    body_zh = forms.CharField(label=_("Reply (Chinese)"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    internal = forms.BooleanField(label=_("Internal note instead of a reply"), required=False)
    set_status = forms.ChoiceField(label=_("Then set status"), choices=[("", "—"), *Status.choices], required=False)
    set_priority = forms.TypedChoiceField(
        label=_("Then set priority"),
        choices=[("", "—"), *Priority.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    set_team = forms.ModelChoiceField(label=_("Then move to team"), queryset=Team.objects.all(), required=False)
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=10_000, initial=100)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    @classmethod
    def initial_for(cls, macro: Macro) -> dict[str, Any]:
        return {name: getattr(macro, name) for name in cls.base_fields}

    def to_input(self) -> MacroInput:
        data = self.cleaned_data
        values = {name: data[name] for name in self.base_fields}
        values["position"] = values["position"] if values["position"] is not None else 100
        values["body_en"], values["body_zh"] = values["body_en"] or "", values["body_zh"] or ""
        return MacroInput(**values)


class ApplyMacroForm(forms.Form):
    macro = forms.ModelChoiceField(label=_("Macro"), queryset=Macro.objects.none(), empty_label=_("Choose a macro…"))
    body = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["macro"].queryset = active_macros()  # type: ignore[attr-defined]
