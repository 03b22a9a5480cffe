"""The transcript by e-mail, sent through a real SMTP server on 127.0.0.1 (the mail tests' sink)."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress

from beacon.accounts.models import User
from beacon.accounts.services import set_anti_phishing_code
from beacon.chat.enums import TranscriptMailStatus
from beacon.chat.models import TranscriptMail
from beacon.chat.services.transcripts import deliver_transcript_mail
from beacon.core.models import AuditEvent
from beacon.mail.tests.conftest import SmtpSink
from beacon.tickets.models import Category

from .conftest import customer_socket, db, signed

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_signed_in_customer_gets_the_transcript_by_mail_in_the_chats_language_with_the_code(
    smtp_sink: SmtpSink, general: Category
) -> None:
    client, _welcome = await customer_socket(identity=signed(email="mei@example.com"), language="zh-hans")
    user = await db(User.objects.get, email="mei@example.com")
    await db(set_anti_phishing_code, user, "Lotus-42")
    await client.send(type="message", client_id="line-000001", body="My deposit has not arrived")
    await client.of_type("ack")
    await client.send(type="transcript_mail")
    queued = await client.of_type("transcript")
    mail = await db(TranscriptMail.objects.get)
    sent = smtp_sink.messages[0]
    text = sent.get_body(preferencelist=("plain",)).get_content()
    html = sent.get_body(preferencelist=("html",)).get_content()
    assert queued == {"type": "transcript", "state": "mail_queued", "email": "mei@example.com"}
    assert (mail.status, mail.attempts, mail.language) == (TranscriptMailStatus.SENT, 1, "zh-hans")
    assert smtp_sink.envelopes[0][1] == ["mei@example.com"]
    assert "Lotus-42" in text.splitlines()[0]
    assert "My deposit has not arrived" in text
    assert '<html lang="zh-hans">' in html
    assert "Lotus-42" in html
    assert sent["Auto-Submitted"] == "auto-generated"
    assert sent["X-Beacon-Ticket"].startswith("BCN-")
    await client.close()


async def test_an_anonymous_visitor_cannot_have_the_transcript_mailed(smtp_sink: SmtpSink) -> None:
    client, _welcome = await customer_socket(language="en")
    await client.send(type="message", client_id="line-000002", body="How do I reset 2FA?")
    await client.of_type("ack")
    await client.send(type="transcript_mail")
    refused = await client.of_type("error")
    assert refused["code"] == "email_unverified"
    assert smtp_sink.messages == []
    await client.close()


async def test_a_portal_account_with_an_unverified_address_cannot_have_it_mailed(
    smtp_sink: SmtpSink, customer: User, general: Category
) -> None:
    await db(EmailAddress.objects.filter(user=customer).update, verified=False)
    client, _welcome = await customer_socket(customer)
    await client.send(type="message", client_id="line-000003", body="Hello")
    await client.of_type("ack")
    await client.send(type="transcript_mail")
    refused = await client.of_type("error")
    assert refused["code"] == "email_unverified"
    assert smtp_sink.messages == []
    await client.close()


async def test_transcript_mails_are_rate_limited(smtp_sink: SmtpSink, customer: User, general: Category) -> None:
    client, _welcome = await customer_socket(customer)
    await client.send(type="message", client_id="line-000004", body="Hello")
    await client.of_type("ack")
    for _n in range(3):
        await client.send(type="transcript_mail")
        await client.of_type("transcript")
    await client.send(type="transcript_mail")
    refused = await client.of_type("error")
    assert refused["code"] == "rate_limited"
    assert len(smtp_sink.messages) == 3
    await client.close()


async def test_a_refused_transcript_mail_is_retried_and_never_sent_twice(
    smtp_sink: SmtpSink, customer: User, general: Category
) -> None:
    client, _welcome = await customer_socket(customer)
    await client.send(type="message", client_id="line-000005", body="Hello")
    await client.of_type("ack")
    smtp_sink.refuse = True
    await client.send(type="transcript_mail")
    await client.of_type("transcript")
    mail = await db(TranscriptMail.objects.get)
    smtp_sink.refuse = False
    retried = await db(deliver_transcript_mail, mail.pk)
    again = await db(deliver_transcript_mail, mail.pk)
    failures = await db(AuditEvent.objects.filter(verb="chat.transcript_mail_failed").count)
    assert mail.status == TranscriptMailStatus.RETRYING
    assert (retried, again) == (TranscriptMailStatus.SENT, TranscriptMailStatus.SENT)
    assert len(smtp_sink.messages) == 1
    assert failures == 1
    await client.close()
