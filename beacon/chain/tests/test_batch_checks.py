"""With the production task backend (django_tasks_db + db_worker), new tickets' TXIDs are looked up
by one batch task: the check rows are committed with the ticket, and tickets opened while that task
waits add no task of their own."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django_tasks_db.models import DBTaskResult

from beacon.chain.models import TxCheck
from beacon.chain.tests.evm_chain import TesterChain
from beacon.chain.tests.factories import CUSTOMER_ADDRESS
from beacon.chain.tests.test_tickets import deposit_form, notes
from beacon.core.tests.tasks import run_database_tasks
from beacon.tickets.models import Category, Ticket

ETH = 10**18


def test_tickets_opened_together_are_looked_up_by_one_task(
    customer_client: Client,
    deposit: Category,
    eth: TesterChain,
    eth_address: str,
    database_tasks: None,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    txids = [eth.send_native(CUSTOMER_ADDRESS, ETH) for _ in range(3)]
    eth.mine(3)
    for txid in txids:
        with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
            customer_client.post("/tickets/new/deposit/", deposit_form(txid))

    # Committed with each ticket: a due check per TXID, and one waiting task for all of them.
    assert TxCheck.objects.filter(outcome="", checked_at__isnull=True).count() == 3
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "beacon.chain.tasks.refresh_due_chain_checks",
        "beacon.mail.tasks.send_queued_mails",
    ]

    run_database_tasks()

    for ticket in Ticket.objects.all():
        [note] = notes(ticket)
        assert "Outcome: Confirmed, not yet credited" in note
        check = TxCheck.objects.get(ticket=ticket)
        assert check.is_final and check.attempts == 1
    # Run again: nothing is looked up or noted twice.
    run_database_tasks()
    assert sum(len(notes(ticket)) for ticket in Ticket.objects.all()) == 3
