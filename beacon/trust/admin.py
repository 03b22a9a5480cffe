from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from beacon.trust.models import OfficialChannel, SecurityEvent
from beacon.trust.scanners.contacts import normalise_contact


class OfficialChannelForm(forms.ModelForm):
    class Meta:
        model = OfficialChannel
        fields = ["kind", "display", "note", "is_active"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") and data.get("display"):
            try:
                self.instance.value = normalise_contact(data["kind"], data["display"])
            except ValueError as exc:
                self.add_error("display", str(exc))
        return data


@admin.register(OfficialChannel)
class OfficialChannelAdmin(admin.ModelAdmin):
    form = OfficialChannelForm
    list_display = ["kind", "display", "value", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["display", "value"]


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "severity", "ticket", "user", "channel"]
    list_filter = ["kind", "severity"]
    list_select_related = ["ticket", "user"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
