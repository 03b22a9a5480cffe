"""Escalation between support tiers, and the notices supervisors get (writes).

Escalating hands a ticket to another team (general support → Funds or Security): the ticket moves
to that team's queue, is routed to one of its agents, and is on hold until that team returns it
(back to the team and agent it came from) or solves it. Supervisors are told about every
escalation and every SLA warning or breach: a SupervisorAlert row (their notice list) and a
websocket event to the supervisors' group, both after commit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.accounts.models import Team, User
from beacon.core.audit import record_event
from beacon.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from beacon.core.events import publish
from beacon.tickets.enums import ACTIVE_STATUSES, Status
from beacon.tickets.escalation.models import AlertKind, Escalation, SupervisorAlert
from beacon.tickets.escalation.selectors import escalation_target, open_escalation
from beacon.tickets.models import Ticket
from beacon.tickets.services import _set_status, notify_ticket_changed, post_system_note

SUPERVISOR_GROUP = "supervisors"
MAX_REASON = 1000


def notify_supervisors(
    kind: str, key: str, *, ticket: Ticket | None = None, team: Team | None = None, data: dict[str, Any] | None = None
) -> SupervisorAlert | None:
    """Create the alert `key` once (a second call with the same key does nothing and returns None)
    and publish it to the supervisors' websocket group after commit. Caller holds the transaction."""
    try:
        with transaction.atomic():
            alert = SupervisorAlert.objects.create(kind=kind, key=key[:160], ticket=ticket, team=team, data=data or {})
    except IntegrityError:
        return None
    payload: dict[str, Any] = {"alert": alert.pk, "kind": kind, **(data or {})}
    if ticket is not None:
        payload.update(ticket=ticket.pk, reference=ticket.reference)
    publish(SUPERVISOR_GROUP, "supervisor.alert", payload)
    return alert


@transaction.atomic
def acknowledge_alert(actor: User, alert: SupervisorAlert) -> SupervisorAlert:
    if not actor.is_supervisor:
        raise PermissionDenied(_("Only supervisors can acknowledge alerts."))
    if alert.acknowledged_at is None:
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = actor
        alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
        record_event(actor, "alert.acknowledged", alert, {"kind": alert.kind})
    return alert


def clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationFailed({"reason": [_("Say why the ticket needs another team.")]})
    if len(reason) > MAX_REASON:
        raise ValidationFailed({"reason": [_("Keep the reason under %(n)d characters.") % {"n": MAX_REASON}]})
    return reason


def escalate_ticket(actor: User, ticket: Ticket, to_team: Team | None, reason: str) -> Escalation:
    """An agent hands the ticket to another team with a reason (default team: the next tier)."""
    if not actor.is_staff_member:
        raise PermissionDenied(_("Only support staff can do this."))
    reason = clean_reason(reason)
    with transaction.atomic():
        ticket = _locked(ticket.pk)
        target = to_team or escalation_target(ticket)
        if target is None:
            raise ValidationFailed({"team": [_("Choose the team to escalate to.")]})
        return _escalate(actor, ticket, target, reason, automatic=False)


def auto_escalate(ticket: Ticket, reason: str) -> Escalation | None:
    """Escalate to the next tier because the SLA is at risk (caller holds the transaction and the
    ticket's row lock). Does nothing when already escalated or when there is no higher tier."""
    if open_escalation(ticket) is not None or ticket.status not in ACTIVE_STATUSES:
        return None
    target = escalation_target(ticket)
    if target is None:
        return None
    return _escalate(None, ticket, target, reason, automatic=True)


def _locked(ticket_id: int) -> Ticket:
    return (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("team", "assignee", "category", "requester")
        .get(pk=ticket_id)
    )


