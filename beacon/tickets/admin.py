from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from beacon.tickets.fields import validate_specs
from beacon.tickets.models import AgentPresence, Category, TeamTier, Ticket


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = [
            "slug",
            "name_en",
            "name_zh",
            "description_en",
            "description_zh",
            "fields",
            "default_priority",
            "default_team",
            "position",
            "is_active",
        ]

    def clean_fields(self) -> Any:
        specs = self.cleaned_data["fields"]
        if not isinstance(specs, list):
            raise forms.ValidationError("Fields must be a JSON list of field specifications.")
        try:
            validate_specs(specs)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return specs


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    form = CategoryForm
    list_display = ["slug", "name_en", "name_zh", "default_priority", "default_team", "position", "is_active"]
    list_editable = ["position", "is_active"]


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    """Read-only: tickets change through the agent workspace, where every change is audited."""

    list_display = ["id", "subject", "status", "priority", "category", "team", "assignee", "created_at"]
    list_filter = ["status", "priority", "category", "team"]
    list_select_related = ["category", "team", "assignee"]
    search_fields = ["subject", "requester__email"]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


# Triage, SLA and escalation. Rules, policies, calendars and macros are edited in the workspace
# (Supervisor → settings), where they are validated and audited; tiers are set here.
@admin.register(TeamTier)
class TeamTierAdmin(admin.ModelAdmin):
    list_display = ["team", "level", "escalates_to"]
    list_select_related = ["team", "escalates_to"]


@admin.register(AgentPresence)
class AgentPresenceAdmin(admin.ModelAdmin):
    list_display = ["user", "status", "capacity", "last_seen_at", "last_assigned_at"]
    list_select_related = ["user"]
    readonly_fields = ["last_seen_at", "last_assigned_at", "changed_at"]
