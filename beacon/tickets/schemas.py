from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field


class QueueQuery(Schema):
    queue: str = Field(default="open", description="unassigned, mine, team, open or all (staff only)")
    status: str = ""
    category: str = ""
    priority: int | None = Field(default=None, ge=1, le=4)
    team: str = ""
    q: str = Field(default="", max_length=100)
    sort: str = Field(default="urgent", description="urgent, oldest, newest or updated")
    page: int = Field(default=1, ge=1, le=10_000)
    per_page: int = Field(default=25, ge=1, le=100)


class CategoryOut(Schema):
    slug: str
    name: str
    description: str
    fields: list[dict[str, Any]]


class TicketIn(Schema):
    category: str = Field(
        default="", description="Category slug, from GET /categories; empty: suggested by the triage classifier"
    )
    subject: str
    body: str
    fields: dict[str, Any] = Field(default_factory=dict, description="Category-specific fields")


class TicketPatch(Schema):
    status: str | None = None
    priority: int | None = Field(default=None, ge=1, le=4)
    category: str | None = None
    team: str | None = Field(default=None, description="Team slug; empty string to clear")
    assignee: str | None = Field(default=None, description="Assignee e-mail; empty string to unassign")


class TicketOut(Schema):
    id: int
    reference: str
    subject: str
    status: str
    priority: int
    category: str
    team: str | None
    assignee: str | None
    requester: str
    channel: str
    language: str
    fields: dict[str, Any]
    security_flags: list[str]
    created_at: datetime
    updated_at: datetime


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str


class MessageOut(Schema):
    id: int
    kind: str
    channel: str
    author: str | None
    body: str
    created_at: datetime
    attachments: list[AttachmentOut]


class TicketPage(Schema):
    items: list[TicketOut]
    page: int
    has_next: bool


class TicketCreated(Schema):
    ticket: TicketOut
    warnings: list[str]


class ErrorOut(Schema):
    code: str
    message: str
    errors: dict[str, list[str]] | None = None
