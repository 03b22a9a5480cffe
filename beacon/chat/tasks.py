"""Background work of the live chat (Django tasks framework)."""

from __future__ import annotations

from django.tasks import task


@task()
def send_email_code(code_id: int) -> str:
    """Mail a visitor the one-time code that confirms their address. Sending twice is harmless (the
    same code)."""
    from beacon.chat.services.identity import deliver_email_code  # the service enqueues this task

    return deliver_email_code(code_id)


@task()
def send_transcript_mail(mail_id: int) -> str:
    """Mail a chat transcript the customer asked for. Idempotent: a mail sent is not sent again;
    a failed attempt schedules the next one (when the backend can defer tasks)."""
    from beacon.chat.services.transcripts import deliver_transcript_mail  # the service enqueues this task

    return deliver_transcript_mail(mail_id)
