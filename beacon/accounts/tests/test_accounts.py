from __future__ import annotations

import re
from collections.abc import Callable

import pyotp
import pytest
from django.core import mail
from django.test import Client

from beacon.accounts.enums import Role
from beacon.accounts.models import ApiToken, User
from beacon.accounts.tests.factories import PASSWORD, TOTP_SECRET, staff

pytestmark = pytest.mark.django_db


def test_customer_signs_up_and_verifies_email_with_a_code(client: Client) -> None:
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.com", "password1": "a-long-passphrase-42", "password2": "a-long-passphrase-42"},
    )
    assert response.status_code == 302
    code = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", mail.outbox[0].body).group(1)  # type: ignore[union-attr]
    response = client.post(response["Location"], {"code": code})
    user = User.objects.get(email="new@example.com")
    assert user.role == Role.CUSTOMER
    assert user.emailaddress_set.get().verified
    assert client.get("/").status_code == 200


def test_password_reset_mail_is_sent(client: Client, customer: User) -> None:
    client.post("/accounts/password/reset/", {"email": customer.email})
    assert len(mail.outbox) == 1
    assert customer.email in mail.outbox[0].to


def test_staff_login_requires_the_totp_code(client: Client, agent: User) -> None:
    response = client.post("/accounts/login/", {"login": agent.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/agent/").status_code == 302
    response = client.post("/accounts/2fa/authenticate/", {"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert response.status_code == 302
    assert client.get("/agent/").status_code == 200


def test_staff_without_totp_is_sent_to_set_it_up(login: Callable[[User], Client]) -> None:
    newcomer = staff(Role.AGENT, totp=False)
    response = login(newcomer).get("/agent/")
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_api_token_is_shown_once_and_stored_only_as_a_hash(login: Callable[[User], Client], agent: User) -> None:
    page = login(agent).post("/account/tokens/", {"name": "CRM sync"}).content.decode()
    plaintext = re.search(r'id="new-token">(bcn_[^<]+)<', page).group(1)  # type: ignore[union-attr]
    token = ApiToken.objects.get()
    assert plaintext.split("_", 2)[2] not in token.digest  # the secret may itself contain "_"
    assert token.prefix in plaintext
    assert plaintext not in login(agent).get("/account/tokens/").content.decode()


def test_customers_cannot_create_api_tokens(customer_client: Client) -> None:
    customer_client.post("/account/tokens/", {"name": "x"})
    assert ApiToken.objects.count() == 0


def test_preferences_save_language_and_time_zone(customer_client: Client, customer: User) -> None:
    customer_client.post("/account/preferences/", {"language": "zh-hans", "timezone": "Asia/Shanghai"})
    customer.refresh_from_db()
    assert (customer.language, customer.timezone) == ("zh-hans", "Asia/Shanghai")


def test_unknown_time_zone_is_a_form_error(customer_client: Client, customer: User) -> None:
    response = customer_client.post("/account/preferences/", {"language": "en", "timezone": "Mars/Olympus"})
    assert response.status_code == 200
    customer.refresh_from_db()
    assert customer.timezone == "UTC"


def test_times_are_shown_in_the_users_time_zone(login: Callable[[User], Client], customer: User) -> None:
    from datetime import UTC, datetime

    from beacon.tickets.tests.factories import TicketFactory

    customer.timezone = "Asia/Shanghai"
    customer.save()
    ticket = TicketFactory(requester=customer)
    Ticket = type(ticket)
    Ticket.objects.filter(pk=ticket.pk).update(updated_at=datetime(2026, 11, 20, 23, 30, tzinfo=UTC))
    assert "2026-11-21 07:30" in login(customer).get("/").content.decode()
