"""Reads for customer satisfaction."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Avg, Count

from beacon.tickets.csat.models import SatisfactionRating
from beacon.tickets.enums import Status
from beacon.tickets.models import Ticket

RATEABLE_STATUSES = (Status.SOLVED, Status.CLOSED)


def rating_of(ticket: Ticket) -> SatisfactionRating | None:
    return SatisfactionRating.objects.filter(ticket=ticket).first()


def can_rate(ticket: Ticket) -> bool:
    return ticket.status in RATEABLE_STATUSES and ticket.merged_into_id is None


def satisfaction_summary(since: datetime) -> dict[str, float | int | None]:
    row = SatisfactionRating.objects.filter(updated_at__gte=since).aggregate(average=Avg("score"), count=Count("id"))
    return {"average": round(row["average"], 2) if row["average"] is not None else None, "count": row["count"]}
