"""Refresh due on-chain checks and retry undelivered freezes (cron, for task backends without run_after)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from beacon.chain.freeze import deliver_freeze
from beacon.chain.models import FreezeRequest, FreezeStatus
from beacon.chain.selectors import pending_ticket_ids
from beacon.chain.services import refresh_ticket_checks


class Command(BaseCommand):
    help = "Look up every due TXID on open tickets and retry freeze requests the exchange has not answered."

    def handle(self, *args: Any, **options: Any) -> None:
        tickets = pending_ticket_ids()
        for ticket_id in tickets:
            refresh_ticket_checks(ticket_id)
        freezes = list(
            FreezeRequest.objects.filter(status__in=[FreezeStatus.REQUESTED, FreezeStatus.RETRYING]).values_list(
                "pk", flat=True
            )
        )
        for freeze_id in freezes:
            deliver_freeze(freeze_id)
        self.stdout.write(f"refreshed {len(tickets)} ticket(s), retried {len(freezes)} freeze request(s)")
