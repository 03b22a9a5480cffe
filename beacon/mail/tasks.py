"""Background work of the e-mail channel (Django tasks framework)."""

from __future__ import annotations

from django.tasks import task


@task()
def send_outbound_mail(mail_id: int) -> str:
    """Send one queued mail. Idempotent: a mail already sent is not sent again."""
    from beacon.mail.services import deliver_outbound  # services enqueues this task

    return deliver_outbound(mail_id)


@task()
def send_outbound_mails(mail_ids: list[int]) -> dict[str, int]:
    """Send the mails queued by one batch of received mail, each on its own (one failing mail is
    retried later without holding up the others)."""
    from beacon.mail.services import deliver_outbound  # services enqueues this task

    outcomes: dict[str, int] = {}
    for mail_id in mail_ids:
        status = str(deliver_outbound(mail_id))
        outcomes[status] = outcomes.get(status, 0) + 1
    return outcomes


@task()
def send_queued_mails() -> dict[str, int]:
    """Send every mail waiting in the queue, in batches over one mail-server connection. Queued by
    the first mail committed while no such task waits (see sending._send_soon): under load, one
    task sends many acknowledgements instead of one task per ticket."""
    from beacon.mail.services import deliver_queued  # services enqueues this task

    return deliver_queued()
