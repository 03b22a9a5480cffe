"""Writes of the e-mail channel, by role: receiving.py (every inbound transport) and sending.py
(Beacon's mails to customers). Callers import from here."""

from __future__ import annotations

from beacon.mail.services.receiving import (
    BATCH_SIZE,
    DUPLICATE,
    Delivery,
    IngestResult,
    SenderRefused,
    ingest_batch,
    ingest_mail,
    mailbox_addresses,
    record_oversized,
    record_poll,
    retry_failed,
)
from beacon.mail.services.sending import (
    acknowledge_ticket,
    batched_sends,
    deliver_outbound,
    deliver_queued,
    mail_agent_reply,
    mail_ticket_solved,
    replying_in_live_chat,
    retry_due_outbound,
    retry_outbound_now,
    without_acknowledgements,
)

__all__ = [
    "BATCH_SIZE",
    "DUPLICATE",
    "Delivery",
    "IngestResult",
    "SenderRefused",
    "acknowledge_ticket",
    "batched_sends",
    "deliver_outbound",
    "deliver_queued",
    "ingest_batch",
    "ingest_mail",
    "mail_agent_reply",
    "mail_ticket_solved",
    "mailbox_addresses",
    "record_oversized",
    "record_poll",
    "replying_in_live_chat",
    "retry_due_outbound",
    "retry_failed",
    "retry_outbound_now",
    "without_acknowledgements",
]
