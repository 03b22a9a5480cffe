"""Chain clients: pure code that asks a node about a transaction (no ORM, no Django)."""

from __future__ import annotations

from beacon.chain.clients.base import (
    FAILED,
    PENDING,
    SUCCESS,
    CachedClient,
    ChainClient,
    FinalCache,
    MemoryCache,
    NodeConfig,
    NodeError,
    NodeUnavailable,
    TokenSpec,
    Transfer,
    TxFacts,
)
from beacon.chain.networks import NETWORKS, Family


def client_for(config: NodeConfig, cache: FinalCache | None = None) -> ChainClient:
    """The client for a configured network, wrapped in the final-result cache when one is given."""
    family = NETWORKS[config.network].family if config.network in NETWORKS else None
    client: ChainClient
    if family is Family.EVM:
        from beacon.chain.clients.evm import EvmClient

        client = EvmClient(config)
    elif family is Family.UTXO:
        from beacon.chain.clients.bitcoin import BitcoinClient

        client = BitcoinClient(config)
    else:
        raise NodeError(f"no client for {config.network}")
    return CachedClient(client, cache) if cache is not None else client


FAMILIES_WITH_CLIENTS = frozenset({Family.EVM, Family.UTXO})

__all__ = [
    "FAILED",
    "FAMILIES_WITH_CLIENTS",
    "PENDING",
    "SUCCESS",
    "CachedClient",
    "ChainClient",
    "FinalCache",
    "MemoryCache",
    "NodeConfig",
    "NodeError",
    "NodeUnavailable",
    "TokenSpec",
    "Transfer",
    "TxFacts",
    "client_for",
]
