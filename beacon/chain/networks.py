"""Networks Beacon knows and the shape of their transaction ids and addresses (pure, no ORM).

Shape checks catch typos and wrong-chain pastes before anything is looked up on chain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Family(StrEnum):
    EVM = "evm"
    UTXO = "utxo"
    TRON = "tron"
    SOLANA = "solana"
    XRP = "xrp"
    TON = "ton"


@dataclass(frozen=True)
class Network:
    code: str
    name: str
    family: Family
    needs_memo: bool = False
    native_asset: str = ""


NETWORKS: dict[str, Network] = {
    n.code: n
    for n in (
        Network("ETH", "Ethereum (ERC20)", Family.EVM, native_asset="ETH"),
        Network("BSC", "BNB Smart Chain (BEP20)", Family.EVM, native_asset="BNB"),
        Network("POLYGON", "Polygon PoS", Family.EVM, native_asset="POL"),
        Network("ARBITRUM", "Arbitrum One", Family.EVM, native_asset="ETH"),
        Network("OPTIMISM", "Optimism", Family.EVM, native_asset="ETH"),
        Network("BASE", "Base", Family.EVM, native_asset="ETH"),
        Network("AVAXC", "Avalanche C-Chain", Family.EVM, native_asset="AVAX"),
        Network("BTC", "Bitcoin", Family.UTXO, native_asset="BTC"),
        Network("LTC", "Litecoin", Family.UTXO, native_asset="LTC"),
        Network("TRX", "TRON (TRC20)", Family.TRON, native_asset="TRX"),
        Network("SOL", "Solana", Family.SOLANA, native_asset="SOL"),
        Network("XRP", "XRP Ledger", Family.XRP, needs_memo=True, native_asset="XRP"),
        Network("TON", "TON", Family.TON, needs_memo=True, native_asset="TON"),
    )
}

_HEX64 = re.compile(r"[0-9a-fA-F]{64}")
_BASE58 = re.compile(r"[1-9A-HJ-NP-Za-km-z]+")
_TON_HASH = re.compile(r"[A-Za-z0-9+/_-]{43}=?")

_ADDRESS_PATTERNS: dict[Family, re.Pattern[str]] = {
    Family.EVM: re.compile(r"0x[0-9a-fA-F]{40}"),
    Family.UTXO: re.compile(r"(?:[13LM][1-9A-HJ-NP-Za-km-z]{25,34}|(?:bc1|ltc1|tb1|rltc1|bcrt1)[0-9a-z]{8,87})"),
    Family.TRON: re.compile(r"T[1-9A-HJ-NP-Za-km-z]{33}"),
    Family.SOLANA: re.compile(r"[1-9A-HJ-NP-Za-km-z]{32,44}"),
    Family.XRP: re.compile(r"r[1-9A-HJ-NP-Za-km-z]{24,34}"),
    Family.TON: re.compile(r"(?:[EU]Q[A-Za-z0-9_-]{46}|-?\d:[0-9a-fA-F]{64})"),
}


def txid_is_well_formed(network: str, txid: str) -> bool:
    net = NETWORKS.get(network)
    txid = txid.strip()
    if net is None:
        return bool(_HEX64.fullmatch(txid.removeprefix("0x")))
    if net.family is Family.EVM:
        return txid.startswith("0x") and bool(_HEX64.fullmatch(txid[2:]))
    if net.family in {Family.UTXO, Family.TRON, Family.XRP}:
        return bool(_HEX64.fullmatch(txid))
    if net.family is Family.SOLANA:
        return 80 <= len(txid) <= 90 and bool(_BASE58.fullmatch(txid))
    return bool(_HEX64.fullmatch(txid) or _TON_HASH.fullmatch(txid))


def address_is_well_formed(network: str, address: str) -> bool:
    net = NETWORKS.get(network)
    if net is None:
        return 20 <= len(address) <= 100
    return bool(_ADDRESS_PATTERNS[net.family].fullmatch(address.strip()))


def txid_example(network: str) -> str:
    net = NETWORKS.get(network)
    if net is not None and net.family is Family.EVM:
        return "0x" + "ab" * 32
    if net is not None and net.family is Family.SOLANA:
        return "base58, 87–88 characters"
    return "ab" * 32


def normalize_txid(network: str, txid: str) -> str:
    """The form a TXID is stored and looked up in: EVM hashes lower-case with 0x (wallets often drop
    the prefix), Bitcoin-family hashes lower-case hex; other chains as typed."""
    txid = txid.strip()
    net = NETWORKS.get(network)
    if net is not None and net.family is Family.EVM:
        bare = txid.removeprefix("0x").removeprefix("0X")
        return "0x" + bare.lower() if _HEX64.fullmatch(bare) else txid
    if (net is None or net.family is Family.UTXO) and _HEX64.fullmatch(txid):
        return txid.lower()
    return txid


def same_family(network: str) -> list[str]:
    """Other networks whose transactions share this one's id and address formats (Ethereum, BSC,
    Polygon… all use 0x hashes and addresses), where a wrong-network deposit usually lands."""
    net = NETWORKS.get(network)
    if net is None:
        return []
    return [code for code, other in NETWORKS.items() if other.family is net.family and code != network]
