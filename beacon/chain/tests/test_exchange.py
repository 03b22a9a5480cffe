"""The exchange integration: the HTTP provider's signed calls, and the emergency freeze."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.core.management import call_command
from django.test import Client

from beacon.accounts.models import User
from beacon.chain.models import ChainNetwork, FreezeRequest, TxCheck
from beacon.chain.signing import sign, verify
from beacon.chain.tests.evm_chain import TesterChain
from beacon.chain.tests.exchange import FakeExchange
from beacon.chain.tests.factories import CUSTOMER_ADDRESS
from beacon.tickets.enums import MessageKind, Priority
from beacon.tickets.models import Category, Ticket

ETH = 10**18
FREEZE_FORM = {
    "subject": "Emergency: please freeze my account",
    "body": "Someone withdrew 3,000 USDT I did not send.",
    "f_uid": "UID12345",
    "f_unauthorized_actions": "Withdrawal of 3,000 USDT at 02:14 UTC",
    "confirm": "on",
}


def test_signature_covers_time_path_and_body() -> None:
    signature = sign("k", 1_000, "/beacon/deposits", b"{}")

    assert verify("k", "1000", "/beacon/deposits", b"{}", signature, now=1_010)
    assert not verify("k", "1000", "/beacon/freeze", b"{}", signature, now=1_010)
    assert not verify("k", "1000", "/beacon/deposits", b'{"x":1}', signature, now=1_010)
    assert not verify("k", "1000", "/beacon/deposits", b"{}", signature, now=1_000 + 301)
    assert not verify("other", "1000", "/beacon/deposits", b"{}", signature, now=1_010)


def test_http_provider_credited_deposit(
    check_tx: Callable[..., TxCheck], exchange: FakeExchange, eth: TesterChain, networks: dict[str, ChainNetwork]
) -> None:
    txid = eth.send_native(CUSTOMER_ADDRESS, ETH)
    exchange.answers["deposit-addresses"] = {"addresses": [{"network": "ETH", "address": CUSTOMER_ADDRESS}]}
    exchange.answers["deposits"] = {
        "deposits": [
            {
                "network": "ETH",
                "asset": "ETH",
                "txid": txid,
                "address": CUSTOMER_ADDRESS,
                "amount": "1",
                "credited_at": "2026-11-20T10:00:00Z",
            }
        ]
    }

    check = check_tx(txid)

    assert check.outcome == "credited"
    assert "credited to your account on 2026-11-20 10:00 UTC" in check.text["explanation"]
    assert [action for action, _payload in exchange.received] == ["deposit-addresses", "deposits"]
    assert exchange.received[1][1] == {
        "customer": {"email": "alice@example.com", "id": check.requester_id},
        "txid": txid,
    }
    assert exchange.rejected == 0


def test_http_provider_addresses_match_on_chain(
    check_tx: Callable[..., TxCheck], exchange: FakeExchange, eth: TesterChain, networks: dict[str, ChainNetwork]
) -> None:
    exchange.answers["deposit-addresses"] = {"addresses": [{"network": "ETH", "address": CUSTOMER_ADDRESS.upper()}]}
    txid = eth.send_native(CUSTOMER_ADDRESS, ETH)
    eth.mine(2)

    assert check_tx(txid).outcome == "awaiting_credit"


def test_unsigned_answer_is_never_believed(
    check_tx: Callable[..., TxCheck], exchange: FakeExchange, eth: TesterChain, networks: dict[str, ChainNetwork]
) -> None:
    txid = eth.send_native(CUSTOMER_ADDRESS, ETH)
    exchange.sign_with = "attacker"
    exchange.answers["deposits"] = {
        "deposits": [
            {"network": "ETH", "asset": "ETH", "txid": txid, "amount": "1", "credited_at": "2026-11-20T10:00:00Z"}
        ]
    }

    check = check_tx(txid)

    assert check.outcome == "exchange_unreachable"


# --- emergency freeze ---------------------------------------------------------------------------------


def test_freeze_without_webhook_opens_p1_for_security_and_says_it_is_recorded(
    customer_client: Client, security: Category, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = customer_client.post("/chain/freeze/", FREEZE_FORM)

    freeze = FreezeRequest.objects.get()
    ticket = Ticket.objects.get()
    assert response["Location"] == f"/chain/freeze/{freeze.pk}/"
    assert (ticket.priority, ticket.team.slug, ticket.category.slug) == (Priority.P1, "security", "account-security")
    assert freeze.status == "recorded"
    assert "Security team has been alerted" in customer_client.get(response["Location"]).content.decode()
    notes = list(ticket.messages.filter(kind=MessageKind.INTERNAL).values_list("body", flat=True))
    assert "asked for an emergency account freeze" in notes[0]
    assert "Security must lock the account by hand" in notes[1]


def test_freeze_through_the_signed_webhook(
    customer_client: Client,
    customer: User,
    security: Category,
    exchange: FakeExchange,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = customer_client.post("/chain/freeze/", FREEZE_FORM)

    freeze = FreezeRequest.objects.get()
    [(action, payload)] = exchange.received
    assert (freeze.status, freeze.exchange_reference) == ("frozen", "FRZ-1")
    assert action == "freeze"
    assert payload == {
        "customer": {"email": customer.email, "id": customer.pk},
        "request_id": str(freeze.request_id),
        "reason": "compromise_reported",
        "ticket": freeze.ticket.reference,  # type: ignore[union-attr]
    }
    page = customer_client.get(response["Location"]).content.decode()
    assert "Your account is frozen" in page
    assert "FRZ-1" in page


def test_freeze_retried_until_the_exchange_answers(
    customer_client: Client,
    security: Category,
    exchange: FakeExchange,
    settings: object,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    real_url = exchange.url
    settings.BEACON_EXCHANGE_URL = "http://127.0.0.1:9/beacon"  # type: ignore[attr-defined]
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        customer_client.post("/chain/freeze/", FREEZE_FORM)
    retrying = FreezeRequest.objects.get()

    settings.BEACON_EXCHANGE_URL = real_url  # type: ignore[attr-defined]
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        call_command("refresh_chain_facts", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert retrying.status == "retrying"
    assert Ticket.objects.get().priority == Priority.P1
    assert FreezeRequest.objects.get().status == "frozen"
    assert len(exchange.received) == 1


def test_rejected_freeze_is_noted_for_security(
    customer_client: Client,
    security: Category,
    exchange: FakeExchange,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    exchange.answers["freeze"] = {"status": "rejected", "message": "account already closed"}

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        customer_client.post("/chain/freeze/", FREEZE_FORM)

    notes = list(Ticket.objects.get().messages.filter(kind=MessageKind.INTERNAL).values_list("body", flat=True))
    assert "rejected the freeze request: account already closed" in notes[-1]


def test_freeze_needs_the_confirmation(customer_client: Client, security: Category) -> None:
    response = customer_client.post("/chain/freeze/", {**FREEZE_FORM, "confirm": ""})

    assert response.status_code == 400
    assert not Ticket.objects.exists()


def test_staff_cannot_freeze_a_customer_account(agent_client: Client, security: Category) -> None:
    response = agent_client.post("/chain/freeze/", FREEZE_FORM)

    assert response.status_code == 403
    assert not FreezeRequest.objects.exists()


def test_demo_loader_is_idempotent(customer: User) -> None:
    from beacon.chain.demo import load_demo_chain
    from beacon.chain.models import ChainToken, DepositAddress

    load_demo_chain()
    load_demo_chain()

    assert ChainNetwork.objects.filter(code="ETH").count() == 1
    assert ChainToken.objects.filter(symbol="USDT").count() == 3
    assert DepositAddress.objects.count() == 0  # the demo addresses belong to the demo customers only
    assert Decimal(ChainNetwork.objects.get(code="BTC").native_min_deposit) == Decimal("0.0005")
