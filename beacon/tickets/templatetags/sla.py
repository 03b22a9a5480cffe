"""SLA countdowns for queues and the ticket page: computed from the ticket's columns, no query."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


def short_duration(delta: timedelta) -> str:
    """1d 4h · 3h 20m · 12m — short enough for a queue cell."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {mins:02d}m"
    return f"{mins}m"


@register.filter
def countdown(due: datetime | None) -> str:
    if due is None:
        return ""
    left = due - timezone.now()
    if left < timedelta(0):
        return _("overdue %(t)s") % {"t": short_duration(left)}
    return _("due in %(t)s") % {"t": short_duration(left)}


@register.filter
def sla_class(ticket: object) -> str:
    """sla-ok, sla-at_risk or sla-breached, from the stored status and the deadline itself (the
    periodic check may not have run since the deadline passed)."""
    due = getattr(ticket, "sla_due_at", None)
    status = getattr(ticket, "sla_status", "") or "ok"
    if due is not None and due <= timezone.now():
        status = "breached"
    return f"sla-{status}"
