"""Live chat: a session is a real-time view onto a ticket's conversation.

Every customer and agent message of an identified customer is a ticket Message (it went through
the inbound pipeline or `post_agent_reply`); a `ChatEntry` gives it its place in the chat — a
server sequence number and the client's idempotency key. Assistant answers, system lines and the
questions an anonymous visitor asks before confirming an e-mail address are entries without a
ticket message.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from beacon.accounts.models import Team
from beacon.chat.enums import EndReason, EntryKind, IdentitySource, QueueRank, SessionStatus, TranscriptMailStatus
from beacon.tickets.models import Message, Ticket


def new_public_id() -> str:
    return secrets.token_urlsafe(12)


class ChatSession(models.Model):
    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chat_sessions",
        verbose_name=_("customer"),
    )
    identity = models.CharField(
        _("identity"), max_length=16, choices=IdentitySource.choices, default=IdentitySource.ANONYMOUS
    )
    external_uid = models.CharField(_("exchange user ID"), max_length=64, blank=True)
    vip_tier = models.CharField(_("VIP tier"), max_length=32, blank=True)
    # The address an anonymous visitor is confirming (not trusted until a code proves it).
    pending_email = models.EmailField(_("e-mail being confirmed"), blank=True)
    ticket = models.ForeignKey(
        Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="chat_sessions", verbose_name=_("ticket")
    )
    status = models.CharField(_("status"), max_length=16, choices=SessionStatus.choices, default=SessionStatus.BOT)
    end_reason = models.CharField(_("end reason"), max_length=16, choices=EndReason.choices, blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("team")
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agent_chat_sessions",
        verbose_name=_("agent"),
    )
    rank = models.PositiveSmallIntegerField(_("queue rank"), choices=QueueRank.choices, default=QueueRank.STANDARD)
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    last_seq = models.PositiveIntegerField(default=0)
    customer_read_seq = models.PositiveIntegerField(default=0)
    agent_read_seq = models.PositiveIntegerField(default=0)
    offered_ticket = models.BooleanField(default=False)
    # Asked for a person before we could queue them (e-mail not confirmed yet, or nothing written yet).
    wants_agent = models.BooleanField(default=False)
    page_url = models.CharField(_("page"), max_length=500, blank=True)
    csat_rating = models.PositiveSmallIntegerField(_("satisfaction"), null=True, blank=True)
    csat_comment = models.CharField(_("satisfaction comment"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chat")
        verbose_name_plural = _("chats")
        indexes = [
            models.Index(fields=["status", "rank", "queued_at"], name="chat_queue"),
            models.Index(fields=["agent", "status"], name="chat_agent_load"),
            models.Index(fields=["user", "-created_at"], name="chat_customer"),
        ]

    def __str__(self) -> str:
        return f"chat {self.public_id}"

    @property
    def is_open(self) -> bool:
        return self.status != SessionStatus.ENDED

    @property
    def is_identified(self) -> bool:
        return self.user_id is not None


class ChatEntry(models.Model):
    """One line of a chat, numbered by the server. `client_key` makes a re-sent message appear once."""

    session = models.ForeignKey(ChatSession, on_delete=models.CASCADE, related_name="entries")
    seq = models.PositiveIntegerField()
    client_key = models.CharField(max_length=64, null=True, blank=True)
    kind = models.CharField(max_length=16, choices=EntryKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="chat_entries")
    # Text of entries without a ticket message (assistant, system, anonymous questions): already redacted.
    body = models.TextField(blank=True)
    data: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chat entry")
        verbose_name_plural = _("chat entries")
        ordering = ["session", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["session", "seq"], name="chat_entry_seq"),
            models.UniqueConstraint(
                fields=["session", "client_key"], condition=Q(client_key__isnull=False), name="chat_entry_client_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}#{self.seq} {self.kind}"


class ChatSeat(models.Model):
    """An agent's place in the live chat: how many chats they take at once and how many consoles
    they have open. Whether they are online, away or offline — and when they were last heard from
    — is their one presence (`beacon.tickets.assignment.models.AgentPresence`), shared with the
    ticket workspace: an agent takes chats when that presence is online and fresh and a console is
    open."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_seat")
    capacity = models.PositiveSmallIntegerField(_("concurrent chats"), default=3)
    connections = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("agent chat capacity")
        verbose_name_plural = _("agent chat capacity")

    def __str__(self) -> str:
        return f"{self.user_id} {self.capacity}"


class EmailCode(models.Model):
    """A one-time code mailed to an anonymous visitor. The code is HMAC(SECRET_KEY, salt): the
    database alone does not reveal it, and the mail task only needs the row's id."""

    session = models.ForeignKey(ChatSession, on_delete=models.CASCADE, related_name="email_codes")
    email = models.EmailField()
    salt = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(default=0)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail code")
        verbose_name_plural = _("e-mail codes")

    def __str__(self) -> str:
        return f"{self.session_id} {self.email}"


class TranscriptMail(models.Model):
    """A transcript the customer asked to receive by e-mail. The send task renders it once (in the
    chat's language), so a retry sends the same mail; a mail sent is never sent again."""

    session = models.ForeignKey(ChatSession, on_delete=models.CASCADE, related_name="transcript_mails")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    to_address = models.EmailField()
    language = models.CharField(max_length=10)
    status = models.CharField(max_length=16, choices=TranscriptMailStatus.choices, default=TranscriptMailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("chat transcript mail")
        verbose_name_plural = _("chat transcript mails")

    def __str__(self) -> str:
        return f"{self.session_id} → {self.to_address}"


class IdentityNonce(models.Model):
    """A signed identity already used: the same signature is refused until it would have expired."""

    nonce = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("used identity signature")
        verbose_name_plural = _("used identity signatures")

    def __str__(self) -> str:
        return self.nonce


def upload_path(instance: ChatUpload, filename: str) -> str:
    ext = filename.rpartition(".")[2].lower()[:8]
    return f"chat-uploads/{uuid.uuid4().hex}.{ext}"


class ChatUpload(models.Model):
    """A file checked by prepare_upload(), waiting for the chat message that refers to it."""

    session = models.ForeignKey(ChatSession, on_delete=models.CASCADE, related_name="uploads")
    key = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    file = models.FileField(upload_to=upload_path, max_length=255)
    name = models.CharField(max_length=160)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chat upload")
        verbose_name_plural = _("chat uploads")

    def __str__(self) -> str:
        return self.name


class CannedReply(models.Model):
    """A prepared answer agents insert into the chat; bilingual, optionally for one team."""

    title = models.CharField(_("title"), max_length=80)
    body_en = models.TextField(_("text (English)"))
    body_zh = models.TextField(_("text (Chinese)"), blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title

    def body_in(self, language: str | None = None) -> str:
        zh = (language or get_language() or "").startswith("zh")
        return self.body_zh if zh and self.body_zh else self.body_en
