"""REST: staff look a TXID up; customers (or the chat bot on their behalf) run the check, open the
request it leads to, and ask for a freeze."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from beacon.accounts.models import User
from beacon.accounts.services import create_api_token
from beacon.chain.models import ChainNetwork, TxCheck
from beacon.chain.tests.evm_chain import TesterChain
from beacon.chain.tests.factories import CUSTOMER_ADDRESS
from beacon.tickets.models import Category, Ticket

ETH = 10**18


def test_staff_look_a_txid_up_with_a_token(agent: User, eth: TesterChain, networks: dict[str, ChainNetwork]) -> None:
    _token, secret = create_api_token(agent, "tools")
    txid = eth.send_native(CUSTOMER_ADDRESS, ETH)

    response = Client().post(
        "/api/v1/chain/lookup",
        {"network": "ETH", "txid": txid},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )

    body = response.json()
    assert response.status_code == 200
    assert (body["found_network"], body["facts"]["status"], body["facts"]["to"]) == ("ETH", "success", CUSTOMER_ADDRESS)


def test_lookup_finds_the_transaction_on_a_sibling_network(
    agent_client: Client, bsc: TesterChain, networks: dict[str, ChainNetwork]
) -> None:
    txid = bsc.send_native(CUSTOMER_ADDRESS, ETH)

    body = agent_client.post(
        "/api/v1/chain/lookup", {"network": "ETH", "txid": txid}, content_type="application/json"
    ).json()

    assert (body["network"], body["found_network"]) == ("ETH", "BSC")


def test_lookup_rejects_bad_input(
    agent_client: Client, customer_client: Client, networks: dict[str, ChainNetwork]
) -> None:
    malformed = agent_client.post(
        "/api/v1/chain/lookup", {"network": "ETH", "txid": "0x12"}, content_type="application/json"
    )
    unknown = agent_client.post(
        "/api/v1/chain/lookup", {"network": "NOPE", "txid": "ab" * 32}, content_type="application/json"
    )
    customer = customer_client.post(
        "/api/v1/chain/lookup", {"network": "ETH", "txid": "0x" + "ab" * 32}, content_type="application/json"
    )

    assert (malformed.status_code, list(malformed.json()["errors"])) == (422, ["txid"])
    assert (unknown.status_code, list(unknown.json()["errors"])) == (422, ["network"])
    assert customer.status_code == 403


def test_customer_checks_and_opens_the_prefilled_request(
    customer_client: Client,
    agent_client: Client,
    deposit: Category,
    eth: TesterChain,
    eth_address: str,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    txid = eth.send_native(CUSTOMER_ADDRESS, ETH)
    eth.mine(2)

    created = customer_client.post(
        "/api/v1/chain/checks", {"network": "ETH", "txid": txid}, content_type="application/json"
    ).json()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        opened = customer_client.post(
            f"/api/v1/chain/checks/{created['id']}/ticket",
            {"subject": "Not credited", "body": "Please look."},
            content_type="application/json",
        )
    facts = agent_client.get(f"/api/v1/chain/tickets/{opened.json()['ticket_id']}/checks").json()

    assert (created["outcome"], created["offers_ticket"], created["final"]) == ("awaiting_credit", True, True)
    assert created["title"] == "Confirmed, not yet credited"
    assert opened.status_code == 201
    assert Ticket.objects.get().fields == {"asset": "ETH", "network": "ETH", "txid": txid, "amount": "1"}
    assert [f["outcome"] for f in facts] == ["awaiting_credit"]


def test_check_rate_limit(customer_client: Client, networks: dict[str, ChainNetwork]) -> None:
    payload = {"network": "TRX", "txid": "ab" * 32}
    statuses = [
        customer_client.post("/api/v1/chain/checks", payload, content_type="application/json").status_code
        for _ in range(31)
    ]

    assert statuses[:30] == [201] * 30
    assert statuses[30] == 429
    assert TxCheck.objects.count() == 30


def test_customer_cannot_read_another_customers_check(
    customer_client: Client, login: Callable[[User], Client], other_customer: User, networks: dict[str, ChainNetwork]
) -> None:
    created = customer_client.post(
        "/api/v1/chain/checks", {"network": "TRX", "txid": "ab" * 32}, content_type="application/json"
    ).json()

    response = login(other_customer).get(f"/api/v1/chain/checks/{created['id']}")

    assert response.status_code == 404


def test_freeze_through_the_api(
    customer_client: Client, security: Category, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = customer_client.post(
            "/api/v1/chain/freeze",
            {"body": "Hacked", "fields": {"uid": "U1", "unauthorized_actions": "Withdrawal"}},
            content_type="application/json",
        )

    status = customer_client.get(f"/api/v1/chain/freeze/{response.json()['id']}").json()

    assert response.status_code == 201
    assert status["status"] == "recorded"
    assert status["ticket"] == Ticket.objects.get().reference


def test_withdrawal_request_is_prefilled_from_the_exchange_record(
    customer_client: Client,
    customer: User,
    deposit_and_withdrawal: Category,
    networks: dict[str, ChainNetwork],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    from beacon.chain.tests.factories import WithdrawalFactory

    txid = "0x" + "7a" * 32
    WithdrawalFactory(customer=customer, txid=txid, reference="W88231001", asset="USDT")
    created = customer_client.post(
        "/api/v1/chain/checks", {"kind": "withdrawal", "network": "ETH", "txid": txid}, content_type="application/json"
    ).json()

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        opened = customer_client.post(
            f"/api/v1/chain/checks/{created['id']}/ticket",
            {"subject": "Withdrawal missing", "body": "Marked completed, nothing arrived."},
            content_type="application/json",
        )

    assert created["outcome"] == "withdrawal_not_found"
    assert opened.status_code == 201
    assert Ticket.objects.get().fields == {
        "withdrawal_id": "W88231001",
        "asset": "USDT",
        "network": "ETH",
        "txid": txid,
    }
