"""The deposit and withdrawal checks: chain facts + the exchange's records → one explained outcome.

Pure functions over plain data (no ORM, no network): services gather the inputs. The order follows
the "Deposit not credited" list in docs/chain.md. Two rules hold everywhere:
- only the exchange's own record says "credited"; the chain alone never does;
- when the chain cannot tell (node down, contract internals), the outcome says so and offers a
  ticket instead of guessing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from beacon.chain.clients import FAILED, PENDING, Transfer, TxFacts
from beacon.chain.networks import NETWORKS, Family, normalize_txid
from beacon.chain.outcomes import OUTCOMES, render


@dataclass(frozen=True)
class Maintenance:
    until: datetime | None
    note: str = ""


@dataclass(frozen=True)
class NetworkRules:
    code: str
    native_asset: str
    native_min: Decimal = Decimal(0)
    token_mins: dict[str, Decimal] = field(default_factory=dict)
    token_contracts: frozenset[str] = frozenset()
    required_confirmations: int = 12
    block_seconds: int = 12
    checkable: bool = False
    maintenance: Maintenance | None = None

    @property
    def name(self) -> str:
        return NETWORKS[self.code].name if self.code in NETWORKS else self.code

    @property
    def needs_memo(self) -> bool:
        return self.code in NETWORKS and NETWORKS[self.code].needs_memo

    def minimum(self, asset: str) -> Decimal:
        return self.native_min if asset == self.native_asset else self.token_mins.get(asset, Decimal(0))


@dataclass(frozen=True)
class AddressInfo:
    network: str
    address: str
    asset: str = ""
    memo: str = ""


@dataclass(frozen=True)
class CreditInfo:
    network: str
    asset: str
    txid: str
    address: str
    amount: Decimal
    credited_at: datetime


@dataclass(frozen=True)
class WithdrawalInfo:
    reference: str
    network: str
    asset: str
    amount: Decimal
    address: str
    txid: str
    status: str


@dataclass(frozen=True)
class Lookup:
    """What the nodes said: facts on the chosen network, or on a sibling network, or nothing."""

    network: str
    checkable: bool
    facts: TxFacts | None = None
    unreachable: bool = False
    found_elsewhere: TxFacts | None = None
    unreachable_siblings: tuple[str, ...] = ()


@dataclass(frozen=True)
class DepositQuery:
    network: str
    txid: str
    asset: str = ""
    amount: Decimal | None = None
    memo: str = ""


@dataclass(frozen=True)
class Verdict:
    outcome: str
    params: dict[str, Any]
    final: bool
    facts: TxFacts | None = None
    found_network: str = ""
    matched: tuple[Transfer, ...] = ()

    @property
    def offers_ticket(self) -> bool:
        return OUTCOMES[self.outcome].offers_ticket

    @property
    def tone(self) -> str:
        return OUTCOMES[self.outcome].tone

    def text(self, language: str | None = None) -> dict[str, str]:
        return render(self.outcome, self.params, language)


def fmt_amount(value: Decimal | None) -> str:
    if value is None:
        return "?"
    text = format(value.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")


def describe(transfers: tuple[Transfer, ...] | list[Transfer]) -> str:
    parts = []
    for t in transfers:
        parts.append(f"{fmt_amount(t.amount)} {t.asset}" if t.listed else f"{t.raw_amount} (token {t.contract})")
    return ", ".join(parts) or "—"


def same_address(network: str, a: str, b: str) -> bool:
    a, b = a.strip(), b.strip()
    family = NETWORKS[network].family if network in NETWORKS else None
    if family is Family.EVM or a.lower().startswith(("bc1", "ltc1", "tb1", "rltc1", "bcrt1")):
        return a.lower() == b.lower()
    return a == b


def _mine(network: str, transfers: tuple[Transfer, ...], addresses: list[AddressInfo]) -> list[Transfer]:
    own = [a for a in addresses if a.network == network]
    return [
        t
        for t in transfers
        if any(same_address(network, t.recipient, a.address) and (not a.asset or a.asset == t.asset) for a in own)
    ]


def mine_indices(facts: TxFacts | None, addresses: list[AddressInfo]) -> list[int]:
    """Positions of the transfers that went to one of the customer's deposit addresses."""
    if facts is None:
        return []
    mine = _mine(facts.network, facts.transfers, addresses)
    return [i for i, t in enumerate(facts.transfers) if t in mine]


