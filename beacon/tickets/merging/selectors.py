"""Reads for merging: the tickets a ticket may be merged into."""

from __future__ import annotations

from beacon.accounts.models import User
from beacon.tickets.enums import ACTIVE_STATUSES
from beacon.tickets.models import Ticket
from beacon.tickets.selectors import visible_tickets


def merge_candidates(actor: User, ticket: Ticket, limit: int = 10) -> list[Ticket]:
    """The requester's other active tickets, newest first (duplicates are usually recent)."""
    return list(
        visible_tickets(actor)
        .filter(requester_id=ticket.requester_id, status__in=ACTIVE_STATUSES, merged_into__isnull=True)
        .exclude(pk=ticket.pk)
        .order_by("-created_at")[:limit]
    )


def follow_merges(ticket: Ticket) -> Ticket:
    """The ticket a merged duplicate now lives in (a reply to the duplicate continues there)."""
    for _hop in range(5):
        if ticket.merged_into_id is None:
            break
        ticket = (
            Ticket.objects.select_for_update(of=("self",)).select_related("requester").get(pk=ticket.merged_into_id)
        )
    return ticket
