"""The SLA clock of a ticket (writes; the caller holds the transaction unless said otherwise).

Each target (first response, next response, resolution) has a budget of working seconds from its
policy. While it runs, its due time is stored on the ticket; while the ticket waits on the customer
(pending) or is solved/closed, the clock is stopped and the working seconds left are kept in
`sla_clock`, to be spent again from the moment it restarts. A target is "at risk" once less than the
policy's at-risk share of its budget is left, and "breached" when its due time has passed.

    ticket.sla_clock = {"resolution": {"budget": 28800, "warn": "2026-…", "risk": false,
                                       "breach": false, "left": 7200 (only while stopped)}}
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from beacon.tickets.enums import ACTIVE_STATUSES, SlaStatus, Status
from beacon.tickets.models import Ticket
from beacon.tickets.sla.calendar import Calendar, add_working_time, working_time_between
from beacon.tickets.sla.models import SlaPolicy, SlaTarget
from beacon.tickets.sla.selectors import calendar_for, policy_for, tickets_to_check

if TYPE_CHECKING:
    from beacon.tickets.triage_config import TriageConfig

TARGET_FIELDS: dict[str, str] = {
    SlaTarget.FIRST_RESPONSE: "first_response_due_at",
    SlaTarget.NEXT_RESPONSE: "next_response_due_at",
    SlaTarget.RESOLUTION: "resolution_due_at",
}
SLA_FIELDS = [
    *TARGET_FIELDS.values(),
    "sla_policy",
    "sla_due_at",
    "sla_check_at",
    "sla_paused_at",
    "sla_status",
    "sla_clock",
]
# The clock stops while the ticket waits on the customer, and once it is solved or closed.
STOPPED_STATUSES = frozenset({Status.PENDING, Status.SOLVED, Status.CLOSED})


def _due(ticket: Ticket, target: str) -> datetime | None:
    value: datetime | None = getattr(ticket, TARGET_FIELDS[target])
    return value


def _run(
    ticket: Ticket, calendar: Calendar, target: str, *, budget: int, left: float, now: datetime, **noted: bool
) -> None:
    """Start (or restart) a target with `left` working seconds of its `budget` remaining."""
    policy = ticket.sla_policy
    share = (policy.at_risk_percent if policy else 25) / 100
    # Already overdue (left ≤ 0): keep the overdue amount visible rather than restarting the clock.
    due = add_working_time(calendar, now, timedelta(seconds=left)) if left > 0 else now + timedelta(seconds=left)
    safe = left - budget * share
    warn = add_working_time(calendar, now, timedelta(seconds=safe)) if safe > 0 else now
    setattr(ticket, TARGET_FIELDS[target], due)
    ticket.sla_clock[target] = {
        "budget": budget,
        "warn": warn.isoformat(),
        "risk": noted.get("risk", False),
        "breach": noted.get("breach", False),
    }


def _refresh(ticket: Ticket, now: datetime) -> None:
    """Recompute the summary columns: next deadline, next check, status."""
    dues: list[datetime] = []
    checks: list[datetime] = []
    status = SlaStatus.OK
    for target, entry in ticket.sla_clock.items():
        due = _due(ticket, target)
        if due is None:
            continue
        warn = datetime.fromisoformat(entry["warn"])
        dues.append(due)
        if not entry.get("risk"):
            checks.append(warn)
        elif not entry.get("breach"):
            checks.append(due)
        if due <= now:
            status = SlaStatus.BREACHED
        elif warn <= now and status != SlaStatus.BREACHED:
            status = SlaStatus.AT_RISK
    ticket.sla_due_at = min(dues, default=None)
    ticket.sla_check_at = min(checks, default=None)
    ticket.sla_status = status


def _save(ticket: Ticket, now: datetime) -> None:
    _refresh(ticket, now)
    ticket.save(update_fields=SLA_FIELDS)


def start_clock(
    ticket: Ticket, now: datetime | None = None, *, config: TriageConfig | None = None, save: bool = True
) -> SlaPolicy | None:
    """A new ticket: pick its policy and start the first-response and resolution targets.
    `config`: the triage configuration the caller already holds (no query for the policy then);
    `save=False`: only set the fields (a row about to be inserted)."""
    now = now or ticket.created_at or timezone.now()
    vip_level = ticket.requester.vip_level
    if config is not None:
        policy = config.policy_for(ticket.priority, ticket.category_id, vip_level)
    else:
        policy = policy_for(ticket.priority, ticket.category_id, vip_level)
    ticket.sla_policy = policy
    ticket.sla_clock = {}
    for name in TARGET_FIELDS.values():
        setattr(ticket, name, None)
    if policy is not None:
        calendar = calendar_for(ticket)
        for target in (SlaTarget.FIRST_RESPONSE, SlaTarget.RESOLUTION):
            minutes = policy.minutes_for(target)
            if minutes:
                _run(ticket, calendar, target, budget=minutes * 60, left=minutes * 60, now=now)
    if save:
        _save(ticket, now)
    else:
        _refresh(ticket, now)
    return policy


def response_given(ticket: Ticket, now: datetime | None = None) -> None:
    """An agent answered the customer: the first-response and next-response targets are met."""
    now = now or timezone.now()
    changed = False
    for target in (SlaTarget.FIRST_RESPONSE, SlaTarget.NEXT_RESPONSE):
        if target in ticket.sla_clock or _due(ticket, target) is not None:
            ticket.sla_clock.pop(target, None)
            setattr(ticket, TARGET_FIELDS[target], None)
            changed = True
    if changed:
        _save(ticket, now)


def customer_waiting(ticket: Ticket, now: datetime | None = None) -> None:
    """The customer wrote again after an agent's answer: the next-response target starts."""
    now = now or timezone.now()
    policy = ticket.sla_policy
    if (
        policy is None
        or not policy.next_response_minutes
        or ticket.first_response_at is None
        or SlaTarget.NEXT_RESPONSE in ticket.sla_clock
        or ticket.status not in ACTIVE_STATUSES - STOPPED_STATUSES
    ):
        return
    budget = policy.next_response_minutes * 60
    _run(ticket, calendar_for(ticket), SlaTarget.NEXT_RESPONSE, budget=budget, left=budget, now=now)
    _save(ticket, now)


