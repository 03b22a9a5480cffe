from __future__ import annotations

from ninja import Schema
from pydantic import Field


class ScanIn(Schema):
    text: str = Field(max_length=200_000)
    field: str | None = Field(default=None, description="Form field the text came from, e.g. txid")


class FindingOut(Schema):
    kind: str
    severity: str
    start: int
    end: int
    confidence: float
    detail: str


class ScanOut(Schema):
    findings: list[FindingOut]
    redacted_text: str


class VerifyIn(Schema):
    kind: str = Field(description="website, email, telegram, x, phone, wechat or wallet_address")
    value: str = Field(max_length=300)


class VerifyOut(Schema):
    official: bool
    kind: str
    normalised: str
    shown_as: str | None
    explanation: str


class ReportIn(Schema):
    kind: str
    value: str = Field(max_length=300)
    description: str = Field(default="", max_length=5000)
    email: str = Field(default="", max_length=254, description="Needed when not signed in")


class ReportOut(Schema):
    reference: str


class AgentOut(Schema):
    genuine: bool
    name: str | None
