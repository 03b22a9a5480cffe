"""Background work: facts on tickets refreshed until final, freeze requests retried. Both idempotent."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db.models import Q
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)


@task()
def refresh_ticket_chain_facts(ticket_id: int) -> bool:
    """Look up the ticket's TXIDs, note what changed, and come back when the next check is due.

    Only a run that refreshed something schedules the next one, so duplicate runs die out instead of
    multiplying. On a backend without run_after, `manage.py refresh_chain_facts` (cron) takes over."""
    from beacon.chain.services import refresh_ticket_checks

    refreshed, next_due = refresh_ticket_checks(ticket_id)
    backend = refresh_ticket_chain_facts.get_backend()
    if refreshed and next_due is not None and backend.supports_defer:
        refresh_ticket_chain_facts.using(run_after=next_due).enqueue(ticket_id)
    return refreshed


@task()
def refresh_due_chain_checks() -> int:
    """Look up every due check of every ticket in one run (the network set-up read once), then come
    back when the next check is due. Queued for new tickets by refresh_soon()."""
    from beacon.chain.services import refresh_due_checks

    refreshed, next_due = refresh_due_checks()
    if next_due is not None:
        _enqueue_batch(run_after=next_due)
    return refreshed


def refresh_soon(ticket_id: int) -> None:
    """After a ticket with TXIDs is committed: have its checks looked up. With the database task
    backend, a batch task still waiting to be picked up will see the ticket's due checks, so no new
    task row is needed; other backends get one task per ticket."""
    backend = refresh_due_chain_checks.get_backend()
    if isinstance(backend, DatabaseBackend):
        _enqueue_batch()
    else:
        refresh_ticket_chain_facts.enqueue(ticket_id)


def _enqueue_batch(run_after: datetime | None = None) -> None:
    """Queue the batch task unless one is already waiting that runs no later than `run_after`."""
    backend = refresh_due_chain_checks.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return  # follow-ups: `manage.py refresh_chain_facts` (cron) on backends without run_after
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=refresh_due_chain_checks.module_path, backend_name=backend.alias
    )
    no_later_than = run_after or timezone.now()
    if waiting.filter(Q(run_after=get_date_max()) | Q(run_after__lte=no_later_than)).exists():
        return
    if run_after is None:
        refresh_due_chain_checks.enqueue()
    else:
        refresh_due_chain_checks.using(run_after=run_after).enqueue()


@task()
def retry_freeze(freeze_id: int) -> str:
    from beacon.chain.freeze import deliver_freeze

    freeze = deliver_freeze(freeze_id)
    return freeze.status if freeze is not None else "missing"
