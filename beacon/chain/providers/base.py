"""The exchange behind Beacon: where a customer's deposit addresses, credited deposits and
withdrawals come from, and who carries out an account freeze."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from beacon.chain.checks import AddressInfo, CreditInfo, WithdrawalInfo

if TYPE_CHECKING:
    from beacon.accounts.models import User


class ExchangeUnavailable(Exception):
    """The exchange did not answer, or answered without a valid signature."""


@dataclass(frozen=True)
class FreezeResult:
    status: str  # frozen | accepted | rejected | recorded
    reference: str = ""
    message: str = ""


class ExchangeProvider(Protocol):
    def deposit_addresses(self, customer: User) -> list[AddressInfo]: ...

    def credits(self, customer: User, txid: str) -> list[CreditInfo]: ...

    def withdrawals(self, customer: User, txid: str) -> list[WithdrawalInfo]: ...

    def request_freeze(self, customer: User, request_id: str, reason: str, ticket_reference: str) -> FreezeResult:
        """Ask the exchange to disable the account now. Idempotent on `request_id`."""
        ...
