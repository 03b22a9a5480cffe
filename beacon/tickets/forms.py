"""HTML forms. They only shape input for the page: validation of ticket content lives in services
and the pipeline, whose errors the views attach back to these forms."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from beacon.chain.networks import NETWORKS
from beacon.core.errors import ValidationFailed
from beacon.tickets.enums import Priority, Status
from beacon.tickets.fields import field_label, localized
from beacon.tickets.models import Category
from beacon.tickets.selectors import category_choices, staff_choices, team_choices


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the upload checks themselves run in core.uploads."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _field_for(spec: dict[str, Any]) -> forms.Field:
    label = field_label(spec)
    help_text = localized(spec.get("help"))
    common: dict[str, Any] = {"label": label, "required": False, "help_text": help_text}
    kind = spec["type"]
    if kind == "network":
        choices = [("", "—")] + [(n.code, n.name) for n in NETWORKS.values()]
        return forms.ChoiceField(choices=choices, **common)
    if kind == "choice":
        choices = [("", "—")] + [
            (c["value"], localized(c.get("label"), c["value"])) if isinstance(c, dict) else (c, c)
            for c in spec.get("choices", [])
        ]
        return forms.ChoiceField(choices=choices, **common)
    if kind == "yesno":
        return forms.ChoiceField(choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))], **common)
    if kind == "datetime":
        return forms.CharField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), **common)
    if kind == "longtext":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    attrs: dict[str, str] = {"autocomplete": "off", "spellcheck": "false"}
    if kind == "amount":
        attrs["inputmode"] = "decimal"
    if kind in {"txid", "address"}:
        attrs["class"] = "mono"
    return forms.CharField(widget=forms.TextInput(attrs=attrs), **common)


class TicketForm(forms.Form):
    """Title, description, the category's own fields, and attachments."""

    subject = forms.CharField(label=_("Title"), max_length=200, required=False)
    body = forms.CharField(label=_("Describe the problem"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    attachments = MultipleFileField(
        label=_("Screenshots or logs"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,.pdf,.txt,.log,.csv,.json,.mp4,.mov,.webm"}),
        help_text=_("Up to 5 files, 10 MB each. Never photograph your seed phrase or private keys."),
    )

    def __init__(self, category: Category, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.category = category
        self.spec_names = [spec["name"] for spec in category.fields]
        for spec in category.fields:
            self.fields[f"f_{spec['name']}"] = _field_for(spec)
            if spec.get("required"):
                self.fields[f"f_{spec['name']}"].widget.attrs["aria-required"] = "true"
                self.fields[f"f_{spec['name']}"].label_suffix = " *"

    def category_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data.get(f"f_{name}") for name in self.spec_names if data.get(f"f_{name}") not in (None, "")}

    def add_domain_errors(self, exc: ValidationFailed) -> None:
        for name, messages in exc.errors.items():
            target = name if name in {"subject", "body", "attachments"} else f"f_{name}"
            for message in messages:
                self.add_error(target if target in self.fields else None, message)


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    attachments = MultipleFileField(label=_("Attach files"), required=False)


class AgentReplyForm(ReplyForm):
    internal = forms.BooleanField(label=_("Internal note (not visible to the customer)"), required=False)
    status = forms.ChoiceField(label=_("Then set status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [("", _("(unchanged)"))] + [
            (s.value, s.label) for s in (Status.OPEN, Status.PENDING, Status.ON_HOLD, Status.SOLVED)
        ]


def _zh() -> bool:
    return (get_language() or "").startswith("zh")


def localized_category_choices() -> list[tuple[str, str]]:
    return [(slug, zh if _zh() else en) for slug, en, zh in category_choices()]


def localized_team_choices() -> list[tuple[str, str]]:
    return [(str(pk), zh if _zh() else en) for pk, _slug, en, zh in team_choices()]


class TicketPropertiesForm(forms.Form):
    """Choices come from short-lived caches: this form is on every ticket page. The view resolves
    the chosen ids to objects (and re-checks them) only when the form is submitted."""

    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    priority = forms.TypedChoiceField(label=_("Priority"), choices=Priority.choices, coerce=int)
    category = forms.ChoiceField(label=_("Category"))
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)
    assignee = forms.TypedChoiceField(label=_("Assignee"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = {
            "category": localized_category_choices(),
            "team": [("", "—"), *localized_team_choices()],
            "assignee": [("", "—"), *((str(pk), label) for pk, label in staff_choices())],
        }
        for name, options in choices.items():
            cast(forms.ChoiceField, self.fields[name]).choices = options


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any priority")), *Priority.choices],
    )
    team = forms.ChoiceField(label=_("Team"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("urgent", _("Most urgent")),
            ("due", _("SLA deadline")),
            ("oldest", _("Oldest")),
            ("newest", _("Newest")),
            ("updated", _("Recently updated")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [("", _("Any open status")), *Status.choices]
        categories = [("", _("Any category")), *localized_category_choices()]
        cast(forms.ChoiceField, self.fields["category"]).choices = categories
        cast(forms.ChoiceField, self.fields["team"]).choices = [
            ("", _("Any team")),
            *((slug, zh if _zh() else en) for _pk, slug, en, zh in team_choices()),
        ]
