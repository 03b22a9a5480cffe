"""SMTP listener (aiosmtpd) for direct delivery: an MTA or provider relays support mail to it.

Each accepted DATA is ingested before the reply is sent: "250" means the mail is committed (or
recorded as not for a ticket); "451" asks the sending server to try again later; "552" refuses
oversized mail at the door. So the sender's queue, not Beacon's memory, holds a mail until it is safe.
"""

from __future__ import annotations

import logging
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from asgiref.sync import sync_to_async
from django.db import close_old_connections

from beacon.mail import conf
from beacon.mail.enums import InboundSource, InboundStatus
from beacon.mail.services import ingest_mail

logger = logging.getLogger(__name__)


def accepts_recipient(address: str) -> bool:
    allowed = conf.listener_recipients()
    if not allowed:
        return True
    address = address.lower()
    domain = "@" + address.rpartition("@")[2]
    return address in allowed or domain in allowed


def receive(raw: bytes, mail_from: str | None) -> str:
    """Ingest one mail and return the SMTP reply for it."""
    close_old_connections()
    try:
        result = ingest_mail(raw, source=InboundSource.SMTP, envelope_sender=mail_from)
    finally:
        close_old_connections()
    if result.status == InboundStatus.FAILED and not result.gave_up:
        return "451 4.3.0 Temporary failure; please try again later"
    return "250 2.0.0 OK"


class BeaconHandler:
    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        if not accepts_recipient(address):
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw: Any = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        try:
            return await sync_to_async(receive, thread_sensitive=True)(raw, envelope.mail_from)
        except Exception:
            logger.exception("SMTP listener could not ingest a mail")
            return "451 4.3.0 Temporary failure; please try again later"


def make_controller(host: str, port: int) -> Controller:
    return Controller(
        BeaconHandler(),
        hostname=host,
        port=port,
        data_size_limit=conf.max_message_bytes(),
        decode_data=False,
        server_hostname=conf.message_id_domain(),
        ident="Beacon",
    )
