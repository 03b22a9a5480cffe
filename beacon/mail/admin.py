from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from beacon.accounts.models import User
from beacon.mail import services
from beacon.mail.enums import InboundStatus
from beacon.mail.models import InboundMail, Mailbox, OutboundMail


class MailboxForm(forms.ModelForm):
    password = forms.CharField(
        label=_("password"),
        required=False,
        max_length=255,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Stored encrypted, never shown again. Leave empty to keep the current password."),
    )

    class Meta:
        model = Mailbox
        fields = [
            "name",
            "address",
            "host",
            "port",
            "security",
            "username",
            "password",
            "folder",
            "processed_folder",
            "category",
            "is_active",
        ]

    def clean_password(self) -> str:
        password: str = self.cleaned_data.get("password") or ""
        return password or (self.instance.password if self.instance.pk else "")

    def clean_category(self) -> Any:
        category = self.cleaned_data.get("category")
        if category is not None and any(spec.get("required") for spec in category.fields):
            raise forms.ValidationError(_("E-mail cannot fill in required fields: choose a category without them."))
        return category


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    form = MailboxForm
    list_display = ["name", "address", "host", "folder", "is_active", "last_polled_at", "last_uid", "last_error"]
    readonly_fields = ["uidvalidity", "last_uid", "last_polled_at", "last_error"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(InboundMail)
class InboundMailAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "sender", "subject", "status", "source", "ticket", "times_seen", "attempts"]
    list_filter = ["status", "source", "mailbox"]
    search_fields = ["message_id", "sender", "subject"]
    list_select_related = ["ticket"]
    actions = ["retry"]

    @admin.action(description=_("Fetch failed IMAP mail again"))
    def retry(self, request: HttpRequest, queryset: QuerySet[InboundMail]) -> None:
        actor = request.user if isinstance(request.user, User) else None
        done = sum(services.retry_failed(actor, row) for row in queryset.filter(status=InboundStatus.FAILED))
        self.message_user(
            request, _("%(n)d mail(s) will be fetched again at the next poll.") % {"n": done}, messages.SUCCESS
        )


@admin.register(OutboundMail)
class OutboundMailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to_address", "kind", "ticket", "status", "attempts", "last_error", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to_address", "message_id", "subject"]
    list_select_related = ["ticket"]
    actions = ["retry"]

    @admin.action(description=_("Send again now"))
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboundMail]) -> None:
        for mail in queryset.select_related("ticket"):
            services.retry_outbound_now(request.user, mail)  # type: ignore[arg-type]
        self.message_user(request, _("Queued again."), messages.SUCCESS)
