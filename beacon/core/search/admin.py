from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from beacon.core.errors import ValidationFailed
from beacon.core.search import services
from beacon.core.search.models import SynonymGroup


class SynonymGroupForm(forms.ModelForm):
    class Meta:
        model = SynonymGroup
        fields = ["terms", "note"]
        widgets = {"terms": forms.Textarea(attrs={"rows": 2})}

    def clean_terms(self) -> str:
        try:
            return services.clean_terms(self.cleaned_data["terms"])
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.errors["terms"]) from exc


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    """Edits go through the search services, so they are audited and take effect at once."""

    form = SynonymGroupForm
    list_display = ["terms", "note", "updated_by", "updated_at"]
    search_fields = ["terms", "note"]

    def save_model(self, request: Any, obj: SynonymGroup, form: Any, change: bool) -> None:
        original = SynonymGroup.objects.get(pk=obj.pk) if change else None
        services.save_synonym_group(request.user, original, obj.terms, obj.note)

    def delete_model(self, request: Any, obj: SynonymGroup) -> None:
        services.delete_synonym_group(request.user, obj)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for group in queryset:
            services.delete_synonym_group(request.user, group)
