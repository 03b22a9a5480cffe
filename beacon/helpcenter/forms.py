"""HTML forms: they shape input for the pages; validation of content lives in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from beacon.core.errors import ValidationFailed
from beacon.helpcenter.enums import AnnouncementKind, ArticleKind, ArticleStatus
from beacon.helpcenter.models import LANGUAGE_CHOICES, Category
from beacon.helpcenter.selectors import active_categories


class DomainErrorsMixin:
    def add_domain_errors(self, exc: ValidationFailed) -> None:
        for name, messages in exc.errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)  # type: ignore[attr-defined]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the help center"), max_length=256, required=False)
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[
            ("", _("Everything")),
            ("article", _("Articles")),
            ("faq", _("FAQ")),
            ("announcement", _("Announcements")),
        ],
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    everywhere = forms.BooleanField(label=_("Include other languages"), required=False)

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off", "autofocus": True})
        self.fields["category"].choices = [("", _("All categories"))] + [  # type: ignore[attr-defined]
            (c.slug, c.name_in(language)) for c in active_categories()
        ]


class ArticleForm(DomainErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title (for an FAQ: the question)"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=ArticleKind.choices)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), to_field_name="slug")
    slug = forms.CharField(
        label=_("Address (slug)"),
        max_length=120,
        required=False,
        help_text=_("Leave empty to make one from the title. Changing it breaks existing links."),
    )
    body = forms.CharField(
        label=_("Body (Markdown)"), widget=forms.Textarea(attrs={"rows": 18, "class": "mono"}), required=False
    )
    phrasings = forms.CharField(
        label=_("Alternative phrasings"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One per line: how customers ask this in their own words. Search and the chat bot use them."),
    )
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=32000, initial=100)
    note = forms.CharField(label=_("What changed (for the history)"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()  # type: ignore[attr-defined]


class NewArticleForm(ArticleForm):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    field_order = ["language", "title", "kind", "category", "slug", "body", "phrasings", "position"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["note"]


class ArticleFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ArticleStatus.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language")), *LANGUAGE_CHOICES]
    )
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Any type")), *ArticleKind.choices])
    q = forms.CharField(label=_("Title contains"), required=False, max_length=100)


class ImageUploadForm(forms.Form):
    image = forms.ImageField(label=_("Image"))


class AnnouncementForm(DomainErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=AnnouncementKind.choices)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200)
    body_en = forms.CharField(
        label=_("Body (English, Markdown)"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    body_zh = forms.CharField(
        label=_("Body (Chinese, Markdown)"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    starts_at = forms.DateTimeField(label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(
        label=_("Ends"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    affected = forms.CharField(
        label=_("Affected assets or networks"), required=False, help_text=_("Comma-separated, e.g. USDT, TRC20")
    )
    pinned = forms.BooleanField(label=_("Pinned"), required=False)
    is_published = forms.BooleanField(label=_("Published"), required=False)


class SynonymForm(DomainErrorsMixin, forms.Form):
    terms = forms.CharField(
        label=_("Terms"),
        max_length=1000,
        help_text=_("Separate the terms with commas, e.g. 充值, 充币, deposit, top up."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("JSON or CSV file"))
