from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from beacon.accounts.models import User
from beacon.accounts.tests.factories import TeamFactory
from beacon.core.tests.images import png_bytes
from beacon.tickets.enums import MessageKind, Status
from beacon.tickets.models import Attachment, Category, Ticket
from beacon.tickets.tests.factories import ETH_TXID, MessageFactory, TicketFactory

pytestmark = pytest.mark.django_db

DEPOSIT_FORM = {
    "subject": "USDT not credited",
    "body": "Sent 100 USDT from Binance two hours ago.",
    "f_asset": "USDT",
    "f_network": "ETH",
    "f_txid": ETH_TXID,
    "f_amount": "100",
}


def test_customer_submits_deposit_ticket_with_screenshot(customer_client: Client, deposit: Category) -> None:
    screenshot = SimpleUploadedFile("wallet.png", png_bytes(), content_type="image/png")
    response = customer_client.post("/tickets/new/deposit/", {**DEPOSIT_FORM, "attachments": [screenshot]})
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/tickets/{ticket.pk}/"
    page = customer_client.get(response["Location"]).content.decode()
    assert ticket.reference in page
    assert "Sent 100 USDT from Binance" in page
    assert Attachment.objects.get().name == "wallet.png"


@pytest.mark.usefixtures("database_tasks")
def test_submitting_the_form_costs_a_fixed_number_of_queries(
    customer_client: Client,
    deposit: Category,
    django_assert_max_num_queries: object,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        # loads the triage config; queues the mail and chain tasks (no worker runs them here)
        customer_client.post("/tickets/new/deposit/", DEPOSIT_FORM)
    with django_assert_max_num_queries(13), django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator, attr-defined]
        response = customer_client.post("/tickets/new/deposit/", DEPOSIT_FORM)
    assert response.status_code == 302
    assert Ticket.objects.count() == 2


