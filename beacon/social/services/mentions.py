"""Public mentions (X, Reddit, anything) fed in by the operator's signed webhook.

A supervisor answers each one with a link to the official channels (Beacon composes the text; the
operator posts it on the platform) or turns it into a ticket through the inbound pipeline.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.core.audit import record_event
from beacon.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from beacon.core.events import publish
from beacon.core.inbound import Channel, InboundMessage, process_inbound
from beacon.forum.safety import record_screening, screen_text
from beacon.social.conf import verify_url
from beacon.social.enums import MentionStatus
from beacon.social.models import Mention
from beacon.tickets.models import Ticket
from beacon.trust.enums import ChannelKind
from beacon.trust.models import OfficialChannel

MAX_SKEW_SECONDS = 300
MAX_TEXT = 5000
MENTIONS_GROUP = "mentions"
REGISTRY_KIND = {"x": ChannelKind.X, "twitter": ChannelKind.X, "telegram": ChannelKind.TELEGRAM}


def signature_for(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def check_signature(secret: str, timestamp: str, signature: str, body: bytes, *, now: float | None = None) -> bool:
    """HMAC-SHA256 over "<timestamp>.<body>", within five minutes (a captured request cannot be replayed later)."""
    if not secret or not timestamp or not signature:
        return False
    try:
        age = abs((now if now is not None else time.time()) - int(timestamp))
    except ValueError:
        return False
    return age <= MAX_SKEW_SECONDS and hmac.compare_digest(signature_for(secret, timestamp, body), signature)


def _require_supervisor(actor: User | None) -> User:
    if actor is None or not actor.is_authenticated or not actor.is_supervisor:
        raise PermissionDenied(_("Only supervisors handle social mentions."))
    return actor


@transaction.atomic
def ingest_mention(payload: dict[str, Any]) -> tuple[Mention, bool]:
    """Store one mention (idempotent on source + id). Its text passes the trust scanners first."""
    source = str(payload.get("source", "")).strip().lower()[:32]
    external_id = str(payload.get("id", "")).strip()[:128]
    text = str(payload.get("text", "")).strip()
    errors: dict[str, list[str]] = {}
    if not source:
        errors["source"] = [_("Name the platform, e.g. x or reddit.")]
    if not external_id:
        errors["id"] = [_("Give the post's id on that platform.")]
    if not text:
        errors["text"] = [_("The mention has no text.")]
    elif len(text) > MAX_TEXT:
        errors["text"] = [_("The text is too long (at most %(n)d characters).") % {"n": MAX_TEXT}]
    if errors:
        raise ValidationFailed(errors)
    existing = Mention.objects.filter(source=source, external_id=external_id).first()
    if existing is not None:
        return existing, False
    screened = screen_text(text)
    url = str(payload.get("url", ""))[:500]
    posted = parse_datetime(str(payload.get("posted_at", ""))) if payload.get("posted_at") else None
    mention = Mention.objects.create(
        source=source,
        external_id=external_id,
        author=str(payload.get("author", "")).strip()[:128] or "?",
        url=url if url.startswith(("https://", "http://")) else "",
        text=screened.text,
        security=screened.security,
        posted_at=posted if isinstance(posted, datetime) else None,
    )
    record_screening(screened, user=None, channel=Channel.SOCIAL, detail={"mention": mention.pk})
    record_event(None, "mention.received", mention, {"source": source})
    publish(MENTIONS_GROUP, "mention.received", {"mention": mention.pk, "source": source})
    return mention, True


def official_reply(mention: Mention) -> str:
    """A public answer that points to the official channels, never asking for anything."""
    handles = [
        c.display
        for c in OfficialChannel.objects.filter(kind=REGISTRY_KIND.get(mention.source, ""), is_active=True)[:2]
    ]
    author = mention.author if mention.author.startswith("@") else f"@{mention.author}"
    text = _(
        "Hi %(author)s, this is the official support team. Please contact us only through %(site)s or our verified "
        "channels: check any account or link at %(verify)s. We never message first and never ask for passwords, 2FA "
        "codes or seed phrases."
    ) % {"author": author, "site": settings.SITE_URL, "verify": verify_url()}
    if handles:
        text += " " + _("Our official account here: %(handles)s") % {"handles": ", ".join(handles)}
    return text


def _claim(mention: Mention) -> Mention:
    mention = Mention.objects.select_for_update().get(pk=mention.pk)
    if mention.status != MentionStatus.NEW:
        raise InvalidTransition(_("This mention was already handled."))
    return mention


@transaction.atomic
def answer_mention(actor: User | None, mention: Mention, response: str = "") -> Mention:
    supervisor = _require_supervisor(actor)
    mention = _claim(mention)
    mention.response = (response or "").strip()[:1000] or official_reply(mention)
    mention.status, mention.handled_by, mention.handled_at = MentionStatus.ANSWERED, supervisor, timezone.now()
    mention.save(update_fields=["response", "status", "handled_by", "handled_at"])
    record_event(supervisor, "mention.answered", mention, {"source": mention.source})
    return mention


@transaction.atomic
def dismiss_mention(actor: User | None, mention: Mention) -> Mention:
    supervisor = _require_supervisor(actor)
    mention = _claim(mention)
    mention.status, mention.handled_by, mention.handled_at = MentionStatus.DISMISSED, supervisor, timezone.now()
    mention.save(update_fields=["status", "handled_by", "handled_at"])
    record_event(supervisor, "mention.dismissed", mention, {"source": mention.source})
    return mention


def _mention_author(mention: Mention) -> User:
    handle = "".join(ch for ch in mention.author.lower().lstrip("@") if ch.isalnum() or ch in "-_.")[:60] or "unknown"
    email = f"{mention.source}-{handle}@social.invalid"
    user = User.objects.filter(email=email).first()
    if user is None:
        # Not a real address: no sign-in and no mail; the team answers on the platform.
        user = User.objects.create_user(email, None, role="customer", display_name=mention.author[:80], is_active=False)
        record_event(None, "user.created", user, {"role": "customer", "via": f"mention:{mention.source}"})
    return user


@transaction.atomic
def mention_to_ticket(actor: User | None, mention: Mention) -> Ticket:
    """Follow a mention up as a ticket (through the inbound pipeline, channel "social")."""
    supervisor = _require_supervisor(actor)
    mention = _claim(mention)
    body = mention.text + (f"\n\n{mention.url}" if mention.url else "")
    ctx = process_inbound(
        InboundMessage(
            channel=Channel.SOCIAL,
            author=_mention_author(mention),
            subject=_("Public mention on %(source)s by %(author)s")
            % {"source": mention.source, "author": mention.author},
            body=body,
            metadata={"social": mention.source, "mention": mention.pk, "url": mention.url},
        )
    )
    mention.ticket, mention.status = ctx.ticket, MentionStatus.TICKET
    mention.handled_by, mention.handled_at = supervisor, timezone.now()
    mention.save(update_fields=["ticket", "status", "handled_by", "handled_at"])
    record_event(supervisor, "mention.ticket_opened", mention, {"ticket": ctx.ticket.pk})
    return ctx.ticket
