"""The audit trail: services call record_event() inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from beacon.core.models import AuditEvent


def record_event(
    actor: Any,
    verb: str,
    target: models.Model,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an audit event. Call it inside the service's atomic block so both commit together."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        verb=verb,
        target_type=target._meta.model_name or "",
        target_id=target.pk,
        data=data or {},
    )


def events_for(target: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(target_type=target._meta.model_name, target_id=target.pk).select_related("actor")
