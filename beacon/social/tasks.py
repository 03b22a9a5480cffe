"""Background work of the Telegram channel (Django tasks framework)."""

from __future__ import annotations

from django.tasks import task


@task()
def send_telegram_message(outbound_id: int) -> str:
    """Send one queued message. Idempotent: a message already sent is not sent again."""
    from beacon.social.services.outbox import deliver  # the outbox enqueues this task

    return deliver(outbound_id)
