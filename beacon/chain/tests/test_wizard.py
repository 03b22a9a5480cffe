"""Every outcome of the self-service checker, on real chains, as the customer sees it in the portal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from beacon.accounts.models import User
from beacon.chain.models import ChainNetwork, NetworkMaintenance, TxCheck
from beacon.chain.tests.evm_chain import TesterChain
from beacon.chain.tests.factories import (
    CUSTOMER_ADDRESS,
    OTHER_ADDRESS,
    ChainNetworkFactory,
    CreditedDepositFactory,
    DepositAddressFactory,
    WithdrawalFactory,
)

Check = Callable[..., TxCheck]
ETH = 10**18


def shown(client: Client, check: TxCheck) -> str:
    return client.get(f"/chain/checks/{check.pk}/").content.decode()


def test_credited_deposit_says_so_from_the_exchange_record(
    check_tx: Check, eth: TesterChain, eth_address: str, customer: User, customer_client: Client
) -> None:
    txid = eth.send_native(CUSTOMER_ADDRESS, ETH)
    CreditedDepositFactory(customer=customer, txid=txid, amount=Decimal(1), asset="ETH")

    check = check_tx(txid)

    assert check.outcome == "credited"
    page = shown(customer_client, check)
    assert "Deposit credited" in page
    assert "Open a request" not in page


def test_confirming_deposit_shows_confirmations_and_time(check_tx: Check, eth: TesterChain, eth_address: str) -> None:
    check = check_tx(eth.send_native(CUSTOMER_ADDRESS, ETH))

    assert check.outcome == "confirming"
    assert "1 of the 3 confirmations" in check.text["explanation"]
    assert "about 1 minutes" in check.text["next_step"]


def test_pending_transaction_waits_for_a_block(check_tx: Check, eth: TesterChain, eth_address: str) -> None:
    eth.hold_blocks()

    check = check_tx(eth.send_native(CUSTOMER_ADDRESS, ETH))

    assert (check.outcome, check.is_final) == ("pending", False)


def test_failed_transaction(check_tx: Check, eth: TesterChain, usdt: str, eth_address: str) -> None:
    check = check_tx(eth.transfer_token(usdt, CUSTOMER_ADDRESS, 10**40, gas=100_000))

    assert check.outcome == "failed"
    assert "no funds were moved" in check.text["explanation"]


def test_sent_to_someone_else(check_tx: Check, eth: TesterChain, eth_address: str, customer_client: Client) -> None:
    check = check_tx(eth.send_native(OTHER_ADDRESS, ETH))

    assert check.outcome == "wrong_recipient"
    assert OTHER_ADDRESS in shown(customer_client, check)


def test_contract_call_without_visible_transfer_is_not_called_wrong(
    check_tx: Check, eth: TesterChain, usdt: str, eth_address: str
) -> None:
    balance_of = bytes.fromhex("70a08231") + bytes(32)

    check = check_tx(eth.call_token(usdt, balance_of))

    assert check.outcome == "contract_interaction"
    assert check.offers_ticket


def test_unlisted_token(check_tx: Check, eth: TesterChain, unlisted_token: str, eth_address: str) -> None:
    check = check_tx(eth.transfer_token(unlisted_token, CUSTOMER_ADDRESS, 500))

    assert check.outcome == "unlisted_token"
    assert unlisted_token in check.text["explanation"]


def test_tokens_sent_to_the_token_contract(check_tx: Check, eth: TesterChain, usdt: str, eth_address: str) -> None:
    check = check_tx(eth.transfer_token(usdt, usdt, 50 * 10**6))

    assert check.outcome == "sent_to_contract"
    assert not check.offers_ticket


def test_memo_missing(check_tx: Check, customer: User, networks: dict[str, ChainNetwork]) -> None:
    DepositAddressFactory(customer=customer, network="XRP", address="rEb8TK3gBgk5auZkwc6sHnwrGVJH8DuaLh", memo="1002")

    check = check_tx("AB" * 32, network="XRP", asset="XRP", amount="100")

    assert check.outcome == "memo_missing"
    assert "1002" in check.text["explanation"]


def test_memo_mismatch(check_tx: Check, customer: User, networks: dict[str, ChainNetwork]) -> None:
    DepositAddressFactory(customer=customer, network="XRP", address="rEb8TK3gBgk5auZkwc6sHnwrGVJH8DuaLh", memo="1002")

    check = check_tx("AB" * 32, network="XRP", memo="9999")

    assert check.outcome == "memo_mismatch"


def test_below_minimum(check_tx: Check, eth: TesterChain, usdt: str, eth_address: str) -> None:
    check = check_tx(eth.transfer_token(usdt, CUSTOMER_ADDRESS, 5 * 10**6))

    assert check.outcome == "below_minimum"
    assert "minimum deposit on Ethereum (ERC20) is 10 USDT" in check.text["explanation"]


def test_maintenance_explains_a_confirmed_deposit(
    check_tx: Check, eth: TesterChain, eth_address: str, networks: dict[str, ChainNetwork]
) -> None:
    NetworkMaintenance.objects.create(
        network=networks["ETH"], starts_at=timezone.now() - timedelta(minutes=5), note_en="Wallet upgrade."
    )
    txid = eth.send_native(CUSTOMER_ADDRESS, ETH)
    eth.mine(3)

    check = check_tx(txid)

    assert check.outcome == "maintenance"
    assert "Wallet upgrade." in check.text["explanation"]


def test_wrong_network_not_supported(check_tx: Check, bsc: TesterChain, eth_address: str) -> None:
    check = check_tx(bsc.send_native(CUSTOMER_ADDRESS, ETH), network="ETH")

    assert (check.outcome, check.found_network) == ("wrong_network", "BSC")
    assert "on BNB Smart Chain (BEP20), not Ethereum (ERC20)" in check.text["explanation"]
    assert check.offers_ticket


def test_wrong_network_to_an_address_the_customer_has_there(
    check_tx: Check, bsc: TesterChain, eth_address: str, customer: User, customer_client: Client
) -> None:
    DepositAddressFactory(customer=customer, network="BSC", address=CUSTOMER_ADDRESS)

    check = check_tx(bsc.send_native(CUSTOMER_ADDRESS, ETH), network="ETH")

    assert check.outcome == "wrong_network_supported"
    assert "Check on BNB Smart Chain" in shown(customer_client, check)


def test_not_found(check_tx: Check, eth_address: str) -> None:
    check = check_tx("0x" + "ab" * 32)

    assert (check.outcome, check.is_final) == ("not_found", False)


def test_node_down_says_we_will_retry(check_tx: Check, eth: TesterChain, eth_address: str) -> None:
    eth.stop()

    check = check_tx("0x" + "ab" * 32)

    assert check.outcome == "unreachable"
    assert check.text["explanation"] == (
        "We could not reach the Ethereum (ERC20) network; we will retry and update your ticket."
    )


def test_network_without_lookups(check_tx: Check, networks: dict[str, ChainNetwork]) -> None:
    check = check_tx("ab" * 32, network="TRX")

    assert check.outcome == "not_checkable"
    assert check.offers_ticket


def test_confirmed_but_not_credited_leads_to_a_ticket(
    check_tx: Check, eth: TesterChain, eth_address: str, customer_client: Client
) -> None:
    txid = eth.send_native(CUSTOMER_ADDRESS, ETH)
    eth.mine(2)

    check = check_tx(txid)

    assert (check.outcome, check.is_final) == ("awaiting_credit", True)
    assert "Open a request with these facts" in shown(customer_client, check)


def test_several_transfers_to_the_customer_are_added_up(
    check_tx: Check, eth: TesterChain, usdt: str, eth_address: str
) -> None:
    txid = eth.transfer_pair(usdt, (CUSTOMER_ADDRESS, 6 * 10**6), (CUSTOMER_ADDRESS, 5 * 10**6))
    eth.mine(2)

    check = check_tx(txid)

    assert check.outcome == "awaiting_credit"  # 6 + 5 = 11 USDT clears the 10 USDT minimum
    assert "6 USDT, 5 USDT" in check.text["explanation"]


def test_exchange_records_unreachable(check_tx: Check, eth: TesterChain, eth_address: str, settings: object) -> None:
    settings.BEACON_EXCHANGE_URL = "http://127.0.0.1:9/exchange"  # type: ignore[attr-defined]
    settings.BEACON_EXCHANGE_SECRET = "s3cret"  # type: ignore[attr-defined]

    check = check_tx(eth.send_native(CUSTOMER_ADDRESS, ETH))

    assert check.outcome == "exchange_unreachable"


def test_explanations_in_chinese(
    check_tx: Check, eth: TesterChain, eth_address: str, customer: User, customer_client: Client
) -> None:
    check = check_tx(eth.send_native(OTHER_ADDRESS, ETH))
    User.objects.filter(pk=customer.pk).update(language="zh-hans")

    page = shown(customer_client, check)

    assert "收款地址不是您的充值地址" in page


def test_malformed_txid_is_explained_on_the_form(customer_client: Client, networks: dict[str, ChainNetwork]) -> None:
    response = customer_client.post("/chain/", {"kind": "deposit", "network": "ETH", "txid": "0x1234"})

    assert response.status_code == 400
    assert "does not look like a transaction ID on Ethereum" in response.content.decode()
    assert not TxCheck.objects.exists()


def test_unknown_network_is_refused(customer_client: Client, networks: dict[str, ChainNetwork]) -> None:
    response = customer_client.post("/chain/", {"kind": "deposit", "network": "DOGE", "txid": "ab" * 32})

    assert response.status_code == 400
    assert not TxCheck.objects.exists()


# --- withdrawals --------------------------------------------------------------------------------------


def test_withdrawal_not_from_this_account(check_tx: Check, eth: TesterChain, networks: dict[str, ChainNetwork]) -> None:
    check = check_tx(eth.send_native(OTHER_ADDRESS, ETH), kind="withdrawal")

    assert check.outcome == "withdrawal_unknown"


def test_withdrawal_confirmed_points_to_the_receiving_platform(
    check_tx: Check, eth: TesterChain, customer: User, networks: dict[str, ChainNetwork]
) -> None:
    txid = eth.send_native(OTHER_ADDRESS, 3 * ETH)
    eth.mine(2)
    WithdrawalFactory(customer=customer, txid=txid, amount=Decimal(3))

    check = check_tx(txid, kind="withdrawal")

    assert check.outcome == "withdrawal_confirmed"
    assert "receiving platform must credit it" in check.text["next_step"]


def test_withdrawal_confirming(
    check_tx: Check, eth: TesterChain, customer: User, networks: dict[str, ChainNetwork]
) -> None:
    txid = eth.send_native(OTHER_ADDRESS, ETH)
    WithdrawalFactory(customer=customer, txid=txid)

    assert check_tx(txid, kind="withdrawal").outcome == "withdrawal_confirming"


def test_withdrawal_pending(
    check_tx: Check, eth: TesterChain, customer: User, networks: dict[str, ChainNetwork]
) -> None:
    eth.hold_blocks()
    txid = eth.send_native(OTHER_ADDRESS, ETH)
    WithdrawalFactory(customer=customer, txid=txid)

    assert check_tx(txid, kind="withdrawal").outcome == "withdrawal_pending"


def test_withdrawal_failed(
    check_tx: Check, eth: TesterChain, usdt: str, customer: User, networks: dict[str, ChainNetwork]
) -> None:
    txid = eth.transfer_token(usdt, OTHER_ADDRESS, 10**40, gas=100_000)
    WithdrawalFactory(customer=customer, txid=txid, asset="USDT")

    check = check_tx(txid, kind="withdrawal")

    assert check.outcome == "withdrawal_failed"
    assert check.offers_ticket


def test_withdrawal_marked_completed_but_missing_on_chain(
    check_tx: Check, customer: User, networks: dict[str, ChainNetwork]
) -> None:
    WithdrawalFactory(customer=customer, txid="0x" + "7a" * 32, reference="W88231001")

    check = check_tx("0x" + "7a" * 32, kind="withdrawal")

    assert check.outcome == "withdrawal_not_found"
    assert "W88231001" in check.text["explanation"]


# --- Bitcoin family ---------------------------------------------------------------------------------------


def test_litecoin_deposit_confirming_then_awaiting_credit(
    check_tx: Check, litecoind: object, ltc_network: ChainNetwork, customer: User
) -> None:
    node = litecoind
    address = node.new_address()  # type: ignore[attr-defined]
    DepositAddressFactory(customer=customer, network="LTC", address=address)
    txid = node.send(address, "0.5")  # type: ignore[attr-defined]
    node.mine(1)  # type: ignore[attr-defined]

    confirming = check_tx(txid, network="LTC")
    node.mine(2)  # type: ignore[attr-defined]
    confirmed = check_tx(txid, network="LTC")

    assert confirming.outcome == "confirming"
    assert "1 of the 3 confirmations" in confirming.text["explanation"]
    assert confirmed.outcome == "awaiting_credit"
    assert "0.5 LTC" in confirmed.text["explanation"]


def test_litecoin_deposit_to_another_address_and_below_minimum(
    check_tx: Check, litecoind: object, ltc_network: ChainNetwork, customer: User
) -> None:
    node = litecoind
    mine = node.new_address()  # type: ignore[attr-defined]
    DepositAddressFactory(customer=customer, network="LTC", address=mine)
    elsewhere = node.send(node.new_address(), "0.2")  # type: ignore[attr-defined]
    tiny = node.send(mine, "0.001")  # type: ignore[attr-defined]
    node.mine(3)  # type: ignore[attr-defined]

    assert check_tx(elsewhere, network="LTC").outcome == "wrong_recipient"
    assert check_tx(tiny, network="LTC").outcome == "below_minimum"


def test_bitcoin_network_without_node_is_not_checkable(check_tx: Check, networks: dict[str, ChainNetwork]) -> None:
    ChainNetworkFactory(code="BTC", rpc_url="", native_asset="BTC", native_decimals=8)

    assert check_tx("ab" * 32, network="BTC").outcome == "not_checkable"


def test_checker_page_is_linked_and_lists_networks(customer_client: Client, agent_client: Client, db: None) -> None:
    home = customer_client.get("/").content.decode()
    page = customer_client.get("/chain/").content.decode()

    assert 'href="/chain/"' in home
    assert 'href="/chain/freeze/"' in home
    assert "Check a deposit or withdrawal" in page
    assert "BNB Smart Chain (BEP20)" in page
    assert agent_client.get("/chain/").status_code == 403


def test_maintenance_announced_in_the_help_center(
    check_tx: Check, eth: TesterChain, eth_address: str, networks: dict[str, ChainNetwork]
) -> None:
    from beacon.helpcenter.models import Announcement

    Announcement.objects.create(
        slug="eth-upgrade",
        kind="maintenance",
        title_en="Ethereum wallet maintenance",
        title_zh="以太坊钱包维护",
        starts_at=timezone.now() - timedelta(minutes=10),
        ends_at=timezone.now() + timedelta(hours=2),
        affected=["ETH", "USDT"],
        is_published=True,
    )
    txid = eth.send_native(CUSTOMER_ADDRESS, ETH)
    eth.mine(3)

    check = check_tx(txid)

    assert check.outcome == "maintenance"
    assert "Ethereum wallet maintenance" in check.text["explanation"]


def test_checker_over_htmx_answers_in_place(
    customer_client: Client, eth: TesterChain, eth_address: str, networks: dict[str, ChainNetwork]
) -> None:
    htmx = {"HX-Request": "true"}
    result = customer_client.post(
        "/chain/", {"kind": "deposit", "network": "ETH", "txid": eth.send_native(OTHER_ADDRESS, ETH)}, headers=htmx
    )
    invalid = customer_client.post("/chain/", {"kind": "deposit", "network": "ETH", "txid": "0x12"}, headers=htmx)

    assert result.content.decode().lstrip().startswith('<section class="card chain-result"')
    assert "Sent to another address" in result.content.decode()
    assert invalid["HX-Retarget"] == "#check-form"
    assert "does not look like a transaction ID" in invalid.content.decode()