def _escalate(actor: User | None, ticket: Ticket, target: Team, reason: str, *, automatic: bool) -> Escalation:
    if target.pk == ticket.team_id:
        raise ValidationFailed({"team": [_("The ticket is already with %(team)s.") % {"team": target.name}]})
    if ticket.status not in ACTIVE_STATUSES:
        raise InvalidTransition(_("Only an active ticket can be escalated."))
    if open_escalation(ticket) is not None:
        raise InvalidTransition(_("This ticket is already escalated; return it first."))
    from_team = ticket.team
    escalation = Escalation.objects.create(
        ticket=ticket,
        from_team=from_team,
        from_assignee=ticket.assignee,
        to_team=target,
        reason=reason,
        automatic=automatic,
        created_by=actor,
    )
    ticket.team = target
    ticket.assignee = None
    ticket.escalation_level += 1
    ticket.save(update_fields=["team", "assignee", "escalation_level", "updated_at"])
    if ticket.status in {Status.NEW, Status.OPEN}:
        _set_status(cast(User, actor), ticket, Status.ON_HOLD, reason="escalated")
    data = {
        "from": from_team.slug if from_team else None,
        "to": target.slug,
        "reason": reason,
        "automatic": automatic,
    }
    record_event(actor, "ticket.escalated", ticket, data)
    who = actor.label if actor else _("Beacon (SLA at risk)")
    post_system_note(
        ticket,
        _("Escalated to %(team)s by %(who)s: %(reason)s") % {"team": target.name, "who": who, "reason": reason},
        {"escalation": escalation.pk},
    )
    notify_supervisors(
        AlertKind.ESCALATED,
        f"escalation:{escalation.pk}",
        ticket=ticket,
        team=target,
        data={"to": target.name, "reason": reason, "automatic": automatic, "by": who},
    )
    notify_ticket_changed(ticket, "ticket.escalated", {"team": target.slug})
    from beacon.tickets.assignment.services import route_on_commit  # assignment reads escalation

    route_on_commit(ticket)
    return escalation


@transaction.atomic
def return_escalation(actor: User, ticket: Ticket, note: str = "") -> Escalation:
    """The specialist team hands the ticket back to the team (and agent) it came from, reopened."""
    if not actor.is_staff_member:
        raise PermissionDenied(_("Only support staff can do this."))
    ticket = _locked(ticket.pk)
    escalation = open_escalation(ticket)
    if escalation is None:
        raise InvalidTransition(_("This ticket is not escalated."))
    note = " ".join((note or "").split())[:MAX_REASON]
    back_to = escalation.from_assignee
    if back_to is not None and not _may_take(back_to, escalation.from_team):
        back_to = None
    ticket.team = escalation.from_team
    ticket.assignee = back_to
    ticket.save(update_fields=["team", "assignee", "updated_at"])
    if ticket.status == Status.ON_HOLD:
        _set_status(actor, ticket, Status.OPEN, reason="escalation_returned")
    _resolve(escalation, actor, "returned")
    record_event(
        actor,
        "ticket.escalation_returned",
        ticket,
        {"to": escalation.from_team.slug if escalation.from_team else None, "note": note},
    )
    team_name = escalation.from_team.name if escalation.from_team else _("no team")
    text = _("Returned to %(team)s by %(who)s.") % {"team": team_name, "who": actor.label}
    post_system_note(ticket, f"{text} {note}".strip(), {"escalation": escalation.pk})
    notify_ticket_changed(ticket, "ticket.updated", {"changes": ["team", "assignee"]})
    if back_to is None:
        from beacon.tickets.assignment.services import route_on_commit

        route_on_commit(ticket)
    return escalation


def _may_take(agent: User, team: Team | None) -> bool:
    if not agent.is_active or not agent.is_staff_member:
        return False
    return team is None or not agent.teams.exists() or agent.teams.filter(pk=team.pk).exists()


def _resolve(escalation: Escalation, actor: User | None, resolution: str) -> None:
    escalation.resolved_at = timezone.now()
    escalation.resolved_by = actor
    escalation.resolution = resolution
    escalation.save(update_fields=["resolved_at", "resolved_by", "resolution"])


def ticket_finished(ticket: Ticket, actor: User | None) -> None:
    """The ticket was solved or closed: an open escalation ends with it (caller's transaction)."""
    escalation = open_escalation(ticket)
    if escalation is not None:
        _resolve(escalation, actor if actor is not None and actor.pk else None, "solved")


def sla_alert(ticket: Ticket, noted: list[tuple[str, str, datetime]]) -> None:
    """Warnings and breaches the periodic SLA check just noted: tell supervisors, and escalate to
    the next tier when there is one (caller holds the transaction and the ticket's lock)."""
    from beacon.tickets.sla.clock import target_label

    for kind, target, due in noted:
        notify_supervisors(
            AlertKind.SLA_BREACHED if kind == "breached" else AlertKind.SLA_AT_RISK,
            f"sla:{ticket.pk}:{target}:{kind}:{due.isoformat()}",
            ticket=ticket,
            team=ticket.team,
            data={"target": target, "label": target_label(target), "due": due.isoformat(), "state": kind},
        )
    kind, target, due = noted[0]
    reason = _("SLA %(state)s: %(target)s due %(due)s.") % {
        "state": _("breached") if kind == "breached" else _("at risk"),
        "target": target_label(target).lower(),
        "due": timezone.localtime(due).strftime("%Y-%m-%d %H:%M %Z"),
    }
    auto_escalate(ticket, reason)
