"""SLA configuration (writes): business calendars and SLA policies, edited by supervisors.

The ticket clock itself is in beacon.tickets.sla.clock."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.core.audit import record_event
from beacon.core.errors import DomainError, PermissionDenied, ValidationFailed
from beacon.tickets.enums import Priority
from beacon.tickets.models import Category
from beacon.tickets.sla.calendar import CalendarError, build_calendar, parse_holidays, parse_shifts
from beacon.tickets.sla.models import BusinessCalendar, SlaPolicy

MAX_TARGET_MINUTES = 60 * 24 * 90


def _require_supervisor(actor: User) -> None:
    if not actor.is_supervisor:
        raise PermissionDenied(_("Only supervisors can change SLA settings."))


@dataclass
class CalendarInput:
    name: str
    time_zone: str
    always_open: bool = False
    shifts_text: str = ""
    holidays_text: str = ""


def check_calendar(
    data: CalendarInput, *, calendar_id: int | None = None
) -> tuple[dict[str, list[list[str]]], list[dict[str, str]]]:
    """Parse and validate; raise ValidationFailed naming each bad line, overlap or time zone."""
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors["name"] = [_("Give the calendar a name.")]
    elif BusinessCalendar.objects.filter(name__iexact=data.name.strip()).exclude(pk=calendar_id or 0).exists():
        errors["name"] = [_("Another calendar already has this name.")]
    shifts: dict[str, list[list[str]]] = {}
    holidays: list[dict[str, str]] = []
    if not data.always_open:
        try:
            shifts = parse_shifts(data.shifts_text)
        except CalendarError as exc:
            errors["shifts_text"] = exc.errors
    try:
        holidays = parse_holidays(data.holidays_text)
    except CalendarError as exc:
        errors["holidays_text"] = exc.errors
    if not errors:
        try:
            build_calendar(data.time_zone, shifts, holidays, always_open=data.always_open)
        except CalendarError as exc:
            key = "time_zone" if "time zone" in " ".join(exc.errors).lower() else "shifts_text"
            errors[key] = exc.errors
    if errors:
        raise ValidationFailed(errors)
    return shifts, holidays


@transaction.atomic
def save_calendar(actor: User, data: CalendarInput, calendar: BusinessCalendar | None = None) -> BusinessCalendar:
    _require_supervisor(actor)
    shifts, holidays = check_calendar(data, calendar_id=calendar.pk if calendar else None)
    created = calendar is None
    calendar = calendar or BusinessCalendar()
    old = {"time_zone": calendar.time_zone, "shifts": calendar.shifts, "holidays": calendar.holidays}
    calendar.name = data.name.strip()
    calendar.time_zone = data.time_zone
    calendar.always_open = data.always_open
    calendar.shifts = shifts
    calendar.holidays = holidays
    calendar.save()
    new = {"time_zone": calendar.time_zone, "shifts": calendar.shifts, "holidays": calendar.holidays}
    record_event(actor, "calendar.created" if created else "calendar.updated", calendar, {"old": old, "new": new})
    return calendar


@transaction.atomic
def delete_calendar(actor: User, calendar: BusinessCalendar) -> None:
    _require_supervisor(actor)
    if calendar.policies.exists():
        raise DomainError(_("SLA policies use this calendar; change them first."))
    record_event(actor, "calendar.deleted", calendar, {"name": calendar.name})
    calendar.delete()


@dataclass
class PolicyInput:
    name: str
    priority: int
    first_response_minutes: int | None
    next_response_minutes: int | None = None
    resolution_minutes: int | None = None
    category: Category | None = None
    min_vip_level: int | None = None
    calendar: BusinessCalendar | None = None
    at_risk_percent: int = 25
    is_active: bool = True


def check_policy(data: PolicyInput, *, policy_id: int | None = None) -> None:
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors["name"] = [_("Give the policy a name.")]
    if data.priority not in Priority.values:
        errors["priority"] = [_("Priority must be P1, P2, P3 or P4.")]
    for field, value in (
        ("first_response_minutes", data.first_response_minutes),
        ("next_response_minutes", data.next_response_minutes),
        ("resolution_minutes", data.resolution_minutes),
    ):
        if field == "first_response_minutes" and not value:
            errors[field] = [_("Every policy needs a first-response target.")]
        elif value is not None and not 1 <= value <= MAX_TARGET_MINUTES:
            errors[field] = [_("Use between 1 minute and 90 days.")]
    if (
        data.resolution_minutes
        and data.first_response_minutes
        and data.resolution_minutes < data.first_response_minutes
    ):
        errors.setdefault("resolution_minutes", []).append(
            _("The resolution target cannot be shorter than the first-response target.")
        )
    if not 1 <= data.at_risk_percent <= 90:
        errors["at_risk_percent"] = [_("Use a share between 1 and 90 %.")]
    if data.priority == Priority.P1 and data.calendar is not None and not data.calendar.always_open:
        errors["calendar"] = [_("P1 targets always run around the clock: choose a 24/7 calendar or none.")]
    if data.is_active and not errors:
        clash = (
            SlaPolicy.objects.filter(
                is_active=True, priority=data.priority, category=data.category, min_vip_level=data.min_vip_level or None
            )
            .exclude(pk=policy_id or 0)
            .first()
        )
        if clash is not None:
            errors["__all__"] = [
                _("Policy “%(name)s” already covers exactly these tickets; two policies for the same tickets conflict.")
                % {"name": clash.name}
            ]
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def save_policy(actor: User, data: PolicyInput, policy: SlaPolicy | None = None) -> SlaPolicy:
    """Create or change a policy. Tickets already open keep their deadlines; new tickets (and
    tickets whose priority changes) use the new targets."""
    _require_supervisor(actor)
    check_policy(data, policy_id=policy.pk if policy else None)
    created = policy is None
    policy = policy or SlaPolicy()
    for name in (
        "priority",
        "first_response_minutes",
        "next_response_minutes",
        "resolution_minutes",
        "category",
        "calendar",
        "at_risk_percent",
        "is_active",
    ):
        setattr(policy, name, getattr(data, name))
    policy.name = data.name.strip()
    policy.min_vip_level = data.min_vip_level or None
    policy.save()
    record_event(
        actor,
        "sla_policy.created" if created else "sla_policy.updated",
        policy,
        {
            "priority": policy.priority,
            "first_response": policy.first_response_minutes,
            "next_response": policy.next_response_minutes,
            "resolution": policy.resolution_minutes,
            "calendar": policy.calendar.name if policy.calendar else None,
        },
    )
    return policy


@transaction.atomic
def delete_policy(actor: User, policy: SlaPolicy) -> None:
    _require_supervisor(actor)
    record_event(actor, "sla_policy.deleted", policy, {"name": policy.name})
    policy.delete()