def status_changed(ticket: Ticket, old: str, new: str, now: datetime | None = None) -> None:
    """Stop the clock when the ticket starts waiting on the customer or is solved; restart it when
    the ticket becomes active again, with the working time that was left."""
    now = now or timezone.now()
    was_running, runs = old not in STOPPED_STATUSES, new not in STOPPED_STATUSES
    if was_running and not runs:
        _pause(ticket, now)
    elif runs and not was_running:
        _resume(ticket, now)


def _pause(ticket: Ticket, now: datetime) -> None:
    calendar = calendar_for(ticket)
    for target, entry in ticket.sla_clock.items():
        due = _due(ticket, target)
        if due is not None:
            entry["left"] = int(working_time_between(calendar, now, due).total_seconds())
            setattr(ticket, TARGET_FIELDS[target], None)
    ticket.sla_paused_at = now
    _save(ticket, now)


def _resume(ticket: Ticket, now: datetime) -> None:
    calendar = calendar_for(ticket)
    for target, entry in list(ticket.sla_clock.items()):
        if "left" in entry:
            _run(
                ticket,
                calendar,
                target,
                budget=entry["budget"],
                left=entry["left"],
                now=now,
                risk=entry.get("risk", False),
                breach=entry.get("breach", False),
            )
    ticket.sla_paused_at = None
    _save(ticket, now)


def retarget(ticket: Ticket, now: datetime | None = None) -> None:
    """Priority, category or customer tier changed: switch to the policy that now applies, keeping
    the working time already spent on each target."""
    now = now or timezone.now()
    old_calendar = calendar_for(ticket)
    spent: dict[str, float] = {}
    for target, entry in ticket.sla_clock.items():
        due = _due(ticket, target)
        left = entry["left"] if due is None else working_time_between(old_calendar, now, due).total_seconds()
        spent[target] = entry["budget"] - left
    policy = policy_for(ticket.priority, ticket.category_id, ticket.requester.vip_level)
    if ticket.sla_policy is None and policy is not None:
        # No targets before: count the time since the ticket was opened.
        since_open = working_time_between(calendar_for_policy(ticket, policy), ticket.created_at, now).total_seconds()
        if ticket.first_response_at is None:
            spent[SlaTarget.FIRST_RESPONSE] = since_open
        if ticket.solved_at is None:
            spent[SlaTarget.RESOLUTION] = since_open
    paused = ticket.sla_paused_at is not None
    ticket.sla_policy = policy
    ticket.sla_clock = {}
    for name in TARGET_FIELDS.values():
        setattr(ticket, name, None)
    calendar = calendar_for(ticket)
    for target, used in spent.items():
        minutes = policy.minutes_for(target) if policy else None
        if not minutes:
            continue
        budget = minutes * 60
        _run(ticket, calendar, target, budget=budget, left=budget - used, now=now)
        if paused:
            ticket.sla_clock[target]["left"] = int(budget - used)
            setattr(ticket, TARGET_FIELDS[target], None)
    _save(ticket, now)


def calendar_for_policy(ticket: Ticket, policy: SlaPolicy) -> Calendar:
    current = ticket.sla_policy
    ticket.sla_policy = policy
    try:
        return calendar_for(ticket)
    finally:
        ticket.sla_policy = current


def target_label(target: str) -> str:
    return str(SlaTarget(target).label)


def check_ticket(ticket_id: int, now: datetime) -> list[tuple[str, str, datetime]]:
    """Note the warnings and breaches that have come for one ticket (own transaction).

    Returns the newly noted [(kind, target, due)], kind being "at_risk" or "breached"; each is
    noted once, so running the check again changes nothing."""
    noted: list[tuple[str, str, datetime]] = []
    with transaction.atomic():
        ticket = (
            Ticket.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("sla_policy__calendar", "team", "requester")
            .filter(pk=ticket_id, sla_check_at__lte=now, status__in=ACTIVE_STATUSES)
            .first()
        )
        if ticket is None:
            return noted
        for target, entry in ticket.sla_clock.items():
            due = _due(ticket, target)
            if due is None:
                continue
            if due <= now and not entry.get("breach"):
                entry["breach"] = entry["risk"] = True
                noted.append(("breached", target, due))
            elif datetime.fromisoformat(entry["warn"]) <= now and not entry.get("risk"):
                entry["risk"] = True
                noted.append(("at_risk", target, due))
        _save(ticket, now)
        if noted:
            from beacon.tickets.escalation.services import sla_alert  # escalation imports the clock

            sla_alert(ticket, noted)
    return noted


def check_deadlines(now: datetime | None = None) -> dict[str, Any]:
    """The periodic SLA check: note every warning and breach that has come. Idempotent."""
    now = now or timezone.now()
    counts = {"at_risk": 0, "breached": 0, "tickets": 0}
    for ticket_id in tickets_to_check(now):
        noted = check_ticket(ticket_id, now)
        counts["tickets"] += bool(noted)
        for kind, _target, _due_at in noted:
            counts[kind] += 1
    return counts
