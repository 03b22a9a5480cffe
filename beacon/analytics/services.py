"""Writes of the analytics app that are not rollups: the digest subscription."""

from __future__ import annotations

from django.db import transaction

from beacon.accounts.models import User
from beacon.analytics.models import DigestOptOut
from beacon.core.audit import record_event


def digest_subscribed(user: User) -> bool:
    return user.is_supervisor and not DigestOptOut.objects.filter(user=user).exists()


@transaction.atomic
def set_digest_subscription(actor: User, *, subscribed: bool) -> None:
    """Turn the daily digest e-mail on or off for the actor (supervisors and admins only)."""
    if subscribed:
        changed = DigestOptOut.objects.filter(user=actor).delete()[0] > 0
    else:
        changed = DigestOptOut.objects.get_or_create(user=actor)[1]
    if changed:
        record_event(actor, "analytics.digest_subscribed" if subscribed else "analytics.digest_unsubscribed", actor)
