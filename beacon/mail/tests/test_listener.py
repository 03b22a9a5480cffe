"""The SMTP listener on 127.0.0.1, spoken to by a real SMTP client (smtplib)."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from beacon.mail.enums import InboundStatus
from beacon.mail.listener import make_controller
from beacon.mail.models import InboundMail
from beacon.tickets.models import Category, Ticket

from .conftest import corpus, free_port

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def listener() -> Iterator[Controller]:
    with override_settings(BEACON_MAIL_LISTENER_RECIPIENTS=["support@beacon.localhost", "@help.beacon.localhost"]):
        controller = make_controller("127.0.0.1", free_port())
        controller.start()
        try:
            yield controller
        finally:
            controller.stop()


def send(
    controller: Controller,
    raw: bytes,
    *,
    mail_from: str = "li.wei.trader@gmail.com",
    to: str = "support@beacon.localhost",
) -> None:
    with smtplib.SMTP(controller.hostname, controller.port, timeout=10) as client:
        client.sendmail(mail_from, [to], raw)


def test_delivered_mail_is_a_ticket_before_the_server_says_250(general: Category, listener: Controller) -> None:
    send(listener, corpus("gmail_new_ticket.eml"))
    assert Ticket.objects.get().requester.email == "li.wei.trader@gmail.com"
    assert InboundMail.objects.get().source == "smtp"


def test_chinese_mail_arrives_readable_over_smtp(general: Category, listener: Controller) -> None:
    send(listener, corpus("foxmail_reply_gb2312.eml"), to="tickets@help.beacon.localhost")
    assert "收款人：朱镕堃" in Ticket.objects.get().messages.get().body


def test_unknown_recipient_is_refused(general: Category, listener: Controller) -> None:
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        send(listener, corpus("gmail_new_ticket.eml"), to="ceo@beacon.localhost")
    assert Ticket.objects.count() == 0


def test_bounce_with_a_null_sender_is_recorded_not_ticketed(general: Category, listener: Controller) -> None:
    send(listener, corpus("bounce_dsn.eml"), mail_from="")
    assert InboundMail.objects.get().status == InboundStatus.BOUNCE
    assert Ticket.objects.count() == 0


@override_settings(BEACON_MAIL_MAX_BYTES=4000)
def test_oversized_mail_is_refused_at_the_door(general: Category) -> None:
    controller = make_controller("127.0.0.1", free_port())
    controller.start()
    try:
        with pytest.raises(smtplib.SMTPException):
            send(controller, corpus("zip_bomb.eml"))
    finally:
        controller.stop()
    assert Ticket.objects.count() == 0
