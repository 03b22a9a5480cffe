"""Messages to Telegram. A row is written in the caller's transaction and sent by a task after
commit, so a Telegram outage delays a message but never loses it; the worker retries due rows."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from beacon.core.audit import record_event
from beacon.core.inbound import Channel
from beacon.social.conf import telegram_client
from beacon.social.enums import RETRY_DELAYS, OutboundStatus
from beacon.social.models import TelegramChat, TelegramOutbound
from beacon.social.tasks import send_telegram_message
from beacon.social.telegram.client import TelegramClient, TelegramError
from beacon.tickets.enums import MessageKind
from beacon.tickets.models import Message

logger = logging.getLogger(__name__)
STALE_SENDING = timedelta(minutes=5)
LOST_QUEUED = timedelta(minutes=2)


def queue_message(chat: TelegramChat, text: str, *, ticket_message: Message | None = None) -> TelegramOutbound:
    """Caller holds the transaction; the send is enqueued once it commits."""
    outbound = TelegramOutbound.objects.create(chat=chat, text=text, ticket_message=ticket_message)
    transaction.on_commit(lambda: send_telegram_message.enqueue(outbound.pk), robust=True)
    return outbound


def relay_agent_reply(message: Message) -> TelegramOutbound | None:
    """An agent's public reply on a Telegram conversation goes back to that chat (caller's transaction)."""
    if message.kind != MessageKind.PUBLIC or message.ticket.channel != Channel.SOCIAL:
        return None
    chat = TelegramChat.objects.filter(user_id=message.ticket.requester_id).first()
    if chat is None:
        return None
    author = message.author
    signature = f"{author.label} · {author.public_id}" if author is not None else "Beacon"
    files = list(message.attachments.values_list("name", flat=True))
    text = f"{message.body}\n\n— {signature} ({message.ticket.reference})"
    if files:
        text += "\n📎 " + ", ".join(files)
    return queue_message(chat, text, ticket_message=message)


def deliver(outbound_id: int, client: TelegramClient | None = None) -> str:
    """Send one message (idempotent: one already sent or being sent is left alone)."""
    now = timezone.now()
    claimed = (
        TelegramOutbound.objects.filter(pk=outbound_id, status__in=[OutboundStatus.QUEUED, OutboundStatus.RETRYING])
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=OutboundStatus.SENDING, attempts=F("attempts") + 1, updated_at=now)
    )
    outbound = TelegramOutbound.objects.select_related("chat", "ticket_message__ticket").filter(pk=outbound_id).first()
    if outbound is None or not claimed:
        return outbound.status if outbound is not None else "missing"
    try:
        message_id = (client or telegram_client()).send_message(outbound.chat.chat_id, outbound.text)
    except TelegramError as exc:
        logger.warning("sending to Telegram chat %s failed: %s", outbound.chat.chat_id, exc)
        return _failed(outbound, exc)
    TelegramOutbound.objects.filter(pk=outbound.pk).update(
        status=OutboundStatus.SENT, sent_at=timezone.now(), telegram_message_id=message_id, last_error=""
    )
    return OutboundStatus.SENT


def _failed(outbound: TelegramOutbound, exc: TelegramError) -> str:
    final = not exc.is_temporary or outbound.attempts > len(RETRY_DELAYS)
    delay = RETRY_DELAYS[min(outbound.attempts, len(RETRY_DELAYS)) - 1]
    if exc.retry_after:
        delay = max(delay, int(exc.retry_after))
    status = OutboundStatus.FAILED if final else OutboundStatus.RETRYING
    with transaction.atomic():
        TelegramOutbound.objects.filter(pk=outbound.pk).update(
            status=status,
            last_error=str(exc)[:2000],
            next_attempt_at=None if final else timezone.now() + timedelta(seconds=delay),
        )
        if final and outbound.ticket_message is not None:
            record_event(
                None,
                "telegram.failed",
                outbound.ticket_message.ticket,
                {"outbound": outbound.pk, "error": str(exc)[:300], "attempts": outbound.attempts},
            )
    return status


def retry_due(*, limit: int = 100, client: TelegramClient | None = None) -> int:
    """The worker's sweep: send messages whose retry is due, whose task was lost, or whose sender
    crashed mid-send. Returns how many were attempted."""
    now = timezone.now()
    TelegramOutbound.objects.filter(status=OutboundStatus.SENDING, updated_at__lte=now - STALE_SENDING).update(
        status=OutboundStatus.RETRYING, next_attempt_at=now, last_error="interrupted while sending"
    )
    due = TelegramOutbound.objects.filter(
        Q(status=OutboundStatus.RETRYING, next_attempt_at__lte=now)
        | Q(status=OutboundStatus.QUEUED, created_at__lte=now - LOST_QUEUED)
    ).values_list("pk", flat=True)[:limit]
    ids = list(due)
    for outbound_id in ids:
        deliver(outbound_id, client)
    return len(ids)
