from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client

from beacon.accounts.models import User
from beacon.accounts.tests.factories import TeamFactory
from beacon.tickets.models import Category, Ticket
from beacon.trust.models import SecurityEvent
from beacon.trust.services import register_official_channel

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def registry(db: None) -> None:
    cache.clear()
    register_official_channel(None, "telegram", "@Beacon_Support")
    register_official_channel(None, "email", "support@beaconex.com")
    register_official_channel(None, "phone", "+65 6123 4567")


@pytest.mark.parametrize(
    ("kind", "value"),
    [("telegram", "https://t.me/beacon_support"), ("telegram", "beacon_support"), ("phone", "0065-6123-4567")],
)
def test_every_spelling_of_an_official_contact_is_recognised(client: Client, kind: str, value: str) -> None:
    response = client.post("/api/v1/trust/verify", {"kind": kind, "value": value}, content_type="application/json")
    assert response.json()["official"] is True


def test_unknown_contact_is_called_likely_impersonation(client: Client) -> None:
    body = client.post(
        "/api/v1/trust/verify", {"kind": "telegram", "value": "@beacon_support_help"}, content_type="application/json"
    ).json()
    assert body["official"] is False
    assert "likely impersonation" in body["explanation"]


def test_official_email_answer_says_a_sender_can_be_forged(client: Client) -> None:
    body = client.post(
        "/api/v1/trust/verify", {"kind": "email", "value": "Support@BeaconEx.com"}, content_type="application/json"
    ).json()
    assert body["official"] is True
    assert "can be forged" in body["explanation"]


def test_malformed_phone_number_is_a_clear_error(client: Client) -> None:
    response = client.post("/api/v1/trust/verify", {"kind": "phone", "value": "12"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"]["value"]


def test_lookups_are_rate_limited(client: Client) -> None:
    payload = {"kind": "telegram", "value": "someone"}
    codes = [
        client.post("/api/v1/trust/verify", payload, content_type="application/json").status_code for _ in range(31)
    ]
    assert codes[:30] == [200] * 30
    assert codes[30] == 429


def test_verify_page_answers_and_offers_to_report(client: Client) -> None:
    page = client.get("/verify/", {"kind": "telegram", "value": "@beac0n_support"}).content.decode()
    assert "Not official" in page
    assert "Report this impostor" in page


def test_anonymous_report_opens_a_p1_security_ticket(client: Client, general: Category) -> None:
    TeamFactory(slug="security")
    client.post(
        "/verify/report/",
        {
            "kind": "telegram",
            "value": "@beac0n_support",
            "description": "asked me for my 2FA code",
            "email": "victim@example.com",
        },
    )
    ticket = Ticket.objects.get()
    assert (ticket.priority, ticket.team.slug, ticket.requester.email) == (1, "security", "victim@example.com")
    assert SecurityEvent.objects.get().kind == "impersonation_report"


def test_genuine_agent_id_is_confirmed_and_a_fake_one_is_not(client: Client, agent: User) -> None:
    assert client.get(f"/api/v1/trust/agents/{agent.public_id}").json() == {"genuine": True, "name": "Mia"}
    assert client.get("/api/v1/trust/agents/ZZZZ-9999").json()["genuine"] is False


def test_customer_sees_the_tickets_verification_code_and_so_does_the_agent(
    login: Callable[[User], Client], customer: User, agent: User
) -> None:
    from beacon.tickets.tests.factories import TicketFactory
    from beacon.trust.selectors import ticket_verification_code

    ticket = TicketFactory(requester=customer, team=agent.teams.get())
    code = ticket_verification_code(ticket.pk)
    assert code in login(customer).get(f"/tickets/{ticket.pk}/").content.decode()
    assert code in login(agent).get(f"/agent/tickets/{ticket.pk}/").content.decode()


def test_scan_api_is_for_staff_only(login: Callable[[User], Client], customer: User, agent: User) -> None:
    payload = {"text": "private key 0x" + "1f" * 32, "field": None}
    assert login(customer).post("/api/v1/trust/scan", payload, content_type="application/json").status_code == 403
    body = login(agent).post("/api/v1/trust/scan", payload, content_type="application/json").json()
    assert body["findings"][0]["kind"] == "hex_private_key"
    assert "1f1f1f" not in body["redacted_text"]


def test_anti_phishing_code_needs_the_password_again(customer_client: Client, customer: User) -> None:
    response = customer_client.get("/account/anti-phishing/")
    assert "/accounts/reauthenticate/" in response["Location"]


def test_security_events_page_is_for_supervisors(
    login: Callable[[User], Client], agent: User, supervisor: User, django_assert_max_num_queries: object
) -> None:
    assert login(agent).get("/agent/security/").status_code == 302
    client = login(supervisor)
    client.get("/agent/security/")
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        assert client.get("/agent/security/").status_code == 200
