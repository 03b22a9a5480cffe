"""Support tiers, escalations and the notices supervisors see."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beacon.accounts.models import Team


class TeamTier(models.Model):
    """A team's support tier (1 = general support, 2+ = specialists) and where it escalates to."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="tier", verbose_name=_("team"))
    level = models.PositiveSmallIntegerField(_("tier"), default=1)
    escalates_to = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("escalates to")
    )

    class Meta:
        verbose_name = _("team tier")
        verbose_name_plural = _("team tiers")
        ordering = ["level", "team__name_en"]

    def __str__(self) -> str:
        return f"{self.team} (tier {self.level})"


class Escalation(models.Model):
    """A ticket handed to another team; the ticket is on hold until that team returns or solves it."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="escalations")
    from_team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    from_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    automatic = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=16, blank=True)  # "returned" or "solved"

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket"], condition=models.Q(resolved_at__isnull=True), name="one_open_escalation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} → {self.to_team_id}"


class AlertKind(models.TextChoices):
    SLA_AT_RISK = "sla_at_risk", _("SLA at risk")
    SLA_BREACHED = "sla_breached", _("SLA breached")
    ESCALATED = "escalated", _("Escalated")
    SURGE = "surge", _("Surge")


class SupervisorAlert(models.Model):
    """Something a supervisor should look at. `key` makes creating one idempotent."""

    kind = models.CharField(_("kind"), max_length=16, choices=AlertKind.choices)
    key = models.CharField(max_length=160, unique=True)
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.CASCADE, related_name="supervisor_alerts"
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    data: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("supervisor alert")
        verbose_name_plural = _("supervisor alerts")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["acknowledged_at", "-created_at"], name="alert_open")]

    def __str__(self) -> str:
        return self.key
