"""Chat session states (with the allowed transitions), entry kinds, identity sources, queue ranks.

An agent's presence (online, away, offline) is the workspace's: beacon.tickets.assignment.models.Presence.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionStatus(models.TextChoices):
    BOT = "bot", _("With the assistant")
    QUEUED = "queued", _("Waiting for an agent")
    ACTIVE = "active", _("With an agent")
    ENDED = "ended", _("Ended")


# A team transfer puts an active chat back in the queue (keeping its place in line).
TRANSITIONS: dict[SessionStatus, frozenset[SessionStatus]] = {
    SessionStatus.BOT: frozenset({SessionStatus.QUEUED, SessionStatus.ENDED}),
    SessionStatus.QUEUED: frozenset({SessionStatus.ACTIVE, SessionStatus.ENDED}),
    SessionStatus.ACTIVE: frozenset({SessionStatus.QUEUED, SessionStatus.ENDED}),
    SessionStatus.ENDED: frozenset(),
}
OPEN_STATUSES: frozenset[SessionStatus] = frozenset({SessionStatus.BOT, SessionStatus.QUEUED, SessionStatus.ACTIVE})


def can_transition(old: SessionStatus | str, new: SessionStatus | str) -> bool:
    return SessionStatus(new) in TRANSITIONS[SessionStatus(old)]


class EndReason(models.TextChoices):
    CUSTOMER = "customer", _("Ended by the customer")
    AGENT = "agent", _("Ended by the agent")
    TICKET = "ticket", _("Continued as a ticket")
    BOT = "bot", _("Solved by the assistant")


class EntryKind(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    AGENT = "agent", _("Agent")
    NOTE = "note", _("Internal note")
    BOT = "bot", _("Assistant")
    SYSTEM = "system", _("System")


# What the customer's side of the conversation shows (never internal notes).
CUSTOMER_VISIBLE: frozenset[EntryKind] = frozenset(
    {EntryKind.CUSTOMER, EntryKind.AGENT, EntryKind.BOT, EntryKind.SYSTEM}
)


class IdentitySource(models.TextChoices):
    ANONYMOUS = "anonymous", _("Anonymous visitor")
    PORTAL = "portal", _("Signed in to the portal")
    SIGNED = "signed", _("Signed by the exchange")
    EMAIL = "email", _("E-mail confirmed with a code")


class QueueRank(models.IntegerChoices):
    """Order of the queue: security first, then VIP customers, then everyone; ties by waiting time."""

    SECURITY = 0, _("Security")
    VIP = 1, _("VIP")
    STANDARD = 2, _("Standard")


class TranscriptMailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    RETRYING = "retrying", _("Failed, retrying")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
