"""HTML forms: they shape input; the rules (length, links, rate) live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from beacon.core.errors import ValidationFailed
from beacon.forum.enums import ThreadKind
from beacon.forum.selectors import active_categories
from beacon.forum.services.common import MAX_BODY, MAX_TITLE


class DomainErrorsMixin:
    def add_domain_errors(self, exc: ValidationFailed) -> None:
        for name, errors in exc.errors.items():
            for error in errors:
                self.add_error(name if name in self.fields else None, error)  # type: ignore[attr-defined]


class ThreadForm(DomainErrorsMixin, forms.Form):
    category = forms.ChoiceField(label=_("Category"))
    kind = forms.ChoiceField(label=_("Type"), choices=ThreadKind.choices, initial=ThreadKind.QUESTION)
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    body = forms.CharField(
        label=_("Your question or topic"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Never post your password, 2FA codes, seed phrase, private keys or UID here: this is public."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.slug, c.name) for c in active_categories()]  # type: ignore[attr-defined]


class ReplyForm(DomainErrorsMixin, forms.Form):
    body = forms.CharField(label=_("Your reply"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 5}))


class EditForm(DomainErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    body = forms.CharField(label=_("Message"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, with_title: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("What is wrong with this post?"), max_length=300)


class SuspendForm(forms.Form):
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=365, initial=7)
    reason = forms.CharField(label=_("Reason (the member sees it)"), max_length=300)


class MoveForm(forms.Form):
    category = forms.ChoiceField(label=_("Move to"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.slug, c.name) for c in active_categories()]  # type: ignore[attr-defined]