def _base_params(rules: NetworkRules, facts: TxFacts | None) -> dict[str, Any]:
    params: dict[str, Any] = {"network": rules.name, "required": rules.required_confirmations}
    if facts is not None:
        params.update(
            confirmations=facts.confirmations,
            block=facts.block_number if facts.block_number is not None else "—",
            recipient=facts.to or "—",
        )
    return params


def _minutes(rules: NetworkRules, confirmations: int) -> int:
    remaining = max(0, rules.required_confirmations - confirmations)
    return max(1, math.ceil(remaining * rules.block_seconds / 60))


def _memo_verdict(rules: NetworkRules, memo: str | None, addresses: list[AddressInfo], final: bool) -> Verdict | None:
    if not rules.needs_memo:
        return None
    memos = sorted({a.memo for a in addresses if a.network == rules.code and a.memo})
    if not memos:
        return None
    params = {"network": rules.name, "memo": ", ".join(memos), "given": memo or ""}
    if not memo:
        return Verdict("memo_missing", params, final=final)
    if memo.strip() not in memos:
        return Verdict("memo_mismatch", params, final=final)
    return None


def _maintenance_verdict(rules: NetworkRules, facts: TxFacts | None = None) -> Verdict:
    window = rules.maintenance or Maintenance(until=None)
    params = _base_params(rules, facts)
    params.update(until=f"{window.until:%Y-%m-%d %H:%M} UTC" if window.until else "—", note=window.note)
    return Verdict("maintenance", params, final=False, facts=facts)


def evaluate_deposit(
    query: DepositQuery,
    rules: dict[str, NetworkRules],
    lookup: Lookup,
    addresses: list[AddressInfo],
    credits: list[CreditInfo],
) -> Verdict:
    net = rules[query.network]
    txid = normalize_txid(query.network, query.txid)
    credit = next((c for c in credits if normalize_txid(c.network, c.txid) == txid), None)
    if credit is not None:
        params = _base_params(net, lookup.facts)
        params.update(
            amount=fmt_amount(credit.amount), asset=credit.asset, credited_at=f"{credit.credited_at:%Y-%m-%d %H:%M} UTC"
        )
        return Verdict("credited", params, final=True, facts=lookup.facts)
    if not lookup.checkable:
        memo = _memo_verdict(net, query.memo, addresses, final=True)
        if memo is None and net.maintenance is not None:
            return _maintenance_verdict(net)
        return memo or Verdict("not_checkable", {"network": net.name}, final=True)
    facts = lookup.facts
    if facts is None and lookup.unreachable:
        if net.maintenance is not None:
            return _maintenance_verdict(net)
        return Verdict("unreachable", {"network": net.name}, final=False)
    if facts is None:
        return _elsewhere(net, rules, lookup, addresses) or Verdict("not_found", {"network": net.name}, final=False)
    params = _base_params(net, facts)
    if facts.status == PENDING:
        return Verdict("pending", params, final=False, facts=facts)
    if facts.status == FAILED:
        return Verdict("failed", params, final=facts.final, facts=facts)
    mine = _mine(net.code, facts.transfers, addresses)
    if not mine:
        return _not_to_customer(net, facts, params)
    listed = [t for t in mine if t.listed]
    params.update(transfers=describe(listed or mine))
    if not listed:
        params.update(contract=mine[0].contract)
        return Verdict("unlisted_token", params, final=facts.final, facts=facts, matched=tuple(mine))
    memo = _memo_verdict(net, facts.memo if facts.memo is not None else query.memo, addresses, facts.final)
    if memo is not None:
        return Verdict(memo.outcome, {**params, **memo.params}, final=memo.final, facts=facts, matched=tuple(listed))
    totals: dict[str, Decimal] = {}
    for t in listed:
        totals[t.asset] = totals.get(t.asset, Decimal(0)) + (t.amount or Decimal(0))
    for asset, total in totals.items():
        minimum = net.minimum(asset)
        if total < minimum:
            params.update(amount=fmt_amount(total), asset=asset, minimum=fmt_amount(minimum))
            return Verdict("below_minimum", params, final=facts.final, facts=facts, matched=tuple(listed))
    if facts.confirmations < net.required_confirmations:
        params.update(minutes=_minutes(net, facts.confirmations))
        return Verdict("confirming", params, final=False, facts=facts, matched=tuple(listed))
    if net.maintenance is not None:
        return _maintenance_verdict(net, facts)
    return Verdict("awaiting_credit", params, final=facts.final, facts=facts, matched=tuple(listed))


