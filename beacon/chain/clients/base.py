"""What every chain client returns, and the plumbing they share: errors, retries, the final-result cache.

Clients are pure: they take a `NodeConfig` and talk JSON-RPC to a node. They never touch the ORM, so
they run in worker threads and in tests against a real in-process chain.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any, Protocol

logger = logging.getLogger(__name__)

PENDING = "pending"
SUCCESS = "success"
FAILED = "failed"


class NodeUnavailable(Exception):
    """The node could not be reached, timed out, or answered nonsense. Nothing is known about the
    transaction: callers must say so and retry later, never guess."""


class NodeError(Exception):
    """The node answered with an error that retrying will not fix (bad request, missing index…)."""


@dataclass(frozen=True)
class TokenSpec:
    symbol: str
    contract: str  # lower-case 0x address
    decimals: int


@dataclass(frozen=True)
class NodeConfig:
    """How to reach one network's node and how to read what it says."""

    network: str
    rpc_url: str
    native_asset: str
    native_decimals: int = 18
    required_confirmations: int = 12
    tokens: tuple[TokenSpec, ...] = ()
    timeout: float = 5.0
    retries: int = 1
    backoff: float = 0.25

    @property
    def cache_scope(self) -> str:
        # Two nodes for the same network code (a test chain, a new provider) must not share answers.
        return hashlib.sha256(f"{self.network}|{self.rpc_url}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Transfer:
    """Value moving to `recipient` in a transaction: the native coin, or an ERC-20 Transfer log."""

    asset: str  # ticker, or "" for a token that is not on the allow-list
    sender: str
    recipient: str
    amount: Decimal | None  # None when the token's decimals are unknown (unlisted token)
    raw_amount: int
    contract: str = ""  # token contract (lower-case); "" for the native coin
    listed: bool = True


@dataclass(frozen=True)
class TxFacts:
    """What the chain says about one transaction, as of `head`."""

    network: str
    txid: str
    status: str  # pending | success | failed
    sender: str = ""
    to: str = ""  # the transaction's own recipient (a contract for token transfers)
    to_is_contract: bool = False
    block_number: int | None = None
    block_hash: str = ""
    head: int | None = None
    confirmations: int = 0
    required_confirmations: int = 0
    transfers: tuple[Transfer, ...] = ()
    memo: str | None = None
    fee: Decimal | None = None
    checked_at: float = field(default_factory=time.time)

    @property
    def final(self) -> bool:
        """Deep enough that a reorganisation will not undo it (or failed in a block that deep)."""
        return self.status != PENDING and self.confirmations >= self.required_confirmations

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for transfer in data["transfers"]:
            transfer["amount"] = None if transfer["amount"] is None else str(transfer["amount"])
        data["fee"] = None if self.fee is None else str(self.fee)
        data["final"] = self.final
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TxFacts:
        data = {k: v for k, v in data.items() if k != "final"}
        data["transfers"] = tuple(
            Transfer(**{**t, "amount": None if t["amount"] is None else Decimal(t["amount"])})
            for t in data.get("transfers", ())
        )
        data["fee"] = None if data.get("fee") is None else Decimal(data["fee"])
        return cls(**data)


class FinalCache(Protocol):
    """Where final answers are kept (Django's cache fits). Only final facts are ever stored: a
    pending or shallow answer can change, a final one cannot."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def set(self, key: str, value: Any, timeout: int | None = ...) -> Any: ...


class MemoryCache:
    """A small in-process FinalCache for scripts and tests without Django."""

    def __init__(self) -> None:
        self._data: dict[str, Any] = {}

    def get(self, key: str, default: Any = None) -> Any:
        return self._data.get(key, default)

    def set(self, key: str, value: Any, timeout: int | None = None) -> None:
        self._data[key] = value


FINAL_TTL = 7 * 24 * 3600


class ChainClient(Protocol):
    config: NodeConfig

    def transaction(self, txid: str) -> TxFacts | None:
        """The facts about `txid`, or None when this node does not know it. Raises NodeUnavailable."""
        ...


def with_retries[T](config: NodeConfig, call: Callable[[], T], retryable: tuple[type[BaseException], ...]) -> T:
    """Run `call`, retrying transport failures `config.retries` times with a growing pause.
    The last failure becomes NodeUnavailable."""
    attempts = config.retries + 1
    for attempt in range(attempts):
        try:
            return call()
        except retryable as exc:
            logger.info("%s node attempt %d/%d failed: %s", config.network, attempt + 1, attempts, exc)
            if attempt + 1 == attempts:
                raise NodeUnavailable(f"{config.network}: {type(exc).__name__}") from exc
            time.sleep(config.backoff * (2**attempt))
    raise AssertionError("unreachable")  # pragma: no cover


class CachedClient:
    """Wraps a client: a final answer is remembered, everything else is asked again."""

    def __init__(self, client: ChainClient, cache: FinalCache) -> None:
        self.client = client
        self.config = client.config
        self.cache = cache

    def key(self, txid: str) -> str:
        return f"beacon.chain:{self.config.cache_scope}:{txid.lower()}"

    def transaction(self, txid: str) -> TxFacts | None:
        cached = self.cache.get(self.key(txid))
        if cached is not None:
            return TxFacts.from_dict(cached)
        facts = self.client.transaction(txid)
        if facts is not None and facts.final:
            self.cache.set(self.key(txid), facts.to_dict(), FINAL_TTL)
        return facts
