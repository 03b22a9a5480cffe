"""Background work of the forum (Django tasks framework)."""

from __future__ import annotations

from django.tasks import task


@task()
def send_forum_mail(mail_id: int) -> str:
    """Send one notification mail when it is due. Idempotent: a mail already sent is not sent again."""
    from beacon.forum.services.mailing import deliver_mail  # the mailing service enqueues this task

    return deliver_mail(mail_id)
