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


NETWORKS: dict[str, Network] = {
    n.code: n
    for n in (
        Network("ETH", "Ethereum (ERC20)", Family.EVM),
        Network("BSC", "BNB Smart Chain (BEP20)", Family.EVM),
        Network("POLYGON", "Polygon PoS", Family.EVM),
        Network("ARBITRUM", "Arbitrum One", Family.EVM),
        Network("OPTIMISM", "Optimism", Family.EVM),
        Network("BTC", "Bitcoin", Family.UTXO),
        Network("LTC", "Litecoin", Family.UTXO),
        Network("TRX", "TRON (TRC20)", Family.TRON),
        Network("SOL", "Solana", Family.SOLANA),
        Network("XRP", "XRP Ledger", Family.XRP, needs_memo=True),
        Network("TON", "TON", Family.TON, needs_memo=True),
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
