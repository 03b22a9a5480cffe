"""What happens around a ticket's life, in one place: the SLA clock, routing, escalations, surge.

The ticket services and the pipeline call these hooks explicitly (no signals) inside their own
transaction; anything that must wait for the commit (routing, websocket events) is scheduled with
on_commit by the code below.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from beacon.accounts.models import User
from beacon.core.audit import record_event
from beacon.tickets.assignment import services as assignment
from beacon.tickets.enums import Status
from beacon.tickets.escalation import services as escalation
from beacon.tickets.models import Message, Ticket
from beacon.tickets.sla import clock
from beacon.tickets.surge import services as surge

if TYPE_CHECKING:
    from beacon.tickets.triage_config import TriageConfig


def ticket_opening(ticket: Ticket, config: TriageConfig | None = None) -> None:
    """A new ticket is about to be inserted (services.open_ticket): start its SLA clock on the row,
    so one INSERT stores it. `config`: the triage configuration the caller holds, if any."""
    clock.start_clock(ticket, config=config, save=False)


def ticket_opened(ticket: Ticket, triage: Mapping[str, Any]) -> None:
    """A new ticket was stored (pipeline persist, or a split) with its SLA clock started: record how
    it was triaged, acknowledge it during a surge, and route it to an agent after commit."""
    policy = ticket.sla_policy
    rules = list(triage.get("rules", []))
    if rules or policy is not None:  # nothing to record when no rule matched and no SLA applies
        record_event(
            None,
            "ticket.triaged",
            ticket,
            {
                "rules": rules,
                "sla_policy": policy.name if policy else None,
                "due": {label: due.isoformat() for label, due in ticket.sla_deadlines},
            },
        )
    config = triage.get("config")
    surge.acknowledge_if_surging(ticket, surging=config.surge_active if config is not None else None)
    assignment.route_on_commit(ticket)


def agent_replied(ticket: Ticket, message: Message) -> None:
    """A public answer from staff meets the first- and next-response targets."""
    clock.response_given(ticket, message.created_at)


def customer_replied(ticket: Ticket) -> None:
    """The customer wrote on an existing ticket: the next-response target starts."""
    clock.customer_waiting(ticket, timezone.now())


def status_changed(actor: User | None, ticket: Ticket, old: str, new: str) -> None:
    clock.status_changed(ticket, old, new)
    if new in {Status.SOLVED, Status.CLOSED}:
        escalation.ticket_finished(ticket, actor)
    assignment.agent_freed(ticket, old, new)


def properties_changed(ticket: Ticket, changes: Mapping[str, Any]) -> None:
    """Staff (or a security escalation) changed priority, category, team or assignee."""
    if {"priority", "category"} & set(changes):
        clock.retarget(ticket)
    if ({"team", "assignee"} & set(changes)) and ticket.assignee_id is None and ticket.is_active:
        assignment.route_on_commit(ticket)
