"""litecoind (a Bitcoin Core 0.21 fork, packaged by Debian) in regtest on 127.0.0.1, for tests of the
Bitcoin-family client. Started once per test session; tests are skipped when the binary is absent."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import requests

USER, PASSWORD = "beacon", "regtest-only-password"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LitecoinNode:
    def __init__(self, datadir: Path) -> None:
        self.rpc_port = _free_port()
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [
                shutil.which("litecoind") or "litecoind",
                "-regtest",
                f"-datadir={datadir}",
                f"-rpcport={self.rpc_port}",
                f"-port={_free_port()}",
                "-rpcbind=127.0.0.1",
                "-rpcallowip=127.0.0.1",
                f"-rpcuser={USER}",
                f"-rpcpassword={PASSWORD}",
                "-listen=0",
                "-txindex=1",
                "-server=1",
                "-fallbackfee=0.0002",
                "-printtoconsole=0",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self._wait_ready()
        self.rpc("createwallet", "tests")
        self.miner = self.rpc("getnewaddress", wallet=True)
        self.rpc("generatetoaddress", 101, self.miner)

    @property
    def url(self) -> str:
        return f"http://{USER}:{PASSWORD}@127.0.0.1:{self.rpc_port}/"

    def rpc(self, method: str, *params: Any, wallet: bool = False) -> Any:
        url = f"http://127.0.0.1:{self.rpc_port}/" + ("wallet/tests" if wallet else "")
        response = requests.post(
            url,
            data=json.dumps({"jsonrpc": "1.0", "id": "t", "method": method, "params": list(params)}, default=str),
            auth=(USER, PASSWORD),
            timeout=30,
        )
        body = response.json(parse_float=Decimal)
        if body.get("error"):
            raise RuntimeError(f"{method}: {body['error']}")
        return body["result"]

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"litecoind exited: {self.process.stderr.read().decode() if self.process.stderr else ''}"
                )
            try:
                self.rpc("getblockchaininfo")
                return
            except (requests.ConnectionError, RuntimeError):
                time.sleep(0.2)
        raise RuntimeError("litecoind did not start within 60 s")

    def new_address(self) -> str:
        return str(self.rpc("getnewaddress", wallet=True))

    def send(self, address: str, amount: str) -> str:
        return str(self.rpc("sendtoaddress", address, amount, wallet=True))

    def mine(self, blocks: int = 1) -> list[str]:
        return list(self.rpc("generatetoaddress", blocks, self.miner))

    def stop(self) -> None:
        try:
            self.rpc("stop")
            self.process.wait(timeout=30)
        except Exception:
            self.process.kill()
            self.process.wait(timeout=10)


def running_litecoind(datadir: Path) -> Iterator[LitecoinNode]:
    if shutil.which("litecoind") is None:
        pytest.skip("litecoind is not installed: `apt-get install litecoind` (listed in scripts/ci-apt-packages.txt)")
    node = LitecoinNode(datadir)
    try:
        yield node
    finally:
        node.stop()
