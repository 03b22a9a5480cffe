from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext as _

from beacon.accounts.enums import Role
from beacon.accounts.models import User
from beacon.accounts.services import create_api_token
from beacon.accounts.tests.factories import TeamFactory, staff
from beacon.core.tests.images import png_bytes
from beacon.tickets.enums import MessageKind
from beacon.tickets.models import Category, Ticket
from beacon.tickets.tests.factories import ETH_TXID, MessageFactory, TicketFactory

pytestmark = pytest.mark.django_db

NEW_DEPOSIT = {
    "category": "deposit",
    "subject": "USDT not credited",
    "body": "Sent two hours ago",
    "fields": {"asset": "USDT", "network": "ETH", "txid": ETH_TXID, "amount": "100"},
}


def test_customer_opens_a_ticket_and_gets_its_reference(customer_client: Client, deposit: Category) -> None:
    response = customer_client.post("/api/v1/tickets", NEW_DEPOSIT, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["ticket"]["reference"].startswith("BCN-")
    assert body["ticket"]["team"] == "funds"


@pytest.mark.usefixtures("database_tasks")
def test_opening_a_ticket_costs_a_fixed_number_of_queries(
    customer_client: Client,
    deposit: Category,
    django_assert_max_num_queries: Callable[..., object],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        # loads the triage config; queues the mail and chain tasks (no worker runs them here)
        customer_client.post("/api/v1/tickets", NEW_DEPOSIT, content_type="application/json")
    # session, user; the transaction: config check, ticket, message, its audit events, chain check,
    # acknowledgement mail; after commit: routing check, and the mail and chain tasks queued once.
    with django_assert_max_num_queries(12), django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        response = customer_client.post("/api/v1/tickets", NEW_DEPOSIT, content_type="application/json")
    assert response.status_code == 201
    assert Ticket.objects.count() == 2


def test_malformed_txid_gets_a_field_error_and_nothing_is_stored(customer_client: Client, deposit: Category) -> None:
    payload = {**NEW_DEPOSIT, "fields": {**NEW_DEPOSIT["fields"], "txid": "0x1234"}}
    response = customer_client.post("/api/v1/tickets", payload, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert "txid" in response.json()["errors"]
    assert Ticket.objects.count() == 0


def test_schema_errors_are_json_with_a_message(customer_client: Client, deposit: Category) -> None:
    response = customer_client.post("/api/v1/tickets", {"subject": 5}, content_type="application/json")
    assert response.status_code == 422
    assert set(response.json()["errors"]) >= {"subject", "body"}  # no category: the classifier suggests one


def test_unknown_category_is_a_clear_error(customer_client: Client, deposit: Category) -> None:
    response = customer_client.post(
        "/api/v1/tickets", {**NEW_DEPOSIT, "category": "nope"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert response.json()["errors"] == {"category": ["Choose one of the listed categories."]}


def test_anonymous_requests_are_refused(client: Client) -> None:
    assert client.get("/api/v1/tickets").status_code == 401


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/tickets/{id}"),
        ("get", "/api/v1/tickets/{id}/messages"),
        ("patch", "/api/v1/tickets/{id}"),
        ("post", "/api/v1/tickets/{id}/messages"),
        ("get", "/api/v1/attachments/{attachment}"),
    ],
)
def test_customer_cannot_touch_another_customers_ticket(
    login: Callable[[User], Client], customer: User, other_customer: User, method: str, path: str
) -> None:
    ticket = TicketFactory(requester=customer)
    message = MessageFactory(ticket=ticket)
    attachment = message.attachments.create(
        ticket=ticket, name="a.png", content_type="image/png", size=1, file="attachments/x.png"
    )
    client = login(other_customer)
    url = path.format(id=ticket.pk, attachment=attachment.pk)
    response = getattr(client, method)(url, {"status": "closed"}, content_type="application/json")
    assert response.status_code == 404
    ticket.refresh_from_db()
    assert ticket.status == "new"
    assert ticket.messages.count() == 1


def test_customer_never_sees_internal_notes(customer_client: Client, customer: User, agent: User) -> None:
    ticket = TicketFactory(requester=customer)
    MessageFactory(ticket=ticket, body="public")
    MessageFactory(ticket=ticket, author=agent, kind=MessageKind.INTERNAL, body="customer seems confused")
    bodies = [m["body"] for m in customer_client.get(f"/api/v1/tickets/{ticket.pk}/messages").json()]
    assert bodies == ["public"]


def test_agent_sees_own_team_and_untriaged_tickets_but_not_other_teams(
    login: Callable[[User], Client], agent: User
) -> None:
    funds = agent.teams.get()
    security = TeamFactory(slug="security")
    mine = TicketFactory(team=funds)
    untriaged = TicketFactory(team=None)
    hidden = TicketFactory(team=security)
    client = login(agent)
    ids = {t["id"] for t in client.get("/api/v1/tickets?queue=all").json()["items"]}
    assert ids == {mine.pk, untriaged.pk}
    assert client.get(f"/api/v1/tickets/{hidden.pk}").status_code == 404


def test_supervisor_sees_every_team(login: Callable[[User], Client], supervisor: User) -> None:
    hidden = TicketFactory(team=TeamFactory(slug="security"))
    assert login(supervisor).get(f"/api/v1/tickets/{hidden.pk}").status_code == 200


def test_customer_cannot_change_priority_or_assignee(customer_client: Client, customer: User) -> None:
    ticket = TicketFactory(requester=customer)
    response = customer_client.patch(f"/api/v1/tickets/{ticket.pk}", {"priority": 1}, content_type="application/json")
    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.priority == 3


def test_agent_changes_status_priority_and_assignee(
    login: Callable[[User], Client], agent: User, customer: User
) -> None:
    ticket = TicketFactory(requester=customer, team=agent.teams.get())
    response = login(agent).patch(
        f"/api/v1/tickets/{ticket.pk}",
        {"status": "open", "priority": 1, "assignee": agent.email},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["priority"], response.json()["assignee"]) == ("open", 1, "Mia")


def test_forbidden_transition_is_a_409(login: Callable[[User], Client], agent: User) -> None:
    ticket = TicketFactory(team=agent.teams.get(), status="closed")
    response = login(agent).patch(
        f"/api/v1/tickets/{ticket.pk}", {"status": "pending"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_reply_with_attachment_then_download_it(customer_client: Client, customer: User) -> None:
    ticket = TicketFactory(requester=customer)
    upload = SimpleUploadedFile("proof.png", png_bytes(), content_type="image/png")
    response = customer_client.post(f"/api/v1/tickets/{ticket.pk}/messages", {"body": "see proof", "files": [upload]})
    assert response.status_code == 201
    url = response.json()["attachments"][0]["url"]
    download = customer_client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")


def test_disguised_executable_upload_is_refused(customer_client: Client, customer: User) -> None:
    ticket = TicketFactory(requester=customer)
    exe = SimpleUploadedFile("photo.png", b"MZ\x90\x00" + b"\x00" * 100, content_type="image/png")
    response = customer_client.post(f"/api/v1/tickets/{ticket.pk}/messages", {"body": "x", "files": [exe]})
    assert response.status_code == 400
    assert "does not contain what its name says" in response.json()["message"]
    assert ticket.messages.count() == 0


def test_staff_bearer_token_works_and_stops_working_when_revoked(agent: User) -> None:
    from beacon.accounts.services import revoke_api_token

    token, plaintext = create_api_token(agent, "crm")
    client = Client(headers={"Authorization": f"Bearer {plaintext}"})
    assert client.get("/api/v1/tickets").status_code == 200
    revoke_api_token(agent, token.pk)
    assert client.get("/api/v1/tickets").status_code == 401


def test_a_bearer_token_caller_reads_errors_in_their_own_language(agent: User) -> None:
    agent.language = "zh-hans"
    agent.save(update_fields=["language"])
    _token, plaintext = create_api_token(agent, "crm")
    client = Client(headers={"Authorization": f"Bearer {plaintext}", "Accept-Language": "en"})
    response = client.get("/api/v1/tickets/999999")
    assert response.status_code == 404
    with translation.override("zh-hans"):
        assert response.json()["message"] == _("No such ticket.") != "No such ticket."


def test_ticket_list_endpoint_has_constant_queries(
    login: Callable[[User], Client], supervisor: User, django_assert_max_num_queries: Callable[..., object]
) -> None:
    TicketFactory.create_batch(30, team=TeamFactory(slug="funds"))
    client = login(supervisor)
    client.get("/api/v1/tickets")  # the first request of a session also records its MFA check
    with django_assert_max_num_queries(4):  # session, user, page of tickets (+ one spare)  # type: ignore[attr-defined]
        response = client.get("/api/v1/tickets?queue=all")
    assert len(response.json()["items"]) == 25
    assert response.json()["has_next"] is True


def test_agent_without_totp_is_refused_by_the_api(login: Callable[[User], Client]) -> None:
    newcomer = staff(Role.AGENT, totp=False)
    response = login(newcomer).get("/api/v1/tickets")
    assert response.status_code == 403
    assert response.json()["code"] == "mfa_required"
