"""Mails sent in batches by the production task backend (django_tasks_db + db_worker): one task and
one SMTP connection for many acknowledgements, each mail still claimed, failing and retried alone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from beacon.accounts.models import User
from beacon.accounts.tests.factories import UserFactory
from beacon.core.inbound import Channel, InboundMessage, process_inbound
from beacon.core.models import AuditEvent
from beacon.core.tests.tasks import run_database_tasks
from beacon.mail.enums import OutboundStatus
from beacon.mail.models import OutboundMail
from beacon.mail.services import deliver_queued, replying_in_live_chat
from beacon.tickets.models import Category, Ticket
from beacon.tickets.services import post_agent_reply

from .conftest import SmtpSink

Capture = Callable[..., Any]


def open_tickets(customers: list[User], capture: Capture) -> list[Ticket]:
    tickets = []
    for customer in customers:
        with capture(execute=True):
            ctx = process_inbound(
                InboundMessage(channel=Channel.WEB, author=customer, subject="Deposit missing", body="Where is it?")
            )
        tickets.append(ctx.ticket)
    return tickets


def test_acknowledgements_queued_together_are_sent_by_one_task_over_one_connection(
    general: Category, database_tasks: None, smtp_sink: SmtpSink, django_capture_on_commit_callbacks: Capture
) -> None:
    customers = [UserFactory(email=f"c{n}@example.com") for n in range(3)]
    tickets = open_tickets(customers, django_capture_on_commit_callbacks)
    assert DBTaskResult.objects.count() == 1  # the later mails found the waiting task
    assert smtp_sink.messages == []

    run_database_tasks()

    assert sorted(to for _sender, [to] in smtp_sink.envelopes) == sorted(c.email for c in customers)
    assert smtp_sink.sessions == 1
    for ticket in tickets:
        mail = OutboundMail.objects.get(ticket=ticket)
        assert mail.status == OutboundStatus.SENT and mail.attempts == 1 and mail.sent_at is not None
        assert ticket.reference in mail.body_text  # the rendered text is kept with the mail
        assert AuditEvent.objects.filter(verb="mail.sent", target_id=ticket.pk, data__outbound=mail.pk).count() == 1
    assert deliver_queued() == {}  # nothing is sent twice
    assert len(smtp_sink.messages) == 3
    # The next mail, committed after the task ran, gets a task of its own.
    open_tickets([customers[0]], django_capture_on_commit_callbacks)
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_a_refused_mail_in_a_batch_is_retried_and_visible_while_the_others_are_sent(
    general: Category, database_tasks: None, smtp_sink: SmtpSink, django_capture_on_commit_callbacks: Capture
) -> None:
    customers = [UserFactory(email=f"c{n}@example.com") for n in range(3)]
    smtp_sink.refuse_to = {"c1@example.com"}
    tickets = open_tickets(customers, django_capture_on_commit_callbacks)

    assert deliver_queued() == {OutboundStatus.SENT: 2, OutboundStatus.RETRYING: 1}

    refused = OutboundMail.objects.get(ticket=tickets[1])
    assert refused.status == OutboundStatus.RETRYING and "451" in refused.last_error
    assert refused.next_attempt_at is not None
    assert tickets[1].reference in refused.body_text  # a retry sends the same text
    assert AuditEvent.objects.filter(verb="mail.failed", target_id=tickets[1].pk).exists()
    assert not AuditEvent.objects.filter(verb="mail.sent", target_id=tickets[1].pk).exists()
    sent = OutboundMail.objects.filter(status=OutboundStatus.SENT).values_list("ticket_id", flat=True)
    assert sorted(sent) == sorted([tickets[0].pk, tickets[2].pk])
    assert deliver_queued() == {}  # a mail waiting for its retry is not taken as queued


def test_mail_server_down_leaves_every_mail_of_the_batch_retrying(
    general: Category, database_tasks: None, django_capture_on_commit_callbacks: Capture
) -> None:
    customers = [UserFactory(email=f"c{n}@example.com") for n in range(2)]
    mailers = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    open_tickets(customers, django_capture_on_commit_callbacks)
    with override_settings(MAILERS=mailers):
        assert deliver_queued() == {OutboundStatus.RETRYING: 2}
    assert set(OutboundMail.objects.values_list("status", flat=True)) == {OutboundStatus.RETRYING}
    assert AuditEvent.objects.filter(verb="mail.failed").count() == 2


def test_agent_line_posted_by_a_live_chat_is_not_mailed_and_costs_no_chat_query(
    general: Category, customer: User, agent: User, django_capture_on_commit_callbacks: Capture
) -> None:
    [ticket] = open_tickets([customer], django_capture_on_commit_callbacks)
    with (
        CaptureQueriesContext(connection) as queries,
        replying_in_live_chat(ticket.pk),
        django_capture_on_commit_callbacks(execute=True),
    ):
        post_agent_reply(agent, ticket, "Checking your deposit now.")
    assert not any("chat_chatsession" in q["sql"] for q in queries.captured_queries)
    assert OutboundMail.objects.filter(ticket=ticket).count() == 1  # the acknowledgement only
    with django_capture_on_commit_callbacks(execute=True):  # outside a chat, the reply is mailed
        post_agent_reply(agent, ticket, "It is credited now.")
    assert OutboundMail.objects.filter(ticket=ticket).count() == 2
