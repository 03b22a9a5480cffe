"""Factories for triage, SLA, assignment and escalation tests."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from beacon.accounts.enums import Role
from beacon.accounts.models import Team, User
from beacon.accounts.tests.factories import staff
from beacon.tickets.assignment.models import AgentPresence, Presence
from beacon.tickets.enums import Priority
from beacon.tickets.escalation.models import TeamTier
from beacon.tickets.macros.models import Macro
from beacon.tickets.sla.calendar import parse_holidays, parse_shifts
from beacon.tickets.sla.models import BusinessCalendar, SlaPolicy

OFFICE_HOURS = "mon-fri 09:00-12:00 13:00-18:00"


class CalendarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessCalendar
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Calendar {n}")
    time_zone = "Asia/Shanghai"
    shifts = factory.LazyFunction(lambda: parse_shifts(OFFICE_HOURS))
    holidays = factory.LazyFunction(lambda: parse_holidays("2026-10-01..2026-10-07 National Day"))


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SlaPolicy

    name = factory.Sequence(lambda n: f"Policy {n}")
    priority = Priority.P3
    first_response_minutes = 60
    next_response_minutes = 120
    resolution_minutes = 8 * 60
    calendar = None


class MacroFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Macro

    name = factory.Sequence(lambda n: f"Macro {n}")
    body_en = "Hello {customer_name}, we are looking into {reference}."
    body_zh = "{customer_name}您好，我们正在处理 {reference}。"


def online_agent(team: Team, *, capacity: int = 3, totp: bool = False, **kwargs: Any) -> User:
    """A staff member of `team`, online with a fresh heartbeat (with TOTP when they must sign in)."""
    kwargs.setdefault("role", Role.AGENT)
    agent = staff(teams=[team], totp=totp, **kwargs)
    AgentPresence.objects.create(
        user=agent, status=Presence.ONLINE, capacity=capacity, last_seen_at=timezone.now(), changed_at=timezone.now()
    )
    return agent


def tier(team: Team, level: int, escalates_to: Team | None = None) -> TeamTier:
    return TeamTier.objects.update_or_create(team=team, defaults={"level": level, "escalates_to": escalates_to})[0]
