"""Writes for the emergency freeze: a customer who reports a compromise asks for their account to be
disabled at once. Beacon cannot freeze an exchange account itself: it opens a P1 ticket for Security
through the inbound pipeline, then asks the exchange through its signed webhook and records the answer.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.chain.models import FreezeRequest, FreezeStatus
from beacon.chain.providers import ExchangeUnavailable, get_provider
from beacon.core.audit import record_event
from beacon.core.errors import PermissionDenied
from beacon.core.inbound import Channel, InboundMessage, process_inbound
from beacon.core.uploads import PreparedUpload
from beacon.tickets.services import notify_ticket_changed, post_system_note

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
RETRY_STEPS = [timedelta(seconds=s) for s in (30, 60, 120, 300, 600)]
RESULT_STATUSES = {
    "frozen": FreezeStatus.FROZEN,
    "accepted": FreezeStatus.ACCEPTED,
    "rejected": FreezeStatus.REJECTED,
    "recorded": FreezeStatus.RECORDED,
}


def freeze_category() -> str:
    return str(getattr(settings, "BEACON_FREEZE_CATEGORY", "account-security"))


def request_account_freeze(
    actor: User,
    *,
    subject: str,
    body: str,
    fields: dict[str, Any],
    attachments: Sequence[PreparedUpload] = (),
) -> FreezeRequest:
    """Open the Security ticket and record the freeze request in one transaction; once committed, call
    the exchange at once (deliver_freeze). Raises ValidationFailed for bad ticket input."""
    if not actor.is_authenticated or actor.is_staff_member:
        raise PermissionDenied(_("Only a customer can ask to freeze their own account."))
    with transaction.atomic():
        ctx = process_inbound(
            InboundMessage(
                channel=Channel.WEB,
                author=actor,
                subject=subject,
                body=body,
                category=freeze_category(),
                fields=fields,
                attachments=list(attachments),
                metadata={"freeze": True},
            )
        )
        freeze = FreezeRequest.objects.create(customer=actor, ticket=ctx.ticket)
        record_event(actor, "account.freeze_requested", ctx.ticket, {"freeze": str(freeze.request_id)})
        post_system_note(
            ctx.ticket,
            _("The customer asked for an emergency account freeze (request %(id)s). Beacon is asking the exchange now.")
            % {"id": freeze.request_id},
            {"freeze": str(freeze.request_id)},
        )
        freeze_id = freeze.pk
        transaction.on_commit(lambda: deliver_freeze(freeze_id), robust=True)
    return freeze


def deliver_freeze(freeze_id: int) -> FreezeRequest | None:
    """Call the exchange's freeze webhook for a request and record the answer. Idempotent: a final
    request is left alone, and the exchange de-duplicates on request_id. On failure, retried later."""
    freeze = FreezeRequest.objects.select_related("customer", "ticket").filter(pk=freeze_id).first()
    if freeze is None or freeze.is_final:
        return freeze
    reference = freeze.ticket.reference if freeze.ticket else ""
    try:
        result = get_provider().request_freeze(
            freeze.customer, str(freeze.request_id), "compromise_reported", reference
        )
        status, exchange_ref, message = RESULT_STATUSES[result.status], result.reference, result.message
    except ExchangeUnavailable as exc:
        logger.warning("freeze %s not delivered: %s", freeze.request_id, exc)
        status, exchange_ref, message = FreezeStatus.RETRYING, "", str(exc)[:500]
    retry_at = None
    with transaction.atomic():
        locked = FreezeRequest.objects.select_for_update(of=("self",)).select_related("ticket").get(pk=freeze_id)
        if locked.is_final:
            return locked
        old = locked.status
        locked.attempts += 1
        if status == FreezeStatus.RETRYING and locked.attempts >= MAX_ATTEMPTS:
            status = FreezeStatus.FAILED
        locked.status = status
        locked.exchange_reference = exchange_ref
        locked.result_message = message
        locked.save()
        ticket = locked.ticket
        if ticket is not None:
            record_event(None, "account.freeze_result", ticket, {"old": old, "new": status, "attempt": locked.attempts})
            if status != old:
                post_system_note(ticket, _freeze_note(locked), {"freeze": str(locked.request_id)})
            else:
                notify_ticket_changed(ticket, "freeze.updated")
        if status == FreezeStatus.RETRYING:
            retry_at = timezone.now() + RETRY_STEPS[min(locked.attempts - 1, len(RETRY_STEPS) - 1)]
            transaction.on_commit(lambda: _schedule_retry(freeze_id, retry_at), robust=True)
    return locked


def _schedule_retry(freeze_id: int, when: Any) -> None:
    from beacon.chain.tasks import retry_freeze

    backend = retry_freeze.get_backend()
    if not backend.supports_defer:
        return  # `manage.py refresh_chain_facts` retries pending freezes on backends without run_after
    try:
        retry_freeze.using(run_after=when).enqueue(freeze_id)
    except Exception:
        logger.exception("could not schedule the retry of freeze %s", freeze_id)


def _freeze_note(freeze: FreezeRequest) -> str:
    texts = {
        FreezeStatus.FROZEN: _("The exchange froze the account (reference %(ref)s)."),
        FreezeStatus.ACCEPTED: _("The exchange accepted the freeze request (reference %(ref)s) and is processing it."),
        FreezeStatus.RECORDED: _(
            "No exchange webhook is configured: the freeze is recorded only. Security must lock the account by hand."
        ),
        FreezeStatus.REJECTED: _("The exchange rejected the freeze request: %(message)s. Security must follow up."),
        FreezeStatus.RETRYING: _("The exchange could not be reached (%(message)s); Beacon will retry."),
        FreezeStatus.FAILED: _(
            "The exchange could not be reached after %(n)d attempts. Security must lock the account by hand."
        ),
    }
    template = texts.get(FreezeStatus(freeze.status), "%(message)s")
    return template % {
        "ref": freeze.exchange_reference or "—",
        "message": freeze.result_message or "—",
        "n": freeze.attempts,
    }
