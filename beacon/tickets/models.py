from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from beacon.accounts.models import Team
from beacon.core.inbound import Channel
from beacon.tickets.enums import ACTIVE_STATUSES, MessageKind, Priority, SlaStatus, Status
from beacon.tickets.versioning import ConfigVersion, VersionedConfig

REFERENCE_PREFIX = "BCN-"
_REFERENCE = re.compile(r"\bBCN-(\d{6,})\b", re.IGNORECASE)


def parse_reference(text: str) -> int | None:
    """Find a ticket reference such as BCN-000123 in text and return the ticket id."""
    match = _REFERENCE.search(text)
    return int(match.group(1)) if match else None


class Category(VersionedConfig):
    slug = models.SlugField(_("slug"), unique=True)
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80)
    description_en = models.CharField(_("description (English)"), max_length=240, blank=True)
    description_zh = models.CharField(_("description (Chinese)"), max_length=240, blank=True)
    fields: models.JSONField[Any] = models.JSONField(_("fields"), default=list, blank=True)
    default_priority = models.PositiveSmallIntegerField(
        _("default priority"), choices=Priority.choices, default=Priority.P3
    )
    default_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("default team")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en

    @property
    def description(self) -> str:
        return self.description_zh if (get_language() or "").startswith("zh") else self.description_en


class CreatedAtField(models.DateTimeField):
    """auto_now_add that keeps a moment already set on a new row: services.open_ticket starts the
    SLA clock from it before the one INSERT. Same column and migrations as a DateTimeField."""

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance, self.attname)
        if add and value is not None:
            return value
        return super().pre_save(model_instance, add)

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs


class Ticket(models.Model):
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("requester")
    )
    subject = models.CharField(_("subject"), max_length=200)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("category"))
    fields: models.JSONField[Any] = models.JSONField(_("fields"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.P3)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets", verbose_name=_("team")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
        verbose_name=_("assignee"),
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.WEB)
    language = models.CharField(_("language"), max_length=10, default="en")
    security_flags: models.JSONField[Any] = models.JSONField(_("security flags"), default=list, blank=True)
    created_at = CreatedAtField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    solved_at = models.DateTimeField(_("solved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # SLA clock (beacon.tickets.sla.services keeps these consistent; docs/sla.md explains them).
    sla_policy = models.ForeignKey(
        "tickets.SlaPolicy", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_response_due_at = models.DateTimeField(_("first response due"), null=True, blank=True)
    next_response_due_at = models.DateTimeField(_("next response due"), null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    sla_due_at = models.DateTimeField(_("next SLA deadline"), null=True, blank=True)
    # When the periodic SLA check must look at this ticket again (a warning or a deadline).
    sla_check_at = models.DateTimeField(null=True, blank=True)
    sla_paused_at = models.DateTimeField(_("SLA clock paused"), null=True, blank=True)
    sla_status = models.CharField(_("SLA"), max_length=8, choices=SlaStatus.choices, default=SlaStatus.OK, blank=True)
    # Per target: budget seconds, warning moment, and the seconds left while the clock is stopped.
    sla_clock: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("escalations"), default=0)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_tickets"
    )
    # Stored by the database: lets the queue indexes stop after one page however many tickets are open.
    in_queue = models.GeneratedField(
        expression=models.Q(status__in=sorted(ACTIVE_STATUSES)),  # type: ignore[arg-type]
        output_field=models.BooleanField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            # The agent queues: filter by status (and team / assignee), order by urgency then age.
            models.Index(fields=["status", "priority", "created_at"], name="ticket_queue"),
            models.Index(fields=["team", "status", "priority", "created_at"], name="ticket_team_queue"),
            models.Index(fields=["assignee", "status", "priority", "created_at"], name="ticket_assignee_queue"),
            models.Index(fields=["requester", "-updated_at"], name="ticket_requester"),
            models.Index(fields=["sla_check_at"], name="ticket_sla_check"),
            models.Index(fields=["created_at"], name="ticket_created"),
            models.Index(fields=["in_queue", "priority", "created_at", "id"], name="ticket_queue_urgent"),
            models.Index(fields=["in_queue", "created_at", "id"], name="ticket_queue_age"),
            models.Index(fields=["in_queue", "updated_at", "id"], name="ticket_queue_updated"),
            models.Index(
                fields=["in_queue", "priority", "created_at", "id"],
                condition=models.Q(assignee__isnull=True),
                name="ticket_queue_unassigned",
            ),
            # Analytics' live figures (backlog by age, open per team, the wall's queues) under a team,
            # channel or category filter: every column they read is in the index (index-only counts).
            models.Index(
                fields=["in_queue", "team", "created_at", "sla_status", "assignee"], name="ticket_backlog_team"
            ),
            models.Index(fields=["in_queue", "channel", "team", "created_at"], name="ticket_backlog_channel"),
            models.Index(fields=["in_queue", "category", "team", "created_at"], name="ticket_backlog_category"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def reference(self) -> str:
        return f"{REFERENCE_PREFIX}{self.pk:06d}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def sla_deadlines(self) -> list[tuple[str, datetime]]:
        """The running SLA deadlines, soonest first: [(label, due), …]. No query."""
        found = [
            (_("First response"), self.first_response_due_at),
            (_("Next response"), self.next_response_due_at),
            (_("Resolution"), self.resolution_due_at),
        ]
        return sorted(((str(label), due) for label, due in found if due is not None), key=lambda item: item[1])


class Message(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MessageKind.choices, default=MessageKind.PUBLIC)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.WEB)
    body = models.TextField(_("message"))
    email_message_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    # Secrets removed and suspicious links found by the trust scanners: kinds and hosts only.
    security: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["ticket", "created_at"], name="message_thread")]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} on {self.ticket_id}"

    @property
    def is_internal(self) -> bool:
        return self.kind == MessageKind.INTERNAL


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is random: the user's file name is kept in `name` only.
    ext = filename.rpartition(".")[2].lower()[:8]
    return f"attachments/{instance.ticket_id}/{uuid.uuid4().hex}.{ext}"


class Attachment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    name = models.CharField(_("file name"), max_length=160)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


# The workflow models live next to their services; importing them here registers them with the app.
from beacon.tickets.assignment.models import AgentPresence  # noqa: E402
from beacon.tickets.csat.models import SatisfactionRating  # noqa: E402
from beacon.tickets.escalation.models import Escalation, SupervisorAlert, TeamTier  # noqa: E402
from beacon.tickets.macros.models import Macro  # noqa: E402
from beacon.tickets.rules.models import PriorityRule  # noqa: E402
from beacon.tickets.sla.models import BusinessCalendar, SlaPolicy  # noqa: E402
from beacon.tickets.surge.models import SurgeState  # noqa: E402

__all__ = [
    "AgentPresence",
    "Attachment",
    "BusinessCalendar",
    "Category",
    "ConfigVersion",
    "Escalation",
    "Macro",
    "Message",
    "PriorityRule",
    "SatisfactionRating",
    "SlaPolicy",
    "SupervisorAlert",
    "SurgeState",
    "TeamTier",
    "Ticket",
    "attachment_path",
    "parse_reference",
]
