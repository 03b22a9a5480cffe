"""EVM networks (Ethereum, BSC, Polygon, Arbitrum…) over standard JSON-RPC with web3.py.

Four calls answer everything a deposit check needs: eth_getTransactionByHash (blockNumber is null
while pending), eth_getTransactionReceipt (status and logs), eth_blockNumber (confirmations =
head − block + 1) and eth_getCode on the recipient (a contract or a person's address). ERC-20
deposits are Transfer(address,address,uint256) logs; one transaction can hold several.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import requests
from hexbytes import HexBytes
from web3 import HTTPProvider, Web3
from web3.exceptions import ProviderConnectionError, TransactionNotFound, Web3RPCError
from web3.providers.base import BaseProvider

from beacon.chain.clients.base import FAILED, PENDING, SUCCESS, NodeConfig, NodeError, Transfer, TxFacts
from beacon.chain.clients.base import with_retries as _with_retries

TRANSFER_TOPIC = "0x" + Web3.keccak(text="Transfer(address,address,uint256)").hex().removeprefix("0x")
_RETRYABLE: tuple[type[BaseException], ...] = (requests.RequestException, ProviderConnectionError, ConnectionError)


def _hex(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray):
        return "0x" + bytes(value).hex()
    return str(value).lower()


def _address(value: Any) -> str:
    return str(value).lower() if value else ""


def units(raw: int, decimals: int) -> Decimal:
    return Decimal(raw).scaleb(-decimals).normalize() if raw else Decimal(0)


class EvmClient:
    def __init__(self, config: NodeConfig, provider: BaseProvider | None = None) -> None:
        self.config = config
        if provider is None:
            provider = HTTPProvider(
                config.rpc_url,
                request_kwargs={"timeout": config.timeout},
                exception_retry_configuration=None,  # retries are ours: same policy on every chain
            )
        self.w3 = Web3(provider)
        self.tokens = {t.contract.lower(): t for t in config.tokens}

    def _call(self, method: str, *args: Any) -> Any:
        def call() -> Any:
            try:
                return getattr(self.w3.eth, method)(*args)
            except TransactionNotFound:
                return None
            except Web3RPCError as exc:
                raise NodeError(str(exc)) from exc
            except ValueError as exc:
                # A proxy's HTML error page or a truncated body: the node is not answering properly.
                raise ConnectionError(f"unreadable answer: {exc}") from exc

        return _with_retries(self.config, call, _RETRYABLE)

    def transaction(self, txid: str) -> TxFacts | None:
        tx = self._call("get_transaction", txid)
        if tx is None:
            return None
        sender = _address(tx.get("from"))
        to = _address(tx.get("to"))
        value = int(tx.get("value") or 0)
        native: tuple[Transfer, ...] = ()
        if value and to:
            native = (
                Transfer(
                    asset=self.config.native_asset,
                    sender=sender,
                    recipient=to,
                    amount=units(value, self.config.native_decimals),
                    raw_amount=value,
                ),
            )
        base: dict[str, Any] = {
            "network": self.config.network,
            "txid": _hex(tx.get("hash")) or txid,
            "sender": sender,
            "to": to,
            "required_confirmations": self.config.required_confirmations,
        }
        receipt = None if tx.get("blockNumber") is None else self._call("get_transaction_receipt", txid)
        if receipt is None or receipt.get("blockNumber") is None:
            return TxFacts(status=PENDING, transfers=native, to_is_contract=self._is_contract(to), **base)
        block = int(receipt["blockNumber"])
        head = int(self._call("get_block_number"))
        if _hex(receipt.get("blockHash")) != _hex(tx.get("blockHash")):
            # The transaction and its receipt disagree on the block: a reorganisation is happening.
            # Report it as pending rather than trust either half.
            return TxFacts(status=PENDING, transfers=native, to_is_contract=self._is_contract(to), head=head, **base)
        status = SUCCESS if int(receipt.get("status", 1)) == 1 else FAILED
        transfers = native + self._token_transfers(receipt.get("logs") or []) if status == SUCCESS else ()
        gas_price = int(receipt.get("effectiveGasPrice") or tx.get("gasPrice") or 0)
        fee = units(int(receipt.get("gasUsed") or 0) * gas_price, self.config.native_decimals)
        return TxFacts(
            status=status,
            block_number=block,
            block_hash=_hex(receipt.get("blockHash")),
            head=head,
            confirmations=max(0, head - block + 1),
            transfers=transfers,
            to_is_contract=self._is_contract(to),
            fee=fee,
            **base,
        )

    def _token_transfers(self, logs: list[Any]) -> tuple[Transfer, ...]:
        found = []
        for log in logs:
            topics = [_hex(t) for t in log.get("topics") or []]
            # Three topics: an ERC-20 Transfer. ERC-721 uses four (the token id is indexed).
            if len(topics) != 3 or topics[0] != TRANSFER_TOPIC or log.get("removed"):
                continue
            contract = _address(log.get("address"))
            data = HexBytes(log.get("data") or b"")
            raw = int.from_bytes(bytes(data[:32]), "big") if data else 0
            token = self.tokens.get(contract)
            found.append(
                Transfer(
                    asset=token.symbol if token else "",
                    sender="0x" + topics[1][-40:],
                    recipient="0x" + topics[2][-40:],
                    amount=units(raw, token.decimals) if token else None,
                    raw_amount=raw,
                    contract=contract,
                    listed=token is not None,
                )
            )
        return tuple(found)

    def _is_contract(self, address: str) -> bool:
        if not address:
            return False
        if address in self.tokens:
            return True
        code = self._call("get_code", Web3.to_checksum_address(address))
        return bool(code) and bytes(code) != b""
