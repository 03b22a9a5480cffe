"""Background work of the e-mail channel (Django tasks framework)."""

from __future__ import annotations

from django.tasks import task


@task()
def send_outbound_mail(mail_id: int) -> str:
    """Send one queued mail. Idempotent: a mail already sent is not sent again."""
    from beacon.mail.services import deliver_outbound  # services enqueues this task

    return deliver_outbound(mail_id)
