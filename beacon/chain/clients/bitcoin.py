"""Bitcoin-family nodes (Bitcoin Core, litecoind, and other Core forks) over their JSON-RPC.

`getrawtransaction <txid> true` finds any transaction when the node runs with `-txindex` (without
it only mempool and wallet transactions are found). An unconfirmed transaction has no
`confirmations` field. Output addresses are `scriptPubKey.address` on Core 22+ and
`scriptPubKey.addresses` on older forks such as Litecoin 0.21: both are read.
"""

from __future__ import annotations

import json
import logging
from decimal import Decimal
from typing import Any

import requests

from beacon.chain.clients.base import PENDING, SUCCESS, NodeConfig, NodeError, Transfer, TxFacts
from beacon.chain.clients.base import with_retries as _with_retries

logger = logging.getLogger(__name__)

NOT_FOUND = -5  # RPC_INVALID_ADDRESS_OR_KEY: "No such mempool or blockchain transaction"
MAX_INPUTS_RESOLVED = 5
_RETRYABLE: tuple[type[BaseException], ...] = (requests.ConnectionError, requests.Timeout, ConnectionError)


def _output_address(output: dict[str, Any]) -> str:
    script = output.get("scriptPubKey") or {}
    if script.get("address"):
        return str(script["address"])
    addresses = script.get("addresses") or []
    return str(addresses[0]) if len(addresses) == 1 else ""


class BitcoinClient:
    def __init__(self, config: NodeConfig, session: requests.Session | None = None) -> None:
        self.config = config
        self.session = session or requests.Session()

    def rpc(self, method: str, *params: Any) -> Any:
        """One JSON-RPC call. Returns the result, None for "no such transaction"; raises NodeError for
        other RPC errors and NodeUnavailable when the node cannot be reached."""

        def call() -> Any:
            response = self.session.post(
                self.config.rpc_url,
                data=json.dumps({"jsonrpc": "1.0", "id": "beacon", "method": method, "params": list(params)}),
                headers={"Content-Type": "application/json"},
                timeout=self.config.timeout,
            )
            if response.status_code in (401, 403):
                raise NodeError(f"{self.config.network}: the node refused Beacon's RPC credentials")
            if response.status_code >= 500 and not response.content.startswith(b"{"):
                raise ConnectionError(f"HTTP {response.status_code}")
            try:
                body = json.loads(response.content, parse_float=Decimal)
            except ValueError as exc:
                raise ConnectionError(f"unreadable answer (HTTP {response.status_code})") from exc
            error = body.get("error")
            if error:
                if error.get("code") == NOT_FOUND:
                    return None
                raise NodeError(f"{method}: {error.get('message')}")
            return body.get("result")

        return _with_retries(self.config, call, _RETRYABLE)

    def transaction(self, txid: str) -> TxFacts | None:
        tx = self.rpc("getrawtransaction", txid, True)
        if tx is None:
            return None
        senders, inputs_total = self._inputs(tx.get("vin") or [])
        sender = senders[0] if len(set(senders)) == 1 else ""
        outputs = []
        outputs_total = Decimal(0)
        for out in tx.get("vout") or []:
            value = Decimal(str(out.get("value", 0)))
            outputs_total += value
            address = _output_address(out)
            if address:
                outputs.append(
                    Transfer(
                        asset=self.config.native_asset,
                        sender=sender,
                        recipient=address,
                        amount=value.normalize(),
                        raw_amount=int(value.scaleb(self.config.native_decimals)),
                    )
                )
        confirmations = int(tx.get("confirmations") or 0)
        block_number = None
        head = None
        if confirmations > 0 and tx.get("blockhash"):
            head = int(self.rpc("getblockcount"))
            block_number = head - confirmations + 1
        fee = (inputs_total - outputs_total).normalize() if inputs_total is not None else None
        return TxFacts(
            network=self.config.network,
            txid=str(tx.get("txid") or txid),
            status=SUCCESS if confirmations > 0 else PENDING,
            sender=sender,
            to=outputs[0].recipient if len(outputs) == 1 else "",
            block_number=block_number,
            block_hash=str(tx.get("blockhash") or "") if confirmations > 0 else "",
            head=head,
            confirmations=confirmations,
            required_confirmations=self.config.required_confirmations,
            transfers=tuple(outputs),
            fee=fee,
        )

    def _inputs(self, vin: list[dict[str, Any]]) -> tuple[list[str], Decimal | None]:
        """Sender addresses and the total spent, from the outputs the inputs spend (a few lookups)."""
        if not vin or any("coinbase" in i for i in vin) or len(vin) > MAX_INPUTS_RESOLVED:
            return [], None
        senders: list[str] = []
        total = Decimal(0)
        for spent in vin:
            try:
                previous = self.rpc("getrawtransaction", spent["txid"], True)
            except NodeError:
                previous = None
            if previous is None:
                return senders, None
            output = previous["vout"][spent["vout"]]
            total += Decimal(str(output.get("value", 0)))
            senders.append(_output_address(output))
        return senders, total
