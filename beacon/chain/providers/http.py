"""The exchange's small signed HTTP endpoint (documented in docs/chain.md, "Exchange endpoint").

Every call is a POST of JSON to `<base URL>/<action>`, signed with the shared secret; every answer
must carry the exchange's signature over its body, or it is refused: a forged "credited" must not
reach a customer.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests

from beacon.chain.checks import AddressInfo, CreditInfo, WithdrawalInfo
from beacon.chain.networks import normalize_txid
from beacon.chain.providers.base import ExchangeUnavailable, FreezeResult
from beacon.chain.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign, verify

if TYPE_CHECKING:
    from beacon.accounts.models import User

logger = logging.getLogger(__name__)
FREEZE_STATUSES = {"frozen", "accepted", "rejected"}


def customer_ref(customer: User) -> dict[str, Any]:
    return {"id": customer.pk, "email": customer.email}


class HttpProvider:
    def __init__(self, base_url: str, secret: str, *, timeout: float = 5.0, retries: int = 1) -> None:
        if not secret:
            raise ValueError("BEACON_EXCHANGE_SECRET is required with BEACON_EXCHANGE_URL")
        self.base_url = base_url.rstrip("/")
        self.secret = secret
        self.timeout = timeout
        self.retries = retries
        self.session = requests.Session()

    def call(self, action: str, payload: dict[str, Any]) -> dict[str, Any]:
        url = f"{self.base_url}/{action}"
        path = urlsplit(url).path
        body = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
        last: Exception | None = None
        for attempt in range(self.retries + 1):
            stamp = int(time.time())
            headers = {
                "Content-Type": "application/json",
                TIMESTAMP_HEADER: str(stamp),
                SIGNATURE_HEADER: sign(self.secret, stamp, path, body),
            }
            try:
                response = self.session.post(url, data=body, headers=headers, timeout=self.timeout)
            except requests.RequestException as exc:
                last = exc
                time.sleep(0.2 * (attempt + 1))
                continue
            if response.status_code >= 500:
                last = ExchangeUnavailable(f"{action}: HTTP {response.status_code}")
                continue
            if not verify(
                self.secret,
                response.headers.get(TIMESTAMP_HEADER, ""),
                path,
                response.content,
                response.headers.get(SIGNATURE_HEADER, ""),
            ):
                logger.error("exchange answer to %s has no valid signature (HTTP %s)", action, response.status_code)
                raise ExchangeUnavailable(f"{action}: answer not signed by the exchange")
            if response.status_code != 200:
                raise ExchangeUnavailable(f"{action}: HTTP {response.status_code}")
            try:
                data = json.loads(response.content, parse_float=Decimal)
            except ValueError as exc:
                raise ExchangeUnavailable(f"{action}: unreadable answer") from exc
            if not isinstance(data, dict):
                raise ExchangeUnavailable(f"{action}: unexpected answer")
            return data
        raise ExchangeUnavailable(f"{action}: {last}") from last

    def deposit_addresses(self, customer: User) -> list[AddressInfo]:
        data = self.call("deposit-addresses", {"customer": customer_ref(customer)})
        try:
            return [
                AddressInfo(
                    network=str(a["network"]).upper(),
                    address=str(a["address"]),
                    asset=str(a.get("asset") or "").upper(),
                    memo=str(a.get("memo") or ""),
                )
                for a in data.get("addresses", [])
            ]
        except (KeyError, TypeError) as exc:
            raise ExchangeUnavailable(f"deposit-addresses: malformed answer ({exc})") from exc

    def credits(self, customer: User, txid: str) -> list[CreditInfo]:
        data = self.call("deposits", {"customer": customer_ref(customer), "txid": txid})
        try:
            return [
                CreditInfo(
                    network=str(d["network"]).upper(),
                    asset=str(d["asset"]).upper(),
                    txid=normalize_txid(str(d["network"]).upper(), str(d["txid"])),
                    address=str(d.get("address") or ""),
                    amount=Decimal(str(d["amount"])),
                    credited_at=datetime.fromisoformat(str(d["credited_at"]).replace("Z", "+00:00")),
                )
                for d in data.get("deposits", [])
            ]
        except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
            raise ExchangeUnavailable(f"deposits: malformed answer ({exc})") from exc

    def withdrawals(self, customer: User, txid: str) -> list[WithdrawalInfo]:
        data = self.call("withdrawals", {"customer": customer_ref(customer), "txid": txid})
        try:
            return [
                WithdrawalInfo(
                    reference=str(w["id"]),
                    network=str(w["network"]).upper(),
                    asset=str(w["asset"]).upper(),
                    amount=Decimal(str(w["amount"])),
                    address=str(w.get("address") or ""),
                    txid=normalize_txid(str(w["network"]).upper(), str(w.get("txid") or "")),
                    status=str(w.get("status") or ""),
                )
                for w in data.get("withdrawals", [])
            ]
        except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
            raise ExchangeUnavailable(f"withdrawals: malformed answer ({exc})") from exc

    def request_freeze(self, customer: User, request_id: str, reason: str, ticket_reference: str) -> FreezeResult:
        data = self.call(
            "freeze",
            {
                "customer": customer_ref(customer),
                "request_id": request_id,
                "reason": reason,
                "ticket": ticket_reference,
            },
        )
        status = str(data.get("status") or "")
        if status not in FREEZE_STATUSES:
            raise ExchangeUnavailable(f"freeze: unknown status {status!r}")
        return FreezeResult(
            status=status,
            reference=str(data.get("reference") or "")[:120],
            message=str(data.get("message") or "")[:500],
        )