def _not_to_customer(net: NetworkRules, facts: TxFacts, params: dict[str, Any]) -> Verdict:
    contracts = net.token_contracts | {t.contract for t in facts.transfers if t.contract}
    into_contract = [t for t in facts.transfers if t.recipient.lower() in contracts]
    if into_contract:
        params.update(recipient=into_contract[0].recipient, transfers=describe(into_contract))
        return Verdict("sent_to_contract", params, final=facts.final, facts=facts)
    emitters = {t.contract for t in facts.transfers if t.contract}
    plain_token_call = bool(emitters) and emitters == {facts.to}
    if facts.to_is_contract and not plain_token_call:
        # A router, wallet or bridge contract may pay the customer internally, which a standard node
        # does not show: say we cannot tell rather than "wrong address".
        return Verdict("contract_interaction", params, final=facts.final, facts=facts)
    recipients = sorted({t.recipient for t in facts.transfers}) or [facts.to]
    params.update(recipient=", ".join(r for r in recipients if r) or "—", transfers=describe(facts.transfers))
    return Verdict("wrong_recipient", params, final=facts.final, facts=facts)


def _elsewhere(
    net: NetworkRules, rules: dict[str, NetworkRules], lookup: Lookup, addresses: list[AddressInfo]
) -> Verdict | None:
    found = lookup.found_elsewhere
    if found is None:
        return None
    other = rules.get(found.network)
    params = _base_params(net, found)
    params.update(found_network=other.name if other else found.network, transfers=describe(found.transfers))
    supported = bool(_mine(found.network, found.transfers, addresses))
    outcome = "wrong_network_supported" if supported else "wrong_network"
    return Verdict(outcome, params, final=found.final, facts=found, found_network=found.network)


def evaluate_withdrawal(
    network: str, txid: str, rules: dict[str, NetworkRules], lookup: Lookup, withdrawals: list[WithdrawalInfo]
) -> Verdict:
    net = rules[network]
    txid = normalize_txid(network, txid)
    withdrawal = next((w for w in withdrawals if w.txid and normalize_txid(w.network, w.txid) == txid), None)
    if withdrawal is None:
        return Verdict("withdrawal_unknown", {"network": net.name}, final=True)
    if not lookup.checkable:
        return Verdict("not_checkable", {"network": net.name}, final=True)
    facts = lookup.facts
    if facts is None and lookup.unreachable:
        return Verdict("unreachable", {"network": net.name}, final=False)
    params = _base_params(net, facts)
    params.update(
        amount=fmt_amount(withdrawal.amount),
        asset=withdrawal.asset,
        recipient=withdrawal.address,
        reference=withdrawal.reference,
        status=withdrawal.status,
    )
    if facts is None:
        return Verdict("withdrawal_not_found", params, final=False)
    if facts.status == PENDING:
        return Verdict("withdrawal_pending", params, final=False, facts=facts)
    if facts.status == FAILED:
        return Verdict("withdrawal_failed", params, final=facts.final, facts=facts)
    if facts.confirmations < net.required_confirmations:
        params.update(minutes=_minutes(net, facts.confirmations))
        return Verdict("withdrawal_confirming", params, final=False, facts=facts)
    return Verdict("withdrawal_confirmed", params, final=True, facts=facts)
