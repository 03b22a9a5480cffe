"""Chain clients against real nodes: an in-process EVM chain over HTTP, and litecoind in regtest."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from beacon.chain.clients import CachedClient, MemoryCache, NodeConfig, NodeUnavailable, TokenSpec, client_for
from beacon.chain.tests.evm_chain import TesterChain
from beacon.chain.tests.factories import CUSTOMER_ADDRESS, OTHER_ADDRESS
from beacon.chain.tests.litecoin import LitecoinNode


def evm_config(chain: TesterChain, usdt: str = "", **overrides: object) -> NodeConfig:
    tokens = (TokenSpec("USDT", usdt, 6),) if usdt else ()
    values: dict = {"network": "ETH", "rpc_url": chain.url, "native_asset": "ETH", "required_confirmations": 3}
    return NodeConfig(tokens=tokens, **{**values, **overrides})


def test_native_deposit_facts(eth: TesterChain) -> None:
    txid = eth.send_native(CUSTOMER_ADDRESS, 2 * 10**18)

    facts = client_for(evm_config(eth)).transaction(txid)

    assert facts is not None
    assert (facts.status, facts.confirmations, facts.to) == ("success", 1, CUSTOMER_ADDRESS)
    assert [(t.asset, t.amount, t.recipient) for t in facts.transfers] == [("ETH", Decimal(2), CUSTOMER_ADDRESS)]
    assert facts.sender == eth.accounts[0].lower()
    assert facts.fee == Decimal("0.000021")


def test_token_deposit_decoded_from_transfer_log(eth: TesterChain, usdt: str) -> None:
    txid = eth.transfer_token(usdt, CUSTOMER_ADDRESS, 250 * 10**6)

    facts = client_for(evm_config(eth, usdt)).transaction(txid)

    assert facts is not None
    assert facts.to == usdt and facts.to_is_contract
    assert [(t.asset, t.amount, t.recipient, t.contract) for t in facts.transfers] == [
        ("USDT", Decimal(250), CUSTOMER_ADDRESS, usdt)
    ]
    assert eth.balance_of(usdt, CUSTOMER_ADDRESS) == 250 * 10**6


def test_several_transfer_logs_in_one_transaction(eth: TesterChain, usdt: str) -> None:
    txid = eth.transfer_pair(usdt, (CUSTOMER_ADDRESS, 7 * 10**6), (OTHER_ADDRESS, 3 * 10**6))

    facts = client_for(evm_config(eth, usdt)).transaction(txid)

    assert facts is not None
    assert [(t.amount, t.recipient) for t in facts.transfers] == [
        (Decimal(7), CUSTOMER_ADDRESS),
        (Decimal(3), OTHER_ADDRESS),
    ]


def test_unlisted_token_keeps_raw_amount(eth: TesterChain, usdt: str, unlisted_token: str) -> None:
    txid = eth.transfer_token(unlisted_token, CUSTOMER_ADDRESS, 12345)

    facts = client_for(evm_config(eth, usdt)).transaction(txid)

    assert facts is not None
    assert [(t.listed, t.amount, t.raw_amount, t.contract) for t in facts.transfers] == [
        (False, None, 12345, unlisted_token)
    ]


def test_failed_transaction_moves_nothing(eth: TesterChain, usdt: str) -> None:
    txid = eth.transfer_token(usdt, CUSTOMER_ADDRESS, 10**40, gas=100_000)

    facts = client_for(evm_config(eth, usdt)).transaction(txid)

    assert facts is not None
    assert (facts.status, facts.transfers) == ("failed", ())


def test_pending_then_confirmed(eth: TesterChain) -> None:
    eth.hold_blocks()
    txid = eth.send_native(CUSTOMER_ADDRESS, 10**18)
    client = client_for(evm_config(eth))

    pending = client.transaction(txid)
    eth.mine(3)
    confirmed = client.transaction(txid)

    assert pending is not None and (pending.status, pending.block_number, pending.final) == ("pending", None, False)
    assert confirmed is not None and (confirmed.status, confirmed.confirmations, confirmed.final) == (
        "success",
        3,
        True,
    )


def test_unknown_transaction_is_none(eth: TesterChain) -> None:
    assert client_for(evm_config(eth)).transaction("0x" + "ab" * 32) is None


def test_node_down_raises_node_unavailable_after_retries(eth: TesterChain) -> None:
    config = evm_config(eth, retries=2, backoff=0.01)
    eth.stop()

    with pytest.raises(NodeUnavailable):
        client_for(config).transaction("0x" + "ab" * 32)


def test_slow_node_times_out(eth: TesterChain) -> None:
    eth.delay = 1.0
    config = evm_config(eth, timeout=0.2, retries=1, backoff=0.01)
    started = time.perf_counter()

    with pytest.raises(NodeUnavailable):
        client_for(config).transaction("0x" + "ab" * 32)

    assert time.perf_counter() - started < 1.0


def test_only_final_answers_are_cached(eth: TesterChain) -> None:
    cache = MemoryCache()
    client = CachedClient(client_for(evm_config(eth)), cache)
    txid = eth.send_native(CUSTOMER_ADDRESS, 10**18)

    shallow = client.transaction(txid)
    requests_after_shallow = eth.requests
    eth.mine(2)
    final = client.transaction(txid)
    requests_after_final = eth.requests
    again = client.transaction(txid)

    assert shallow is not None and not shallow.final
    assert requests_after_shallow > 0
    assert final is not None and final.final
    assert again == final
    assert eth.requests == requests_after_final  # the final answer came from the cache


def test_reorganised_block_is_not_trusted(eth: TesterChain) -> None:
    snapshot = eth.snapshot()
    txid = eth.send_native(CUSTOMER_ADDRESS, 10**18)
    client = client_for(evm_config(eth))
    before = client.transaction(txid)

    eth.reorganise(snapshot)
    after = client.transaction(txid)

    assert before is not None and before.status == "success"
    assert after is None


def test_litecoin_deposit_pending_then_confirmed(litecoind: LitecoinNode) -> None:
    address = litecoind.new_address()
    txid = litecoind.send(address, "1.25")
    config = NodeConfig(
        network="LTC", rpc_url=litecoind.url, native_asset="LTC", native_decimals=8, required_confirmations=3
    )
    client = client_for(config)

    pending = client.transaction(txid)
    litecoind.mine(3)
    confirmed = client.transaction(txid)

    assert pending is not None and (pending.status, pending.confirmations) == ("pending", 0)
    assert confirmed is not None and (confirmed.status, confirmed.confirmations, confirmed.final) == (
        "success",
        3,
        True,
    )
    assert (address, Decimal("1.25")) in [(t.recipient, t.amount) for t in confirmed.transfers]
    assert confirmed.block_number == confirmed.head - 2
    assert confirmed.fee is not None and confirmed.fee > 0


def test_litecoin_reorganisation_returns_the_transaction_to_the_mempool(litecoind: LitecoinNode) -> None:
    txid = litecoind.send(litecoind.new_address(), "0.5")
    block = litecoind.mine(1)[0]
    config = NodeConfig(network="LTC", rpc_url=litecoind.url, native_asset="LTC", native_decimals=8)
    client = client_for(config)
    confirmed = client.transaction(txid)

    litecoind.rpc("invalidateblock", block)
    reorganised = client.transaction(txid)
    litecoind.rpc("reconsiderblock", block)

    assert confirmed is not None and confirmed.confirmations == 1
    assert reorganised is not None and (reorganised.status, reorganised.confirmations) == ("pending", 0)


def test_litecoin_unknown_transaction_and_wrong_credentials(litecoind: LitecoinNode) -> None:
    config = NodeConfig(network="LTC", rpc_url=litecoind.url, native_asset="LTC", native_decimals=8)
    wrong = NodeConfig(
        network="LTC",
        rpc_url=litecoind.url.replace("regtest-only-password", "nope"),
        native_asset="LTC",
        native_decimals=8,
    )

    assert client_for(config).transaction("ab" * 32) is None
    with pytest.raises(Exception, match="refused"):
        client_for(wrong).transaction("ab" * 32)
