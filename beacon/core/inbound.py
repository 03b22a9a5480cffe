"""The one inbound pipeline every channel goes through.

A channel adapter (web form, API, e-mail, chat, forum…) translates its wire format into an
`InboundMessage` and calls `process_inbound()`. The stages run in a fixed order; each is a function
named in settings.INBOUND_PIPELINE, so apps fill them in without core importing them. All six stages
are mandatory: the system check `beacon.E001` refuses to start when one is missing, and
`process_inbound()` is the only way a channel creates or extends a ticket.

  1. scan          secrets found are redacted before anything is stored; the author is warned
  2. links         phishing / look-alike links are flagged
  3. thread        thread_hint → existing ticket, or a new one
  4. triage        language, category, priority, team
  5. persist       ticket + message + attachments + audit events in ONE transaction
  6. after_commit  routing, notifications, websocket events, chain checks (scheduled on commit)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from beacon.core.uploads import PreparedUpload

if TYPE_CHECKING:
    from beacon.accounts.models import User

STAGES = ("scan", "links", "thread", "triage", "persist", "after_commit")

# Flags a stage may raise on a message; triage and the ticket read them.
FLAG_SECRET_EXPOSED = "secret_exposed"
FLAG_PHISHING_LINK = "phishing_link"
FLAG_SECURITY_REPORT = "security_report"


class Channel(models.TextChoices):
    WEB = "web", _("Web portal")
    API = "api", _("API")
    EMAIL = "email", _("E-mail")
    CHAT = "chat", _("Live chat")
    FORUM = "forum", _("Forum")
    SOCIAL = "social", _("Social")
    AGENT = "agent", _("Agent")


@dataclass(frozen=True)
class ThreadHint:
    """What the channel knows about which conversation a message belongs to."""

    ticket_id: int | None = None
    message_ids: tuple[str, ...] = ()
    chat_session: str | None = None


@dataclass
class InboundMessage:
    channel: str
    author: User
    body: str
    subject: str = ""
    category: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    attachments: list[PreparedUpload] = field(default_factory=list)
    thread_hint: ThreadHint | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    # Flags the channel already knows (e.g. an impersonation report), merged with the scanners'.
    flags: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        for upload in self.attachments:
            if not isinstance(upload, PreparedUpload):
                raise TypeError("attachments must be checked with prepare_upload() first")


@dataclass
class InboundContext:
    """What the stages learn about one message as it passes through."""

    message: InboundMessage
    findings: list[Any] = field(default_factory=list)
    link_findings: list[Any] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    # What the scanners did to the message, stored with it (kinds and hosts, never a secret).
    security: dict[str, Any] = field(default_factory=dict)
    ticket: Any = None
    triage: dict[str, Any] = field(default_factory=dict)
    result: Any = None
    created: bool = False


Stage = Callable[[InboundContext], None]


@functools.cache
def load_stages() -> tuple[tuple[str, Stage], ...]:
    """The configured stage functions in pipeline order. A stage may name several functions
    (e.g. the ticket's persist step, then the security log written in the same transaction)."""
    configured: dict[str, Any] = settings.INBOUND_PIPELINE
    stages: list[tuple[str, Stage]] = []
    for name in STAGES:
        paths = configured[name]
        for path in [paths] if isinstance(paths, str) else paths:
            stages.append((name, import_string(path)))
    return tuple(stages)


def process_inbound(message: InboundMessage, *, savepoint: bool = True) -> InboundContext:
    """Run a message through every stage. Returns the context with `ticket`, `result` (the stored
    message) and `warnings` for the author. Raises DomainError subclasses for bad input, before
    anything is written.

    Inside a caller's transaction the stages run in a savepoint, so a caller may catch a refusal
    and go on (e.g. retry as a new ticket). A caller that rolls its whole transaction back on any
    error (a chat line) passes `savepoint=False` and saves the two statements per message."""
    ctx = InboundContext(message=message, flags=set(message.flags))
    stages = load_stages()
    with transaction.atomic(savepoint=savepoint):
        for _name, stage in stages:
            stage(ctx)
    return ctx
