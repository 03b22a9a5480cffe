from __future__ import annotations

from django.contrib import admin

from beacon.forum.models import ForumCategory, Suspension


@admin.register(ForumCategory)
class ForumCategoryAdmin(admin.ModelAdmin):
    """Categories are configuration; threads and posts change only through the forum's services."""

    list_display = ["slug", "name_en", "name_zh", "helpcenter_category", "position", "is_active"]
    list_editable = ["position", "is_active"]


@admin.register(Suspension)
class SuspensionAdmin(admin.ModelAdmin):
    list_display = ["user", "until", "reason", "created_by", "lifted_at"]
    readonly_fields = ["user", "until", "reason", "created_by", "created_at", "lifted_at"]

    def has_add_permission(self, request: object) -> bool:
        return False
