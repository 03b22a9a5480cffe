from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet

from beacon.accounts.enums import STAFF_ROLES
from beacon.accounts.models import User
from beacon.trust.enums import ChannelKind
from beacon.trust.models import OfficialChannel, SecurityEvent
from beacon.trust.scanners.contacts import normalise_contact

OFFICIAL_DOMAINS_KEY = "trust:official-domains"


def official_domains() -> list[str]:
    """Registrable domains of the operator's official websites (cached; cleared when they change)."""
    domains: list[str] | None = cache.get(OFFICIAL_DOMAINS_KEY)
    if domains is None:
        registered = OfficialChannel.objects.filter(kind=ChannelKind.WEBSITE, is_active=True).values_list(
            "value", flat=True
        )
        domains = sorted(set(registered) | set(settings.BEACON_OFFICIAL_DOMAINS))
        cache.set(OFFICIAL_DOMAINS_KEY, domains, 300)
    return domains


def brand_names() -> list[str]:
    return list(settings.BEACON_BRANDS) or [d.split(".")[0] for d in official_domains()]


@dataclass(frozen=True)
class Verification:
    kind: str
    normalised: str
    channel: OfficialChannel | None

    @property
    def official(self) -> bool:
        return self.channel is not None


def verify_contact(kind: str, value: str) -> Verification:
    """Is this contact one of ours? Raises ValueError with a readable message for malformed input."""
    if kind not in ChannelKind.values:
        raise ValueError("unknown kind")
    normalised = normalise_contact(kind, value)
    # An e-mail address counts only if that exact address is registered, not its whole domain.
    channel = OfficialChannel.objects.filter(kind=kind, value=normalised, is_active=True).first()
    return Verification(kind=kind, normalised=normalised, channel=channel)


def ticket_verification_code(ticket_id: int) -> str:
    """A code a logged-in customer sees on their ticket and a genuine agent can read out to them."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"ticket-verification:{ticket_id}".encode(), hashlib.sha256)
    return base64.b32encode(digest.digest()).decode()[:6]


def staff_by_public_id(public_id: str) -> User | None:
    cleaned = public_id.strip().upper().replace(" ", "")
    if len(cleaned) == 8:
        cleaned = f"{cleaned[:4]}-{cleaned[4:]}"
    return User.objects.filter(public_id=cleaned, role__in=STAFF_ROLES, is_active=True).first()


def security_events(kind: str = "") -> QuerySet[SecurityEvent]:
    events = SecurityEvent.objects.select_related("ticket", "user").order_by("-created_at", "-id")
    return events.filter(kind=kind) if kind else events
