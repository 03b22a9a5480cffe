"""Background work of the live chat (Django tasks framework)."""

from __future__ import annotations

from django.tasks import task


@task()
def send_email_code(code_id: int) -> str:
    """Mail a visitor the one-time code that confirms their address. Sending twice is harmless (the
    same code)."""
    from beacon.chat.services.identity import deliver_email_code  # the service enqueues this task

    return deliver_email_code(code_id)
