"""Operators configure mailboxes and inspect mail in the admin; agents see the mail log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse

from beacon.accounts.enums import Role
from beacon.accounts.models import User
from beacon.accounts.tests.factories import TeamFactory, staff
from beacon.mail.enums import OutboundStatus
from beacon.mail.models import Mailbox, OutboundMail
from beacon.mail.services import ingest_mail
from beacon.tickets.models import Category
from beacon.tickets.tests.factories import TicketFactory

from .conftest import corpus


def admin_user() -> User:
    return staff(Role.ADMIN, email="root@example.com", is_staff=True, is_superuser=True)


def test_admin_adds_a_mailbox_and_the_password_is_never_shown(
    db: None, general: Category, login: Callable[[User], Client]
) -> None:
    client = login(admin_user())
    response = client.post(
        reverse("admin:mail_mailbox_add"),
        {
            "name": "Support",
            "address": "support@example.com",
            "host": "imap.example.com",
            "port": "993",
            "security": "ssl",
            "username": "support@example.com",
            "password": "app-password-1",
            "folder": "INBOX",
            "processed_folder": "",
            "category": general.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    mailbox = Mailbox.objects.get()
    assert mailbox.password == "app-password-1"
    page = client.get(reverse("admin:mail_mailbox_change", args=[mailbox.pk])).content.decode()
    assert "app-password-1" not in page


def test_admin_lists_received_and_sent_mail(db: None, general: Category, login: Callable[[User], Client]) -> None:
    ingest_mail(corpus("gmail_new_ticket.eml"), source="pipe")
    ingest_mail(corpus("autoreply_outlook_oof.eml"), source="pipe")
    client = login(admin_user())
    received = client.get(reverse("admin:mail_inboundmail_changelist")).content.decode()
    assert "li.wei.trader@gmail.com" in received and "Auto-reply (ignored)" in received
    sent = client.get(reverse("admin:mail_outboundmail_changelist")).content.decode()
    assert "Acknowledgement" in sent


def test_mail_log_of_a_ticket_is_two_queries_whatever_its_length(
    general: Category, agent: User, login: Callable[[User], Client], django_assert_max_num_queries: Callable[..., Any]
) -> None:
    ticket = TicketFactory(category=general, team=agent.teams.get())
    for n in range(5):
        OutboundMail.objects.create(
            ticket=ticket,
            to_address="a@example.com",
            kind="reply",
            subject="s",
            body_text="b",
            message_id=f"m{n}@x",
            status=OutboundStatus.RETRYING,
            attempts=2,
            last_error="451 try later",
        )
    client = login(agent)
    url = reverse("mail:ticket_log", args=[ticket.pk])
    client.get(url)
    with django_assert_max_num_queries(4):  # session + user, the ticket, the mails
        html = client.get(url).content.decode()
    assert html.count("451 try later") == 5
    assert html.count("Send again now") == 5


def test_mail_log_of_a_ticket_the_agent_cannot_see_is_not_found(
    general: Category, agent: User, login: Callable[[User], Client]
) -> None:
    hidden = TicketFactory(category=general, team=TeamFactory(slug="vip"))
    assert login(agent).get(reverse("mail:ticket_log", args=[hidden.pk])).status_code == 404
