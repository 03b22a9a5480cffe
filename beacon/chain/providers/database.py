"""The exchange's records kept in Beacon's own database: the embedded default and the demo.

An exchange that cannot call out can push its records into these tables (admin, import); a freeze
cannot be carried out from here, so it is recorded for the Security team to act on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from beacon.chain.checks import AddressInfo, CreditInfo, WithdrawalInfo
from beacon.chain.models import CreditedDeposit, DepositAddress, Withdrawal
from beacon.chain.networks import normalize_txid
from beacon.chain.providers.base import FreezeResult

if TYPE_CHECKING:
    from beacon.accounts.models import User


def _txid_forms(txid: str) -> Q:
    bare = txid.strip()
    return (
        Q(txid__iexact=bare) | Q(txid__iexact=bare.removeprefix("0x")) | Q(txid__iexact="0x" + bare.removeprefix("0x"))
    )


class DatabaseProvider:
    def deposit_addresses(self, customer: User) -> list[AddressInfo]:
        return [
            AddressInfo(network=a.network, address=a.address, asset=a.asset, memo=a.memo)
            for a in DepositAddress.objects.filter(customer=customer).order_by("id")
        ]

    def credits(self, customer: User, txid: str) -> list[CreditInfo]:
        return [
            CreditInfo(
                network=c.network,
                asset=c.asset,
                txid=normalize_txid(c.network, c.txid),
                address=c.address,
                amount=c.amount,
                credited_at=c.credited_at,
            )
            for c in CreditedDeposit.objects.filter(_txid_forms(txid), customer=customer).order_by("id")
        ]

    def withdrawals(self, customer: User, txid: str) -> list[WithdrawalInfo]:
        return [
            WithdrawalInfo(
                reference=w.reference,
                network=w.network,
                asset=w.asset,
                amount=w.amount,
                address=w.address,
                txid=normalize_txid(w.network, w.txid),
                status=w.status,
            )
            for w in Withdrawal.objects.filter(_txid_forms(txid), customer=customer).order_by("id")
        ]

    def request_freeze(self, customer: User, request_id: str, reason: str, ticket_reference: str) -> FreezeResult:
        return FreezeResult(status="recorded", reference="", message="No exchange webhook is configured.")
