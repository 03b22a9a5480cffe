"""The audit trail: services call record_event() inside their transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models

from beacon.core.models import AuditEvent

_together: ContextVar[list[AuditEvent] | None] = ContextVar("beacon_audit_together", default=None)


def record_event(
    actor: Any,
    verb: str,
    target: models.Model,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an audit event. Call it inside the service's atomic block so both commit together."""
    event = AuditEvent(
        actor=actor if actor is not None and actor.pk else None,
        verb=verb,
        target_type=target._meta.model_name or "",
        target_id=target.pk,
        data=data or {},
    )
    pending = _together.get()
    if pending is None:
        event.save(force_insert=True)
    else:
        pending.append(event)
    return event


@contextmanager
def recorded_together() -> Iterator[None]:
    """The events recorded inside the block are written by one INSERT when it ends without an
    error (a new ticket records three: created, first message, triaged). Use it inside the
    transaction, around code that does not read its own events back."""
    pending: list[AuditEvent] = []
    token = _together.set(pending)
    try:
        yield
    finally:
        _together.reset(token)
    if pending:
        AuditEvent.objects.bulk_create(pending)


def events_for(target: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(target_type=target._meta.model_name, target_id=target.pk).select_related("actor")
