from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beacon.mail.enums import ImapSecurity, InboundSource, InboundStatus, OutboundKind, OutboundStatus
from beacon.mail.fields import EncryptedTextField
from beacon.tickets.models import Category, Message, Ticket


class Mailbox(models.Model):
    """An IMAP mailbox that Beacon polls. UIDVALIDITY + last UID record how far it has been read."""

    name = models.CharField(_("name"), max_length=80)
    address = models.EmailField(_("address"), help_text=_("The address customers write to, e.g. support@example.com."))
    host = models.CharField(_("IMAP host"), max_length=255)
    port = models.PositiveIntegerField(_("IMAP port"), default=993)
    security = models.CharField(_("security"), max_length=10, choices=ImapSecurity.choices, default=ImapSecurity.SSL)
    username = models.CharField(_("user name"), max_length=255)
    password = EncryptedTextField(_("password"), blank=True)  # encrypted at rest, see fields.py
    folder = models.CharField(_("folder"), max_length=120, default="INBOX")
    processed_folder = models.CharField(
        _("move processed mail to"),
        max_length=120,
        blank=True,
        help_text=_("Leave empty to keep processed mail in the folder, marked as seen."),
    )
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("category of new tickets"),
        help_text=_("Empty: the general category. Choose a category without required fields."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    uidvalidity = models.BigIntegerField(_("UIDVALIDITY"), null=True, blank=True)
    last_uid = models.BigIntegerField(_("last UID read"), default=0)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>"


class InboundMail(models.Model):
    """Every mail received, whatever became of it. The unique Message-ID makes delivery idempotent."""

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    source = models.CharField(_("source"), max_length=8, choices=InboundSource.choices)
    mailbox = models.ForeignKey(Mailbox, null=True, blank=True, on_delete=models.SET_NULL, related_name="mails")
    imap_uid = models.BigIntegerField(null=True, blank=True)
    sender = models.CharField(_("sender"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    status = models.CharField(_("status"), max_length=16, choices=InboundStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    ticket_message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    related_ticket = models.ForeignKey(
        Ticket,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The ticket the mail referred to, when it was not added to it."),
    )
    times_seen = models.PositiveIntegerField(_("times delivered"), default=1)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("received mail")
        verbose_name_plural = _("received mail")
        ordering = ["-received_at", "-id"]
        indexes = [
            # The per-mail rate-limit count (sender, ticketed, recent): an equality prefix of two
            # columns, so SQLite does not range-scan every ticketed mail of the window instead.
            models.Index(fields=["sender", "status", "received_at"], name="inbound_sender_status"),
            models.Index(fields=["status", "received_at"], name="inbound_status"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} ({self.status})"


class OutboundMail(models.Model):
    """A mail to a customer. Queued in the transaction that caused it (recipient, subject, language
    and thread headers fixed then); its text is rendered by the send task at the first attempt and
    stored, so a retry sends the same text. Sent after commit, retried with back-off; failures stay
    visible to agents on the ticket."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="outbound_mails")
    ticket_message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_address = models.CharField(_("to"), max_length=254)
    kind = models.CharField(_("kind"), max_length=16, choices=OutboundKind.choices)
    language = models.CharField(_("language"), max_length=10, default="en")
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(blank=True)  # empty until the send task renders it
    body_html = models.TextField(blank=True)
    announces_solve = models.DateTimeField(
        _("announces the solve of"),
        null=True,
        blank=True,
        help_text=_("The ticket's solved time this mail tells the customer about (one mail per solve)."),
    )
    asks_rating = models.BooleanField(_("asks for a rating"), default=False)
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    in_reply_to = models.CharField(max_length=255, blank=True)
    references = models.TextField(blank=True)
    status = models.CharField(_("status"), max_length=10, choices=OutboundStatus.choices, default=OutboundStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sent mail")
        verbose_name_plural = _("sent mail")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbound_due"),
            models.Index(fields=["ticket", "created_at"], name="outbound_ticket"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to_address} ({self.status})"


class MailHtml(models.Model):
    """The sanitised HTML of a received mail, kept beside its ticket message only when its text holds
    no secret (the message body is redacted; HTML is never stored redacted). Remote images are gone;
    inline (cid:) images point at the message's stored attachments; links open in a new tab."""

    message = models.OneToOneField(Message, primary_key=True, on_delete=models.CASCADE, related_name="mail_html")
    html = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("formatted e-mail")
        verbose_name_plural = _("formatted e-mails")

    def __str__(self) -> str:
        return f"HTML of message {self.message_id}"
