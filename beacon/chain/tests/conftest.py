"""Real chains for the chain tests: two EVM tester chains (as Ethereum and BSC) over HTTP JSON-RPC,
an ERC-20 deployed from hand-written bytecode, and litecoind in regtest for the Bitcoin family."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from beacon.accounts.models import User
from beacon.chain.models import ChainNetwork, ChainToken, TxCheck
from beacon.chain.tests.evm_chain import TesterChain, running_chains
from beacon.chain.tests.exchange import SECRET, FakeExchange, running_exchange
from beacon.chain.tests.factories import CUSTOMER_ADDRESS, ChainNetworkFactory, DepositAddressFactory
from beacon.chain.tests.litecoin import LitecoinNode, running_litecoind
from beacon.tickets.models import Category

USDT_DECIMALS = 6


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _tasks_inline() -> Iterator[None]:
    """Background tasks run inline, whatever TASK_BACKEND the environment set."""
    with override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}):
        yield


@pytest.fixture
def chains() -> Iterator[list[TesterChain]]:
    yield from running_chains(2)


@pytest.fixture
def eth(chains: list[TesterChain]) -> TesterChain:
    return chains[0]


@pytest.fixture
def bsc(chains: list[TesterChain]) -> TesterChain:
    return chains[1]


@pytest.fixture
def usdt(eth: TesterChain) -> str:
    return eth.deploy_token()


@pytest.fixture
def unlisted_token(eth: TesterChain, usdt: str) -> str:
    return eth.deploy_token()


@pytest.fixture
def networks(db: None, eth: TesterChain, bsc: TesterChain, usdt: str) -> dict[str, ChainNetwork]:
    networks = {
        "ETH": ChainNetworkFactory(code="ETH", rpc_url=eth.url, native_asset="ETH"),
        "BSC": ChainNetworkFactory(code="BSC", rpc_url=bsc.url, native_asset="BNB"),
        "XRP": ChainNetworkFactory(code="XRP", rpc_url="", native_asset="XRP", native_decimals=6),
    }
    ChainToken.objects.create(
        network=networks["ETH"], symbol="USDT", contract=usdt, decimals=USDT_DECIMALS, min_deposit=Decimal(10)
    )
    return networks


@pytest.fixture
def eth_address(customer: User, networks: dict[str, ChainNetwork]) -> str:
    DepositAddressFactory(customer=customer, network="ETH", address=CUSTOMER_ADDRESS)
    return CUSTOMER_ADDRESS


@pytest.fixture
def check_tx(customer_client: Client) -> Callable[..., TxCheck]:
    """Run the portal checker as the customer and return the stored check."""

    def run(txid: str, network: str = "ETH", kind: str = "deposit", **extra: Any) -> TxCheck:
        response = customer_client.post("/chain/", {"kind": kind, "network": network, "txid": txid, **extra})
        assert response.status_code == 302, response.content.decode()[:2000]
        return TxCheck.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))

    return run


@pytest.fixture(scope="session")
def litecoind(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LitecoinNode]:
    yield from running_litecoind(tmp_path_factory.mktemp("litecoind"))


@pytest.fixture
def ltc_network(db: None, litecoind: LitecoinNode) -> ChainNetwork:
    return ChainNetworkFactory(
        code="LTC",
        rpc_url=litecoind.url,
        native_asset="LTC",
        native_decimals=8,
        native_min_deposit=Decimal("0.01"),
        required_confirmations=3,
        block_seconds=150,
    )


@pytest.fixture
def deposit_and_withdrawal(deposit: Category) -> Category:
    from beacon.chain.tests.factories import withdrawal_category

    withdrawal_category()
    return deposit


@pytest.fixture
def exchange(settings: Any) -> Iterator[FakeExchange]:
    """The HTTP provider talking to a signed stand-in for the exchange."""
    for fake in running_exchange():
        settings.BEACON_EXCHANGE_URL = fake.url
        settings.BEACON_EXCHANGE_SECRET = SECRET
        yield fake


@pytest.fixture
def security(db: None) -> Category:
    from beacon.chain.tests.factories import security_category

    return security_category()  # type: ignore[return-value]
