"""Ticket statuses, priorities and message kinds, with the allowed status transitions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    PENDING = "pending", _("Pending")
    ON_HOLD = "on_hold", _("On hold")
    SOLVED = "solved", _("Solved")
    CLOSED = "closed", _("Closed")


# Pending = waiting on the customer; on hold = waiting on another team or a third party.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.NEW: frozenset({Status.OPEN, Status.PENDING, Status.ON_HOLD, Status.SOLVED, Status.CLOSED}),
    Status.OPEN: frozenset({Status.PENDING, Status.ON_HOLD, Status.SOLVED, Status.CLOSED}),
    Status.PENDING: frozenset({Status.OPEN, Status.ON_HOLD, Status.SOLVED, Status.CLOSED}),
    Status.ON_HOLD: frozenset({Status.OPEN, Status.PENDING, Status.SOLVED, Status.CLOSED}),
    Status.SOLVED: frozenset({Status.OPEN, Status.CLOSED}),
    Status.CLOSED: frozenset({Status.OPEN}),
}
# What a customer may do to their own ticket: close it, or reopen it.
CUSTOMER_TRANSITIONS: frozenset[Status] = frozenset({Status.CLOSED, Status.OPEN})
ACTIVE_STATUSES: frozenset[Status] = frozenset({Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD})


def can_transition(old: Status | str, new: Status | str) -> bool:
    return Status(new) in TRANSITIONS[Status(old)]


class Priority(models.IntegerChoices):
    P1 = 1, _("P1 · Urgent")
    P2 = 2, _("P2 · High")
    P3 = 3, _("P3 · Normal")
    P4 = 4, _("P4 · Low")


class MessageKind(models.TextChoices):
    PUBLIC = "public", _("Public reply")
    INTERNAL = "internal", _("Internal note")
    SYSTEM = "system", _("System")
    BOT = "bot", _("Assistant answer")


class SlaStatus(models.TextChoices):
    OK = "", _("On track")
    AT_RISK = "at_risk", _("At risk")
    BREACHED = "breached", _("Breached")