def test_form_shows_field_errors_and_keeps_what_was_typed(customer_client: Client, deposit: Category) -> None:
    response = customer_client.post("/tickets/new/deposit/", {**DEPOSIT_FORM, "f_txid": "not-a-hash", "subject": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "does not look like a transaction ID on Ethereum" in page
    assert "Give your request a short title." in page
    assert "Sent 100 USDT from Binance" in page
    assert Ticket.objects.count() == 0


def test_form_errors_in_chinese_for_a_chinese_user(
    login: Callable[[User], Client], customer: User, deposit: Category
) -> None:
    customer.language = "zh-hans"
    customer.save()
    page = login(customer).post("/tickets/new/deposit/", {"body": "x"}).content.decode()
    assert '<html lang="zh-hans">' in page
    assert "交易哈希" in page


def test_disguised_upload_is_a_form_error(customer_client: Client, deposit: Category) -> None:
    exe = SimpleUploadedFile("wallet.png", b"MZ\x90\x00" + b"\x00" * 64, content_type="image/png")
    page = customer_client.post("/tickets/new/deposit/", {**DEPOSIT_FORM, "attachments": [exe]}).content.decode()
    assert "does not contain what its name says" in page
    assert Ticket.objects.count() == 0


def test_customer_ticket_list_shows_only_own_tickets(
    customer_client: Client, customer: User, other_customer: User, django_assert_max_num_queries: object
) -> None:
    TicketFactory.create_batch(25, requester=customer, subject="mine")
    TicketFactory(requester=other_customer, subject="someone else's")
    customer_client.get("/")
    with django_assert_max_num_queries(5):  # type: ignore[operator]
        page = customer_client.get("/").content.decode()
    assert page.count(">mine<") == 20
    assert "someone else" not in page


def test_customer_gets_404_for_someone_elses_ticket(
    login: Callable[[User], Client], customer: User, other_customer: User
) -> None:
    ticket = TicketFactory(requester=customer)
    assert login(other_customer).get(f"/tickets/{ticket.pk}/").status_code == 404


def test_customer_closes_and_reopens(customer_client: Client, customer: User) -> None:
    ticket = TicketFactory(requester=customer, status=Status.OPEN)
    customer_client.post(f"/tickets/{ticket.pk}/status/", {"status": "closed"})
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    customer_client.post(f"/tickets/{ticket.pk}/status/", {"status": "open"})
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_agent_queue_page_has_constant_queries(
    agent_client: Client, agent: User, django_assert_max_num_queries: object
) -> None:
    TicketFactory.create_batch(40, team=agent.teams.get())
    agent_client.get("/agent/")
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        page = agent_client.get("/agent/").content.decode()
    assert page.count('class="subject"') == 25


def test_agent_queue_filters_by_priority_with_an_htmx_fragment(agent_client: Client, agent: User) -> None:
    team = agent.teams.get()
    TicketFactory(team=team, priority=1, subject="urgent one")
    TicketFactory(team=team, priority=4, subject="low one")
    response = agent_client.get("/agent/?priority=1", headers={"HX-Request": "true"})
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="queue-table"')
    assert "urgent one" in page
    assert "low one" not in page


def test_customer_cannot_open_the_agent_workspace(customer_client: Client) -> None:
    assert customer_client.get("/agent/").status_code == 302


def test_agent_ticket_page_stays_within_ten_queries(
    agent_client: Client, agent: User, customer: User, django_assert_max_num_queries: object
) -> None:
    ticket = TicketFactory(requester=customer, team=agent.teams.get())
    for _ in range(5):
        MessageFactory(ticket=ticket)
        MessageFactory(ticket=ticket, author=agent, kind=MessageKind.INTERNAL)
    TicketFactory.create_batch(3, requester=customer, team=agent.teams.get())
    agent_client.get(f"/agent/tickets/{ticket.pk}/")
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        response = agent_client.get(f"/agent/tickets/{ticket.pk}/")
    assert response.status_code == 200


def test_agent_replies_over_htmx_and_the_customer_sees_it(
    agent_client: Client, customer_client: Client, agent: User, customer: User
) -> None:
    ticket = TicketFactory(requester=customer, team=agent.teams.get())
    response = agent_client.post(
        f"/agent/tickets/{ticket.pk}/reply/",
        {"body": "We found your deposit.", "status": "pending"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "We found your deposit." in response.content.decode()
    assert "We found your deposit." in customer_client.get(f"/tickets/{ticket.pk}/").content.decode()


def test_internal_note_is_hidden_from_the_customer(
    agent_client: Client, customer_client: Client, agent: User, customer: User
) -> None:
    ticket = TicketFactory(requester=customer, team=agent.teams.get())
    agent_client.post(f"/agent/tickets/{ticket.pk}/reply/", {"body": "VIP, be careful", "internal": "on"})
    assert "VIP, be careful" in agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "VIP, be careful" not in customer_client.get(f"/tickets/{ticket.pk}/").content.decode()


def test_agent_changes_properties_and_sees_the_history(agent_client: Client, agent: User) -> None:
    team = agent.teams.get()
    ticket = TicketFactory(team=team)
    response = agent_client.post(
        f"/agent/tickets/{ticket.pk}/properties/",
        {"status": "open", "priority": "1", "category": ticket.category.slug, "team": team.pk, "assignee": agent.pk},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority, ticket.assignee) == ("open", 1, agent)
    assert "changed status new → open" in page


def test_refused_transition_is_shown_as_a_form_error(agent_client: Client, agent: User) -> None:
    ticket = TicketFactory(team=agent.teams.get(), status=Status.CLOSED)
    response = agent_client.post(
        f"/agent/tickets/{ticket.pk}/properties/",
        {"status": "pending", "priority": "3", "category": ticket.category.slug, "team": "", "assignee": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert "cannot become Pending" in response.content.decode()


def test_attachment_of_an_internal_note_is_not_served_to_the_customer(
    customer_client: Client, customer: User, agent: User
) -> None:
    ticket = TicketFactory(requester=customer, team=TeamFactory(slug="funds"))
    note = MessageFactory(ticket=ticket, author=agent, kind=MessageKind.INTERNAL)
    attachment = note.attachments.create(ticket=ticket, name="n.png", content_type="image/png", size=1, file="x.png")
    assert customer_client.get(f"/attachments/{attachment.pk}/").status_code == 404


def test_language_switch_is_remembered_for_the_user(customer_client: Client, customer: User) -> None:
    customer_client.post("/i18n/language/", {"language": "zh-hans", "next": "/"})
    customer.refresh_from_db()
    assert customer.language == "zh-hans"
    assert '<html lang="zh-hans">' in customer_client.get("/").content.decode()
