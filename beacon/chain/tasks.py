"""Background work: facts on tickets refreshed until final, freeze requests retried. Both idempotent."""

from __future__ import annotations

import logging

from django.tasks import task

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
def retry_freeze(freeze_id: int) -> str:
    from beacon.chain.freeze import deliver_freeze

    freeze = deliver_freeze(freeze_id)
    return freeze.status if freeze is not None else "missing"
