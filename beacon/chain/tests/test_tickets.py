"""On tickets: facts looked up after commit and noted for agents, refreshed until final, badges in the
queue and on the ticket; the checker's unresolved outcome opens a pre-filled ticket."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from beacon.accounts.models import User
from beacon.chain.models import ChainNetwork, TxCheck
from beacon.chain.tasks import refresh_ticket_chain_facts
from beacon.chain.tests.evm_chain import TesterChain
from beacon.chain.tests.factories import CUSTOMER_ADDRESS, WithdrawalFactory, withdrawal_category
from beacon.tickets.enums import MessageKind
from beacon.tickets.models import Category, Message, Ticket
from beacon.tickets.tests.factories import TicketFactory

ETH = 10**18


def deposit_form(txid: str, **extra: str) -> dict[str, str]:
    return {
        "subject": "ETH not credited",
        "body": "Sent 1 ETH an hour ago.",
        "f_asset": "ETH",
        "f_network": "ETH",
        "f_txid": txid,
        "f_amount": "1",
        **extra,
    }


def notes(ticket: Ticket) -> list[str]:
    return list(ticket.messages.filter(kind=MessageKind.INTERNAL, author=None).values_list("body", flat=True))


def test_ticket_with_txid_gets_the_facts_as_an_internal_note(
    customer_client: Client,
    agent_client: Client,
    deposit: Category,
    eth: TesterChain,
    eth_address: str,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    txid = eth.send_native(CUSTOMER_ADDRESS, ETH)
    eth.mine(2)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        customer_client.post("/tickets/new/deposit/", deposit_form(txid))

    ticket = Ticket.objects.get()
    [note] = notes(ticket)
    assert "Outcome: Confirmed, not yet credited" in note
    assert "Status: success · block 2 · 3/3 confirmations" in note
    assert f"• 1 ETH: {eth.accounts[0].lower()} → {CUSTOMER_ADDRESS}  ✓ customer's deposit address" in note
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "⛓ Confirmed, not yet credited" in page
    assert "On-chain facts" in page
    customer_page = customer_client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert "Outcome:" not in customer_page  # an internal note: never shown to the customer


def test_pending_then_confirmed_is_noted_once_each_and_stops_when_final(
    customer_client: Client,
    agent_client: Client,
    deposit: Category,
    eth: TesterChain,
    eth_address: str,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    eth.hold_blocks()
    txid = eth.send_native(CUSTOMER_ADDRESS, ETH)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        customer_client.post("/tickets/new/deposit/", deposit_form(txid))
    ticket = Ticket.objects.get()
    pending = TxCheck.objects.get(ticket=ticket)

    eth.mine(3)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        agent_client.post(f"/chain/agent/tickets/{ticket.pk}/recheck/")
    refresh_ticket_chain_facts.enqueue(ticket.pk)  # a duplicate run changes nothing
    refresh_ticket_chain_facts.enqueue(ticket.pk)

    assert (pending.outcome, pending.is_final) == ("pending", False)
    first, second = notes(ticket)
    assert "Outcome: Not in a block yet" in first
    assert "Outcome: Confirmed, not yet credited" in second
    assert TxCheck.objects.get(ticket=ticket).is_final


def test_node_down_never_blocks_the_ticket(
    customer_client: Client,
    deposit: Category,
    eth: TesterChain,
    eth_address: str,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    eth.stop()

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = customer_client.post("/tickets/new/deposit/", deposit_form("0x" + "ab" * 32))

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    [note] = notes(ticket)
    assert "We could not reach the Ethereum (ERC20) network; we will retry and update your ticket." in note
    assert TxCheck.objects.get(ticket=ticket).next_check_at is not None


def test_withdrawal_ticket_is_checked_as_a_withdrawal(
    customer_client: Client,
    customer: User,
    eth: TesterChain,
    networks: dict[str, ChainNetwork],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    withdrawal_category()
    txid = eth.send_native("0x" + "0e" * 20, ETH)
    eth.mine(2)
    WithdrawalFactory(customer=customer, txid=txid, reference="W42")
    form = {"subject": "Not received", "body": "The other side has nothing.", "f_withdrawal_id": "W42"}

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        customer_client.post("/tickets/new/withdrawal/", {**form, "f_asset": "ETH", "f_network": "ETH", "f_txid": txid})

    [note] = notes(Ticket.objects.get())
    assert "Outcome: Withdrawal completed on chain" in note


def test_unresolved_check_opens_a_prefilled_ticket_with_the_facts(
    customer_client: Client,
    agent_client: Client,
    deposit: Category,
    eth: TesterChain,
    eth_address: str,
    check_tx: Callable[..., TxCheck],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    txid = eth.send_native(CUSTOMER_ADDRESS, 2 * ETH)
    eth.mine(2)
    check = check_tx(txid)

    form_page = customer_client.get(f"/chain/checks/{check.pk}/request/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = customer_client.post(
            f"/chain/checks/{check.pk}/request/",
            {**deposit_form(txid, f_amount="2"), "body": "Still not in my balance."},
        )
    again = customer_client.get(f"/chain/checks/{check.pk}/request/")

    ticket = Ticket.objects.get()
    assert f'value="{txid}"' in form_page
    assert 'value="2"' in form_page  # the amount found on chain
    assert response["Location"] == f"/tickets/{ticket.pk}/"
    assert (ticket.category.slug, ticket.fields["txid"], ticket.fields["amount"]) == ("deposit", txid, "2")
    [note] = notes(ticket)  # the after-commit task reuses the checker's final facts: no second note
    assert "Outcome: Confirmed, not yet credited" in note
    assert again["Location"] == f"/tickets/{ticket.pk}/"
    assert "⛓ Confirmed, not yet credited" in agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()


def test_explained_outcome_offers_no_ticket(
    customer_client: Client, deposit: Category, eth: TesterChain, eth_address: str, check_tx: Callable[..., TxCheck]
) -> None:
    check = check_tx(eth.send_native(CUSTOMER_ADDRESS, ETH))  # still confirming

    response = customer_client.post(f"/chain/checks/{check.pk}/request/", deposit_form(check.txid))

    assert response["Location"] == f"/chain/checks/{check.pk}/"
    assert not Ticket.objects.exists()


def test_another_customers_check_is_not_found(
    login: Callable[[User], Client],
    other_customer: User,
    eth: TesterChain,
    eth_address: str,
    check_tx: Callable[..., TxCheck],
) -> None:
    check = check_tx(eth.send_native(CUSTOMER_ADDRESS, ETH))

    response = login(other_customer).get(f"/chain/checks/{check.pk}/")

    assert response.status_code == 404


def _queue_with_badges(agent_client: Client, customer: User, count: int) -> tuple[str, int]:
    for n in range(count):
        ticket = TicketFactory(requester=customer, subject=f"Deposit {n}")
        txid = f"0x{ticket.pk:064x}"
        TxCheck.objects.create(requester=customer, ticket=ticket, network="ETH", txid=txid, outcome="awaiting_credit")
        TxCheck.objects.create(requester=customer, ticket=ticket, network="BSC", txid=txid, outcome="confirming")
    agent_client.get("/agent/")  # session and MFA flag settle on the first request
    with CaptureQueriesContext(connection) as queries:
        page = agent_client.get("/agent/").content.decode()
    return page, len(queries)


def test_queue_badges_keep_the_query_count_constant(agent_client: Client, customer: User) -> None:
    small_page, small = _queue_with_badges(agent_client, customer, 2)
    large_page, large = _queue_with_badges(agent_client, customer, 10)

    assert small_page.count("⛓ Confirmed, not yet credited") == 2
    assert large_page.count("⛓ Confirmed, not yet credited") == 12
    assert large_page.count("⛓ Waiting for confirmations") == 12
    assert large == small


def test_message_rows_unchanged_for_tickets_without_txid(
    customer_client: Client,
    deposit: Category,
    general: Category,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        customer_client.post("/tickets/new/general/", {"subject": "Hello", "body": "A question."})

    assert not TxCheck.objects.exists()
    assert Message.objects.count() == 1
