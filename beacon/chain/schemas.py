from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field


class LookupIn(Schema):
    network: str = Field(description="Network code, e.g. ETH, BSC, BTC, LTC")
    txid: str


class LookupOut(Schema):
    network: str
    checkable: bool
    unreachable: bool
    found_network: str | None
    facts: dict[str, Any] | None
    unreachable_networks: list[str]


class CheckIn(Schema):
    kind: str = Field(default="deposit", description="deposit or withdrawal")
    network: str
    txid: str
    asset: str = ""
    amount: str = ""
    memo: str = ""


class CheckOut(Schema):
    id: int
    kind: str
    network: str
    txid: str
    outcome: str
    title: str
    explanation: str
    next_step: str
    offers_ticket: bool
    final: bool
    found_network: str | None
    facts: dict[str, Any]
    ticket: str | None = Field(description="Reference of the request opened from this check")


class CheckTicketIn(Schema):
    subject: str
    body: str
    fields: dict[str, Any] = Field(
        default_factory=dict, description="Category fields; missing ones come from the check"
    )


class CheckTicketOut(Schema):
    ticket_id: int
    reference: str
    warnings: list[str]


class FreezeIn(Schema):
    subject: str = "Emergency: please freeze my account"
    body: str
    fields: dict[str, Any] = Field(default_factory=dict, description="Fields of the account-security category")


class FreezeOut(Schema):
    id: int
    request_id: str
    status: str
    ticket: str | None
