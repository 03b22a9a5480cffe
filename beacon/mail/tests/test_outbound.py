"""Beacon's mails, sent through a real SMTP server on 127.0.0.1 (aiosmtpd sink)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from beacon.accounts.models import User
from beacon.chat.services.conversation import post_customer_message
from beacon.chat.services.sessions import end_chat, open_session, rate_chat
from beacon.core.inbound import Channel, InboundMessage, process_inbound
from beacon.core.models import AuditEvent
from beacon.mail.enums import OutboundKind, OutboundStatus
from beacon.mail.models import OutboundMail
from beacon.mail.services import ingest_mail, mail_ticket_solved, retry_due_outbound
from beacon.tickets.csat.models import SatisfactionRating
from beacon.tickets.models import Category, Ticket
from beacon.tickets.services import change_status, post_agent_reply

from .conftest import SmtpSink, corpus

Capture = Callable[..., Any]


def web_ticket(author: User, capture: Capture) -> Ticket:
    with capture(execute=True):
        ctx = process_inbound(
            InboundMessage(
                channel=Channel.WEB, author=author, subject="Cannot withdraw ETH", body="It says risk control."
            )
        )
    return ctx.ticket


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def text_of(message: Any) -> str:
    return str(message.get_body(preferencelist=("plain",)).get_content())


def html_of(message: Any) -> str:
    return str(message.get_body(preferencelist=("html",)).get_content())


def test_new_ticket_from_the_portal_is_acknowledged_with_its_reference(
    general: Category, customer: User, smtp_sink: SmtpSink, django_capture_on_commit_callbacks: Capture
) -> None:
    ticket = web_ticket(customer, django_capture_on_commit_callbacks)
    [mail] = smtp_sink.messages
    assert smtp_sink.envelopes[0][1] == ["alice@example.com"]
    assert mail["Subject"] == f"[{ticket.reference}] Cannot withdraw ETH"
    assert f"Its reference is {ticket.reference}." in text_of(mail)
    assert ticket.reference in html_of(mail)
    assert mail["Auto-Submitted"] == "auto-replied"
    stored = OutboundMail.objects.get()
    assert mail["Message-ID"] == f"<{stored.message_id}>"
    assert stored.status == OutboundStatus.SENT and stored.attempts == 1
    assert AuditEvent.objects.filter(verb="mail.sent", target_id=ticket.pk).exists()


def test_every_mail_shows_the_customers_anti_phishing_code(
    general: Category, customer: User, smtp_sink: SmtpSink, django_capture_on_commit_callbacks: Capture
) -> None:
    customer.anti_phishing_code = "Moon-42"
    customer.save()
    web_ticket(customer, django_capture_on_commit_callbacks)
    [mail] = smtp_sink.messages
    assert "Anti-phishing code: Moon-42" in text_of(mail)
    assert "Moon-42" in html_of(mail)


def test_customer_without_a_code_is_told_how_to_set_one(
    general: Category, customer: User, smtp_sink: SmtpSink, django_capture_on_commit_callbacks: Capture
) -> None:
    web_ticket(customer, django_capture_on_commit_callbacks)
    text = text_of(smtp_sink.messages[0])
    assert "Anti-phishing code:" not in text
    assert "set an anti-phishing code in your account settings" in text


def test_mail_is_written_in_the_customers_language(
    general: Category, customer: User, smtp_sink: SmtpSink, django_capture_on_commit_callbacks: Capture
) -> None:
    customer.language = "zh-hans"
    customer.save()
    web_ticket(customer, django_capture_on_commit_callbacks)
    assert '<html lang="zh-hans">' in html_of(smtp_sink.messages[0])
    assert OutboundMail.objects.get().language == "zh-hans"


def test_acknowledgement_of_an_email_ticket_threads_under_the_customers_mail(
    general: Category, smtp_sink: SmtpSink, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ingest_mail(corpus("gmail_new_ticket.eml"), source="pipe")
    [mail] = smtp_sink.messages
    original = "<CAF7gK2vQ3xZp9Lw0mYbN4dR8sT1uV6wX2yZ3aB4cD5eF6gH7iJ@mail.gmail.com>"
    assert mail["In-Reply-To"].strip() == original
    assert mail["References"].strip() == original
    assert smtp_sink.envelopes[0][1] == ["li.wei.trader@gmail.com"]


def test_agent_reply_is_mailed_in_the_thread_and_a_reply_to_it_comes_back(
    general: Category, agent: User, smtp_sink: SmtpSink, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ingest_mail(corpus("gmail_new_ticket.eml"), source="pipe")
    ticket = Ticket.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        post_agent_reply(agent, ticket, "The deposit is credited now. Please check your balance.")
        post_agent_reply(agent, ticket, "Internal: checked on Tronscan.", internal=True)
    ack, reply = smtp_sink.messages
    assert text_of(reply).startswith("The deposit is credited now. Please check your balance.")
    assert "Internal" not in text_of(reply)
    assert reply["Subject"] == f"Re: [{ticket.reference}] USDT deposit (TRC20) not credited after 3 hours"
    assert reply["In-Reply-To"].strip() == ack["Message-ID"].strip()
    assert reply["References"].split() == [
        "<CAF7gK2vQ3xZp9Lw0mYbN4dR8sT1uV6wX2yZ3aB4cD5eF6gH7iJ@mail.gmail.com>",
        ack["Message-ID"].strip(),
    ]
    assert reply["Auto-Submitted"] is None
    answer = (
        f"From: Wei Li <li.wei.trader@gmail.com>\r\nSubject: {reply['Subject']}\r\nMessage-ID: <CAF-answer@mail>\r\n"
        f"In-Reply-To: {reply['Message-ID']}\r\nReferences: {reply['References']} {reply['Message-ID']}\r\n\r\n"
        "Thanks, I see it now.\r\n\r\nOn Fri, Nov 20, 2026 at 7:00 PM Beacon <support@beacon.localhost> wrote:\r\n"
        "> The deposit is credited now.\r\n"
    ).encode()
    result = ingest_mail(answer, source="pipe")
    assert result.ticket_id == ticket.pk
    assert ticket.messages.order_by("-id").first().body == "Thanks, I see it now."  # type: ignore[union-attr]


def test_reply_that_solves_the_ticket_is_one_mail_that_says_so(
    general: Category, customer: User, agent: User, smtp_sink: SmtpSink, django_capture_on_commit_callbacks: Capture
) -> None:
    ticket = web_ticket(customer, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        post_agent_reply(agent, ticket, "Fixed on our side.", new_status="solved")
    assert len(smtp_sink.messages) == 2
    text = text_of(smtp_sink.messages[1])
    assert text.startswith("Fixed on our side.")
    assert "We have marked your request as solved." in text
    assert "How would you rate the help you received?" in text
    assert html_of(smtp_sink.messages[1]).count("/tickets/rate/") == 5
    assert OutboundMail.objects.filter(kind=OutboundKind.SOLVED).count() == 0
    assert OutboundMail.objects.get(kind=OutboundKind.REPLY).asks_rating


def test_solving_a_ticket_sends_a_solved_notice(
    general: Category, customer: User, agent: User, smtp_sink: SmtpSink, django_capture_on_commit_callbacks: Capture
) -> None:
    ticket = web_ticket(customer, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        change_status(agent, ticket, "solved")
    notice = smtp_sink.messages[-1]
    assert f"Your request {ticket.reference} has been marked as solved." in text_of(notice)
    assert notice["Auto-Submitted"] == "auto-generated"
    assert OutboundMail.objects.filter(kind=OutboundKind.SOLVED).count() == 1


def test_solved_notice_asks_for_a_rating_with_signed_links_in_the_thread(
    general: Category,
    customer: User,
    agent: User,
    smtp_sink: SmtpSink,
    client: Client,
    login: Callable[[User], Client],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    customer.anti_phishing_code = "Moon-42"
    customer.save()
    ticket = web_ticket(customer, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        change_status(agent, ticket, "solved")
    ack, notice = smtp_sink.messages
    text, html = text_of(notice), html_of(notice)
    assert "Anti-phishing code: Moon-42" in text and "Moon-42" in html
    assert "How would you rate the help you received?" in text
    assert notice["In-Reply-To"].strip() == ack["Message-ID"].strip()
    assert notice["Subject"] == f"Re: [{ticket.reference}] Cannot withdraw ETH"
    links = re.findall(r'href="(https?://[^"]+/tickets/rate/[^"?]+\?score=(\d))"', html)
    assert [score for _url, score in links] == ["5", "4", "3", "2", "1"]
    page = client.get(path_of(links[0][0]))
    assert page.status_code == 200
    assert not SatisfactionRating.objects.exists()  # opening the link (a mail scanner) rates nothing
    [text_link] = re.findall(r"https?://\S+/tickets/rate/\S+", text)
    assert client.post(path_of(text_link), {"score": "5", "comment": "Quick and kind"}).status_code == 200
    assert SatisfactionRating.objects.get(ticket=ticket).score == 5
    log = login(agent).get(reverse("mail:ticket_log", args=[ticket.pk])).content.decode()
    assert "Solved notice · with rating request" in log


def test_rating_request_is_written_in_the_customers_language(
    general: Category, customer: User, agent: User, smtp_sink: SmtpSink, django_capture_on_commit_callbacks: Capture
) -> None:
    customer.language = "zh-hans"
    customer.save()
    ticket = web_ticket(customer, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        change_status(agent, ticket, "solved")
    assert '<html lang="zh-hans">' in html_of(smtp_sink.messages[-1])
    assert OutboundMail.objects.get(kind=OutboundKind.SOLVED).language == "zh-hans"


def test_rating_is_asked_once_per_solve_and_again_after_a_reopen(
    general: Category, customer: User, agent: User, smtp_sink: SmtpSink, django_capture_on_commit_callbacks: Capture
) -> None:
    ticket = web_ticket(customer, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        change_status(agent, ticket, "solved")
    ticket.refresh_from_db()
    assert mail_ticket_solved(ticket) is None  # the same solve announced again: nothing new
    with django_capture_on_commit_callbacks(execute=True):
        change_status(customer, ticket, "open")
        change_status(agent, ticket, "solved")
    assert OutboundMail.objects.filter(kind=OutboundKind.SOLVED, asks_rating=True).count() == 2
    assert len(smtp_sink.messages) == 3


def test_ticket_solved_from_a_live_chat_is_not_mailed(
    general: Category, customer: User, agent: User, smtp_sink: SmtpSink, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        session = open_session(portal_user=customer, identity_token=None, resume=None)
        post_customer_message(session.pk, "My withdrawal is stuck", client_key=None, upload_keys=[])
    with django_capture_on_commit_callbacks(execute=True):
        end_chat(agent, session.pk, by_staff=True)
    session.refresh_from_db()
    assert session.ticket is not None and session.ticket.status == "solved"
    assert smtp_sink.messages == []
    assert not OutboundMail.objects.exists()


def test_ticket_rated_in_its_chat_is_not_asked_again_by_mail(
    general: Category, customer: User, agent: User, smtp_sink: SmtpSink, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        session = open_session(portal_user=customer, identity_token=None, resume=None)
        post_customer_message(session.pk, "My withdrawal is stuck", client_key=None, upload_keys=[])
        end_chat(agent, session.pk, by_staff=True)
        rate_chat(session.pk, 4)
    ticket = Ticket.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        change_status(customer, ticket, "open")
        change_status(agent, ticket, "solved")
    [notice] = smtp_sink.messages
    assert "has been marked as solved" in text_of(notice)
    assert "How would you rate" not in text_of(notice)
    assert not OutboundMail.objects.get().asks_rating


def test_mail_text_is_rendered_by_the_send_task_not_the_request(
    general: Category, customer: User, smtp_sink: SmtpSink, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        process_inbound(InboundMessage(channel=Channel.WEB, author=customer, subject="Hi", body="Help"))
    queued = OutboundMail.objects.get()
    assert queued.body_text == "" and queued.body_html == ""
    assert queued.subject.endswith("] Hi")
    for callback in callbacks:
        callback()
    queued.refresh_from_db()
    assert "We have received your request." in queued.body_text
    assert text_of(smtp_sink.messages[0]).replace("\r\n", "\n") == queued.body_text


def test_subject_with_injected_headers_is_sent_to_one_recipient_only(
    general: Category, smtp_sink: SmtpSink, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ingest_mail(corpus("header_injection.eml"), source="pipe")
    [mail] = smtp_sink.messages
    assert smtp_sink.envelopes[0][1] == ["mallory@example.org"]
    assert mail["Bcc"] is None
    assert mail["Subject"].endswith("Help me Bcc: victim@example.org injected body")


def test_failed_send_is_retried_and_visible_to_agents(
    general: Category,
    customer: User,
    agent: User,
    smtp_sink: SmtpSink,
    login: Callable[[User], Client],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    smtp_sink.refuse = True
    ticket = web_ticket(customer, django_capture_on_commit_callbacks)
    stored = OutboundMail.objects.get()
    assert stored.status == OutboundStatus.RETRYING
    assert "451" in stored.last_error
    client = login(agent)
    page = client.get(reverse("agent:ticket", args=[ticket.pk])).content.decode()
    log_url = reverse("mail:ticket_log", args=[ticket.pk])
    assert f'hx-get="{log_url}"' in page
    log = client.get(log_url, headers={"HX-Request": "true"}).content.decode()
    assert "Failed, retrying" in log
    assert "Mailbox temporarily unavailable" in log
    assert AuditEvent.objects.filter(verb="mail.failed", target_id=ticket.pk).exists()

    smtp_sink.refuse = False
    OutboundMail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert retry_due_outbound() == 1
    stored.refresh_from_db()
    assert stored.status == OutboundStatus.SENT and stored.attempts == 2
    assert len(smtp_sink.messages) == 1


@override_settings(BEACON_MAIL_RETRY_DELAYS=[0])
def test_mail_that_keeps_failing_ends_failed_and_an_agent_can_send_it_again(
    general: Category,
    customer: User,
    agent: User,
    smtp_sink: SmtpSink,
    login: Callable[[User], Client],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    smtp_sink.refuse = True
    ticket = web_ticket(customer, django_capture_on_commit_callbacks)
    retry_due_outbound()
    stored = OutboundMail.objects.get()
    assert stored.status == OutboundStatus.FAILED and stored.attempts == 2
    assert retry_due_outbound() == 0

    smtp_sink.refuse = False
    with django_capture_on_commit_callbacks(execute=True):
        response = login(agent).post(reverse("mail:retry", args=[stored.pk]))
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.status == OutboundStatus.SENT
    assert len(smtp_sink.messages) == 1
    assert ticket.reference in smtp_sink.messages[0]["Subject"]


def test_customer_cannot_use_the_retry_action(
    general: Category, customer: User, login: Callable[[User], Client], django_capture_on_commit_callbacks: Capture
) -> None:
    web_ticket(customer, django_capture_on_commit_callbacks)
    response = login(customer).post(reverse("mail:retry", args=[OutboundMail.objects.get().pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_mail_left_sending_by_a_crashed_worker_is_sent_by_the_sweep(
    general: Category, customer: User, smtp_sink: SmtpSink, django_capture_on_commit_callbacks: Capture
) -> None:
    web_ticket(customer, django_capture_on_commit_callbacks)
    smtp_sink.messages.clear()
    stored = OutboundMail.objects.get()
    claimed_at = timezone.now() - timedelta(minutes=10)
    # What a worker that died after claiming the mail leaves behind.
    OutboundMail.objects.update(status=OutboundStatus.SENDING, sent_at=None, updated_at=claimed_at)
    assert retry_due_outbound() == 0  # it may still be sending: left alone within the lease
    assert smtp_sink.messages == []

    OutboundMail.objects.update(updated_at=timezone.now() - timedelta(minutes=16))
    assert retry_due_outbound() == 1
    stored.refresh_from_db()
    assert stored.status == OutboundStatus.SENT and stored.attempts == 2
    assert len(smtp_sink.messages) == 1


def test_the_periodic_runner_sends_mail_whose_retry_is_due_without_a_mail_worker(
    general: Category, customer: User, smtp_sink: SmtpSink, django_capture_on_commit_callbacks: Capture
) -> None:
    web_ticket(customer, django_capture_on_commit_callbacks)
    smtp_sink.messages.clear()
    OutboundMail.objects.update(status=OutboundStatus.RETRYING, sent_at=None, next_attempt_at=timezone.now())
    call_command("run_periodic", "--once")
    assert OutboundMail.objects.get().status == OutboundStatus.SENT
    assert len(smtp_sink.messages) == 1
