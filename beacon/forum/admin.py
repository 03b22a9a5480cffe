from __future__ import annotations

from django.contrib import admin

from beacon.forum.models import ForumCategory, NotificationMail, Suspension


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


@admin.register(NotificationMail)
class NotificationMailAdmin(admin.ModelAdmin):
    """Read-only: what the forum mailed, or failed to mail, to whom."""

    list_display = ["id", "user", "thread", "status", "send_after", "attempts", "sent_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in NotificationMail._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
