"""On-chain check latency: how long a customer waits for the checker's answer.

    .venv/bin/python bench/chain.py [--runs 40]

Real nodes on 127.0.0.1: two in-process EVM chains (eth-tester + py-evm) served over HTTP JSON-RPC,
and Debian's litecoind in regtest when installed. A throw-away SQLite database holds the configured
networks and the customer's deposit addresses (database provider). Measured: one client lookup, the
full check (configuration + exchange records + node lookups + rules) without and with the cache of
final results, the wrong-network search across sibling networks, and the bounded waits for a node
that is down or too slow. Needs the dev dependencies (web3[tester]).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="beacon-bench-chain-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="config.settings",
    BEACON_VAR_DIR=str(WORKDIR),
    SQLITE_PATH=str(WORKDIR / "bench.sqlite3"),
    TASK_BACKEND="django.tasks.backends.immediate.ImmediateBackend",
    LOG_LEVEL="ERROR",
)
os.environ.pop("DATABASE_URL", None)
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from decimal import Decimal  # noqa: E402

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402

from beacon.accounts.services import create_user  # noqa: E402
from beacon.chain import services  # noqa: E402
from beacon.chain.clients import client_for  # noqa: E402
from beacon.chain.models import ChainNetwork, ChainToken, DepositAddress  # noqa: E402
from beacon.chain.selectors import node_configs  # noqa: E402
from beacon.chain.tests.evm_chain import SECOND_MNEMONIC, TesterChain  # noqa: E402

ADDRESS = "0x" + "c1" * 20


def timed(fn: Callable[[], object], runs: int, before: Callable[[], None] | None = None) -> list[float]:
    samples = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def row(label: str, samples: list[float], outcome: str = "") -> None:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    print(f"  {label:<52} p50 {statistics.median(samples):8.1f} ms   p95 {p95:8.1f} ms   {outcome}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    runs = parser.parse_args().runs
    call_command("migrate", verbosity=0)
    eth, bsc = TesterChain(), TesterChain(SECOND_MNEMONIC)
    try:
        usdt = eth.deploy_token()
        network = ChainNetwork.objects.create(
            code="ETH", rpc_url=eth.url, native_asset="ETH", required_confirmations=3, timeout_seconds=1, retries=1
        )
        ChainNetwork.objects.create(code="BSC", rpc_url=bsc.url, native_asset="BNB", required_confirmations=3)
        ChainToken.objects.create(network=network, symbol="USDT", contract=usdt, decimals=6, min_deposit=Decimal(1))
        customer = create_user("bench@example.com", "bench-password-1", role="customer")
        DepositAddress.objects.create(customer=customer, network="ETH", address=ADDRESS)
        native = eth.send_native(ADDRESS, 10**18)
        token = eth.transfer_pair(usdt, (ADDRESS, 5 * 10**6), (ADDRESS, 7 * 10**6))
        eth.mine(3)
        elsewhere = bsc.send_native(ADDRESS, 10**18)
        client = client_for(node_configs()["ETH"])

        def check(txid: str, network: str = "ETH") -> str:
            data = services.CheckInput(kind="deposit", network=network, txid=txid)
            return services.evaluate(customer, data)[0].outcome

        print(f"On-chain check latency, {runs} runs each, nodes on 127.0.0.1 (median and 95th percentile):")
        row("EVM client lookup, native transfer (4 RPC calls)", timed(lambda: client.transaction(native), runs))
        row("EVM client lookup, 2 Transfer logs", timed(lambda: client.transaction(token), runs))
        row("full check, uncached", timed(lambda: check(native), runs, cache.clear), check(native))
        row("full check, final facts cached", timed(lambda: check(native), runs), check(native))
        row("full check, token deposit, uncached", timed(lambda: check(token), runs, cache.clear), check(token))
        row(
            "wrong network: ETH miss + BSC search", timed(lambda: check(elsewhere), runs, cache.clear), check(elsewhere)
        )
        eth.delay = 5.0
        row("slow ETH node (timeout 1 s, 1 retry)", timed(lambda: check(native), 3, cache.clear), check(native))
        eth.delay = 0
        eth.stop()
        row("ETH node down (connection refused, 1 retry)", timed(lambda: check(native), 5, cache.clear), check(native))
        litecoin(customer, runs)
    finally:
        bsc.stop()
        shutil.rmtree(WORKDIR, ignore_errors=True)


def litecoin(customer: object, runs: int) -> None:
    if shutil.which("litecoind") is None:
        print("  litecoind not installed: Bitcoin-family figures skipped")
        return
    from beacon.chain.tests.litecoin import LitecoinNode

    datadir = WORKDIR / "litecoind"
    datadir.mkdir()
    node = LitecoinNode(datadir)
    try:
        ChainNetwork.objects.create(
            code="LTC", rpc_url=node.url, native_asset="LTC", native_decimals=8, required_confirmations=3
        )
        address = node.new_address()
        DepositAddress.objects.create(customer=customer, network="LTC", address=address)
        txid = node.send(address, "0.5")
        node.mine(3)
        data = services.CheckInput(kind="deposit", network="LTC", txid=txid)
        outcome = services.evaluate(customer, data)[0].outcome  # type: ignore[arg-type]
        samples = timed(lambda: services.evaluate(customer, data), runs, cache.clear)  # type: ignore[arg-type]
        row("full check on litecoind regtest, uncached", samples, outcome)
    finally:
        node.stop()


if __name__ == "__main__":
    main()
