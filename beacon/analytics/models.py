"""Rollups: pre-added figures per hour and per day, written by beacon.analytics.rollups only.

A row holds what happened in one bucket (an hour, or a day or a month of the site's time zone) for one
combination of dimensions. Rows are never updated in place: a bucket is recomputed from the source
rows and replaced whole, so a late change (a ticket moved to another team) is right after the next
recompute. Durations are kept as histograms (beacon.analytics.histogram) so medians and 90th
percentiles can be read for any filter. docs/analytics.md defines every column.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beacon.analytics.histogram import column_names


class Period(models.TextChoices):
    HOUR = "hour", _("Hour")
    DAY = "day", _("Day")
    MONTH = "month", _("Month")


def _dimension(model: str) -> models.ForeignKey:  # type: ignore[type-arg]
    # No database constraint: a rollup outlives a deleted team or user and must never block it.
    return models.ForeignKey(
        model, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )


class Rollup(models.Model):
    period = models.CharField(max_length=5, choices=Period.choices)
    start = models.DateTimeField()

    class Meta:
        abstract = True


def histogram_columns(*prefixes: str) -> dict[str, models.PositiveIntegerField]:  # type: ignore[type-arg]
    """One count column per histogram bucket (frt_0 … frt_15): summed by the database like any count."""
    return {name: models.PositiveIntegerField(default=0) for prefix in prefixes for name in column_names(prefix)}


class TicketCounters(Rollup):
    """What tickets and agents both count: responses, solutions, reopens, SLA, CSAT and the
    first-response and resolution histograms."""

    first_responses = models.PositiveIntegerField(default=0)
    frt_sum = models.BigIntegerField(default=0)
    solved = models.PositiveIntegerField(default=0)
    res_sum = models.BigIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    sla_met = models.PositiveIntegerField(default=0)
    sla_breached = models.PositiveIntegerField(default=0)
    csat_count = models.PositiveIntegerField(default=0)
    csat_sum = models.PositiveIntegerField(default=0)
    csat_good = models.PositiveIntegerField(default=0)
    vars().update(histogram_columns("frt", "res"))

    class Meta:
        abstract = True


class TicketStats(TicketCounters):
    """Tickets per bucket × team × channel × category × priority × language. Each count is taken in
    the bucket of its own moment: created by created_at, first responses by first_response_at,
    solved (with resolution time and SLA outcome) by solved_at, reopens by the reopening, CSAT by the
    rating's time. The dimensions are the ticket's as of the recompute."""

    team = _dimension("accounts.Team")
    channel = models.CharField(max_length=16)
    category = _dimension("tickets.Category")
    priority = models.PositiveSmallIntegerField()
    language = models.CharField(max_length=10)
    created = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["period", "start"], name="ticketstats_bucket")]

    def __str__(self) -> str:
        return f"{self.period} {self.start:%Y-%m-%d %H:00}"


class AgentStats(TicketCounters):
    """Per agent (the ticket's assignee) and team: the same event counts as TicketStats."""

    agent = _dimension(settings.AUTH_USER_MODEL)
    team = _dimension("accounts.Team")

    class Meta:
        indexes = [models.Index(fields=["period", "start"], name="agentstats_bucket")]

    def __str__(self) -> str:
        return f"{self.period} {self.start:%Y-%m-%d %H:00} agent {self.agent_id}"


class ChatStats(Rollup):
    """Live chats per bucket × team × language: started (and answered by the assistant) by the
    start, queued by queued_at, accepted (with the wait) by accepted_at, abandoned and solved by the
    assistant by the end."""

    team = _dimension("accounts.Team")
    language = models.CharField(max_length=10)
    started = models.PositiveIntegerField(default=0)
    bot_answered = models.PositiveIntegerField(default=0)
    bot_resolved = models.PositiveIntegerField(default=0)
    queued = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    wait_sum = models.BigIntegerField(default=0)
    abandoned = models.PositiveIntegerField(default=0)
    vars().update(histogram_columns("wait"))

    class Meta:
        indexes = [models.Index(fields=["period", "start"], name="chatstats_bucket")]

    def __str__(self) -> str:
        return f"{self.period} {self.start:%Y-%m-%d %H:00} chat"


class HelpStats(Rollup):
    """Help center per bucket × language: searches, searches with no result, deflected requests."""

    language = models.CharField(max_length=10)
    searches = models.PositiveIntegerField(default=0)
    zero_result_searches = models.PositiveIntegerField(default=0)
    deflections = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["period", "start"], name="helpstats_bucket")]

    def __str__(self) -> str:
        return f"{self.period} {self.start:%Y-%m-%d %H:00} help"


class SearchStats(Rollup):
    """Help-center searches that found nothing, per bucket × normalised words × language."""

    normalized = models.CharField(max_length=256)
    language = models.CharField(max_length=10)
    searches = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["period", "start"], name="searchstats_bucket")]

    def __str__(self) -> str:
        return f"{self.period} {self.start:%Y-%m-%d %H:00} {self.normalized}"


class DigestDelivery(models.Model):
    """The daily digest sent to one supervisor for one day: the unique key makes sending idempotent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"


class DigestOptOut(models.Model):
    """A supervisor who does not want the daily digest."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("digest opt-out")
        verbose_name_plural = _("digest opt-outs")

    def __str__(self) -> str:
        return str(self.user_id)
