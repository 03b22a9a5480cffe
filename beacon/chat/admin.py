from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from beacon.chat.models import CannedReply, ChatSeat, ChatSession


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):
    list_display = ["title", "team", "position", "is_active"]
    list_filter = ["is_active", "team"]
    search_fields = ["title", "body_en", "body_zh"]


@admin.register(ChatSeat)
class ChatSeatAdmin(admin.ModelAdmin):
    """Chat capacity per agent; online/away/offline is the agent's presence (Tickets)."""

    list_display = ["user", "capacity", "connections"]
    fields = ["user", "capacity"]
    readonly_fields = ["user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ChatSession)
class ChatSessionAdmin(admin.ModelAdmin):
    """Read-only: chats change through the chat itself (services), never by hand."""

    list_display = ["public_id", "created_at", "user", "identity", "status", "agent", "ticket", "csat_rating"]
    list_filter = ["status", "identity"]
    list_select_related = ["user", "agent", "ticket"]
    search_fields = ["public_id", "user__email"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
