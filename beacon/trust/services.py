from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beacon.accounts.models import User
from beacon.accounts.services import get_or_create_customer
from beacon.core.audit import record_event
from beacon.core.errors import DomainError, ValidationFailed
from beacon.core.events import publish
from beacon.core.inbound import FLAG_SECURITY_REPORT, Channel, InboundMessage, process_inbound
from beacon.tickets.models import Ticket
from beacon.trust.enums import ChannelKind, EventKind
from beacon.trust.models import OfficialChannel, SecurityEvent
from beacon.trust.scanners.agent_guard import GuardReason, check_agent_reply
from beacon.trust.scanners.contacts import normalise_contact
from beacon.trust.selectors import OFFICIAL_DOMAINS_KEY

SECURITY_GROUP = "security"


class AgentReplyBlocked(DomainError):
    code = "reply_blocked"
    status = 422


def record_security_event(
    kind: str,
    *,
    severity: str,
    ticket: Ticket | None = None,
    user: User | None = None,
    channel: str = "",
    detail: dict[str, Any] | None = None,
) -> SecurityEvent:
    """Log a detection for the security team (caller's transaction) and alert them after commit."""
    event = SecurityEvent.objects.create(
        kind=kind, severity=str(severity), ticket=ticket, user=user, channel=channel, detail=detail or {}
    )
    publish(
        SECURITY_GROUP, "security.event", {"event": event.pk, "kind": kind, "ticket": ticket.pk if ticket else None}
    )
    return event


GUARD_EXPLANATIONS = {
    GuardReason.ASKS_FOR_PASSWORD: gettext_lazy("asks the customer for a password"),
    GuardReason.ASKS_FOR_OTP: gettext_lazy("asks the customer for a 2FA or verification code"),
    GuardReason.ASKS_FOR_SEED_PHRASE: gettext_lazy("asks the customer for their seed phrase"),
    GuardReason.ASKS_FOR_PRIVATE_KEY: gettext_lazy("asks the customer for a private key"),
    GuardReason.ASKS_FOR_REMOTE_ACCESS: gettext_lazy("asks the customer to install remote-access software"),
}


def guard_agent_reply(actor: User, ticket: Ticket, body: str) -> None:
    """Refuse an outgoing reply that asks for something support must never ask for.

    The refusal is logged for supervisors (in its own transaction: the reply itself is not sent).
    """
    findings = check_agent_reply(body)
    if not findings:
        return
    reasons = sorted({f.reason for f in findings})
    with transaction.atomic():
        record_security_event(
            EventKind.AGENT_REPLY_BLOCKED,
            severity="high",
            ticket=ticket,
            user=actor,
            channel=Channel.AGENT,
            detail={"reasons": [str(r) for r in reasons]},
        )
    explanation = "; ".join(str(GUARD_EXPLANATIONS[r]) for r in reasons)
    raise AgentReplyBlocked(
        _(
            "Not sent: this reply %(why)s. Support never asks for passwords, 2FA codes, seed phrases, private keys "
            "or remote access — scammers do, and customers are taught to stop talking to anyone who asks. Rephrase "
            "it, e.g. ask them to reset the password themselves."
        )
        % {"why": explanation}
    )


@transaction.atomic
def register_official_channel(actor: User | None, kind: str, value: str, note: str = "") -> OfficialChannel:
    """Add a contact point to the public registry (normalised, so look-ups match every spelling)."""
    try:
        normalised = normalise_contact(kind, value)
    except ValueError as exc:
        raise ValidationFailed({"value": [str(exc)]}) from exc
    channel, created = OfficialChannel.objects.get_or_create(
        kind=kind, value=normalised, defaults={"display": value.strip(), "note": note}
    )
    if created:
        record_event(actor, "official_channel.added", channel, {"kind": kind, "value": normalised})
    if kind == ChannelKind.WEBSITE:
        transaction.on_commit(lambda: cache.delete(OFFICIAL_DOMAINS_KEY))
    return channel


@transaction.atomic
def report_impersonation(
    *, reporter: User | None, email: str, kind: str, value: str, description: str, language: str = "en"
) -> Ticket:
    """Someone met a fake "support" contact: open a security ticket with what they saw."""
    if reporter is None:
        if not email:
            raise ValidationFailed({"email": [_("Give an e-mail address so we can reply.")]})
        reporter, _created = get_or_create_customer(email, language=language)
    kind_label = ChannelKind(kind).label if kind in ChannelKind.values else kind
    ctx = process_inbound(
        InboundMessage(
            channel=Channel.WEB,
            author=reporter,
            subject=_("Impersonation report: %(kind)s %(value)s") % {"kind": kind_label, "value": value[:80]},
            body=description or _("(no description)"),
            category="general",
            flags=frozenset({FLAG_SECURITY_REPORT}),
        )
    )
    record_security_event(
        EventKind.IMPERSONATION_REPORT,
        severity="high",
        ticket=ctx.ticket,
        user=reporter,
        channel=Channel.WEB,
        detail={"kind": kind, "value": value[:200]},
    )
    return ctx.ticket
