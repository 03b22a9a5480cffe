from __future__ import annotations

from django.contrib import admin

from beacon.social.models import TelegramChat, TelegramOutbound


@admin.register(TelegramChat)
class TelegramChatAdmin(admin.ModelAdmin):
    list_display = ["chat_id", "username", "first_name", "user", "ticket", "created_at"]
    readonly_fields = ["chat_id", "user", "username", "first_name", "language", "ticket", "created_at"]


@admin.register(TelegramOutbound)
class TelegramOutboundAdmin(admin.ModelAdmin):
    list_display = ["chat", "status", "attempts", "next_attempt_at", "sent_at", "last_error"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in TelegramOutbound._meta.fields]
