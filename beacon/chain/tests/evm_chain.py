"""A real EVM chain for tests: eth-tester + py-evm in-process, served over HTTP JSON-RPC on 127.0.0.1
so Beacon's client talks to it exactly as it talks to a node (timeouts, retries and all).

The ERC-20 token is assembled here from hand-written EVM bytecode: no compiler is downloaded.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from eth_tester import EthereumTester, PyEVMBackend
from hexbytes import HexBytes
from web3 import EthereumTesterProvider, Web3

OPCODES = {
    "STOP": 0x00, "ADD": 0x01, "SUB": 0x03, "LT": 0x10, "EQ": 0x14, "SHR": 0x1C,
    "CALLER": 0x33, "CALLDATALOAD": 0x35, "CODECOPY": 0x39,
    "MSTORE": 0x52, "SLOAD": 0x54, "SSTORE": 0x55, "JUMPI": 0x57, "JUMPDEST": 0x5B,
    "DUP1": 0x80, "DUP2": 0x81, "SWAP1": 0x90, "LOG3": 0xA3, "RETURN": 0xF3, "REVERT": 0xFD,
}  # fmt: skip
TRANSFER_SIG = Web3.keccak(text="Transfer(address,address,uint256)")
SELECTORS = {
    "transfer": Web3.keccak(text="transfer(address,uint256)")[:4],
    "balanceOf": Web3.keccak(text="balanceOf(address)")[:4],
    "transferPair": Web3.keccak(text="transferPair(address,uint256,address,uint256)")[:4],
}


def assemble(program: list[Any]) -> bytes:
    """Opcodes by name, ("PUSH", n, value), ("PUSHL", label) for a 2-byte jump target, ("LABEL", name)."""

    def size(item: Any) -> int:
        if isinstance(item, tuple):
            return {"PUSH": 1 + item[1] if item[0] == "PUSH" else 0, "PUSHL": 3, "LABEL": 0}[item[0]] + (
                1 if item[0] == "LABEL" else 0
            )
        return 1

    labels: dict[str, int] = {}
    offset = 0
    for item in program:
        if isinstance(item, tuple) and item[0] == "LABEL":
            labels[item[1]] = offset
        offset += size(item)
    code = bytearray()
    for item in program:
        if isinstance(item, tuple) and item[0] == "PUSH":
            _, width, value = item
            data = value if isinstance(value, bytes) else int(value).to_bytes(width, "big")
            code += bytes([0x5F + width]) + data.rjust(width, b"\0")
        elif isinstance(item, tuple) and item[0] == "PUSHL":
            code += bytes([0x61]) + labels[item[1]].to_bytes(2, "big")
        elif isinstance(item, tuple) and item[0] == "LABEL":
            code.append(OPCODES["JUMPDEST"])
        else:
            code.append(OPCODES[item])
    return bytes(code)


def _move(to_offset: int, amount_offset: int) -> list[Any]:
    """balance[caller] -= amount (revert if short); balance[to] += amount; emit Transfer(caller, to, amount).
    Balances live at storage slot = address."""
    return [
        ("PUSH", 1, amount_offset), "CALLDATALOAD", "CALLER", "SLOAD",
        "DUP2", "DUP2", "LT", ("PUSHL", "fail"), "JUMPI",
        "SUB", "CALLER", "SSTORE",
        ("PUSH", 1, to_offset), "CALLDATALOAD", "DUP1", "SLOAD",
        ("PUSH", 1, amount_offset), "CALLDATALOAD", "ADD", "SWAP1", "SSTORE",
        ("PUSH", 1, amount_offset), "CALLDATALOAD", ("PUSH", 1, 0), "MSTORE",
        ("PUSH", 1, to_offset), "CALLDATALOAD", "CALLER", ("PUSH", 32, bytes(TRANSFER_SIG)),
        ("PUSH", 1, 32), ("PUSH", 1, 0), "LOG3",
    ]  # fmt: skip


RETURN_TRUE = [("PUSH", 1, 1), ("PUSH", 1, 0), "MSTORE", ("PUSH", 1, 32), ("PUSH", 1, 0), "RETURN"]


def token_runtime() -> bytes:
    return assemble(
        [
            ("PUSH", 1, 0), "CALLDATALOAD", ("PUSH", 1, 0xE0), "SHR",
            "DUP1", ("PUSH", 4, SELECTORS["transfer"]), "EQ", ("PUSHL", "transfer"), "JUMPI",
            "DUP1", ("PUSH", 4, SELECTORS["balanceOf"]), "EQ", ("PUSHL", "balanceOf"), "JUMPI",
            "DUP1", ("PUSH", 4, SELECTORS["transferPair"]), "EQ", ("PUSHL", "pair"), "JUMPI",
            ("LABEL", "fail"), ("PUSH", 1, 0), ("PUSH", 1, 0), "REVERT",
            ("LABEL", "transfer"), *_move(0x04, 0x24), *RETURN_TRUE,
            ("LABEL", "pair"), *_move(0x04, 0x24), *_move(0x44, 0x64), *RETURN_TRUE,
            ("LABEL", "balanceOf"), ("PUSH", 1, 4), "CALLDATALOAD", "SLOAD", ("PUSH", 1, 0), "MSTORE",
            ("PUSH", 1, 32), ("PUSH", 1, 0), "RETURN",
        ]
    )  # fmt: skip


def token_init_code(supply: int) -> bytes:
    """Constructor: the whole supply to the deployer (with its Transfer from 0x0), then the runtime."""
    runtime = token_runtime()

    def program(runtime_offset: int) -> list[Any]:
        return [
            ("PUSH", 32, supply), "CALLER", "SSTORE",
            ("PUSH", 32, supply), ("PUSH", 1, 0), "MSTORE",
            "CALLER", ("PUSH", 1, 0), ("PUSH", 32, bytes(TRANSFER_SIG)), ("PUSH", 1, 32), ("PUSH", 1, 0), "LOG3",
            ("PUSH", 2, len(runtime)), "DUP1", ("PUSH", 2, runtime_offset), ("PUSH", 1, 0), "CODECOPY",
            ("PUSH", 1, 0), "RETURN",
        ]  # fmt: skip

    head = assemble(program(0))
    return assemble(program(len(head))) + runtime


def _word(value: int | str) -> bytes:
    return (int(value, 16) if isinstance(value, str) else value).to_bytes(32, "big")


def _wire(value: Any) -> Any:
    """web3's Python values back to JSON-RPC wire format (quantities and bytes as 0x hex)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return hex(value)
    if isinstance(value, bytes | bytearray | HexBytes):
        return "0x" + bytes(value).hex()
    if isinstance(value, dict) or hasattr(value, "items"):
        return {k: _wire(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_wire(v) for v in value]
    return value


class TesterChain:
    """One in-process chain and its JSON-RPC endpoint. `delay` makes the node slow; `stop()` takes it down."""

    __test__ = False  # not a test class, despite its name

    def __init__(self, mnemonic: str | None = None) -> None:
        # Chains started from different mnemonics have different accounts, so their transactions never
        # share a hash (eth-tester's chain id is fixed).
        backend = PyEVMBackend(mnemonic=mnemonic) if mnemonic else PyEVMBackend()
        self.tester = EthereumTester(backend)
        self.w3 = Web3(EthereumTesterProvider(self.tester))
        self.accounts = list(self.w3.eth.accounts)
        self.lock = threading.Lock()
        self.delay = 0.0
        self.requests = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        chain = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                chain.requests += 1
                request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if chain.delay:
                    time.sleep(chain.delay)
                with chain.lock:
                    try:
                        result = chain.w3.manager.request_blocking(request["method"], request.get("params", []))
                        body = {"jsonrpc": "2.0", "id": request["id"], "result": _wire(result)}
                    except Exception as exc:
                        body = {"jsonrpc": "2.0", "id": request["id"], "error": {"code": -32000, "message": str(exc)}}
                data = json.dumps(body).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler

    # --- what a wallet does -------------------------------------------------------------------
    def send_native(self, to: str, wei: int, sender: int = 0) -> str:
        with self.lock:
            tx = {"from": self.accounts[sender], "to": Web3.to_checksum_address(to), "value": wei}
            return self.w3.eth.send_transaction(tx).to_0x_hex()

    def deploy_token(self, supply: int = 10**30, sender: int = 0) -> str:
        with self.lock:
            tx_hash = self.w3.eth.send_transaction({"from": self.accounts[sender], "data": token_init_code(supply)})
            if not self._automine:
                self.tester.mine_blocks(1)
            receipt = self.w3.eth.get_transaction_receipt(tx_hash)
        return str(receipt["contractAddress"]).lower()

    def call_token(self, token: str, data: bytes, sender: int = 0, gas: int | None = None) -> str:
        with self.lock:
            tx: dict[str, Any] = {"from": self.accounts[sender], "to": Web3.to_checksum_address(token), "data": data}
            if gas is not None:
                tx["gas"] = gas
            return self.w3.eth.send_transaction(tx).to_0x_hex()  # type: ignore[arg-type]

    def transfer_token(self, token: str, to: str, amount: int, sender: int = 0, gas: int | None = None) -> str:
        return self.call_token(token, SELECTORS["transfer"] + _word(to) + _word(amount), sender, gas)

    def transfer_pair(self, token: str, first: tuple[str, int], second: tuple[str, int], sender: int = 0) -> str:
        data = SELECTORS["transferPair"] + _word(first[0]) + _word(first[1]) + _word(second[0]) + _word(second[1])
        return self.call_token(token, data, sender)

    def balance_of(self, token: str, owner: str) -> int:
        with self.lock:
            result = self.w3.eth.call(
                {"to": Web3.to_checksum_address(token), "data": SELECTORS["balanceOf"] + _word(owner)}
            )
        return int.from_bytes(result, "big")

    # --- block production ---------------------------------------------------------------------
    _automine = True

    def hold_blocks(self) -> None:
        """New transactions wait in the mempool until mine() is called."""
        with self.lock:
            self.tester.disable_auto_mine_transactions()
            self._automine = False

    def mine(self, blocks: int = 1) -> None:
        with self.lock:
            self.tester.mine_blocks(blocks)

    def snapshot(self) -> int:
        with self.lock:
            return int(self.tester.take_snapshot())

    def reorganise(self, snapshot: int) -> None:
        """Drop every block after the snapshot, as a chain reorganisation does."""
        with self.lock:
            self.tester.revert_to_snapshot(snapshot)


SECOND_MNEMONIC = "test test test test test test test test test test test junk"


def running_chains(count: int) -> Iterator[list[TesterChain]]:
    chains = [TesterChain(None if n == 0 else SECOND_MNEMONIC) for n in range(count)]
    try:
        yield chains
    finally:
        for chain in chains:
            chain.stop()
