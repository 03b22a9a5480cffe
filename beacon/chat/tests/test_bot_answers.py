"""The assistant's answers in a chat are kept on the chat's ticket as the assistant's messages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from beacon.accounts.models import User
from beacon.chat.models import ChatEntry, ChatSession
from beacon.core.models import AuditEvent
from beacon.tickets.enums import MessageKind, Status
from beacon.tickets.models import Category, Message, Ticket
from beacon.tickets.selectors import thread

from .conftest import customer_socket, db, reset_2fa_faq

pytestmark = pytest.mark.django_db(transaction=True)

QUESTION = "I lost my phone with Google Authenticator"


async def _answered_chat(customer: User) -> Ticket:
    await reset_2fa_faq()
    client, _welcome = await customer_socket(customer)
    await client.send(type="message", client_id="question-0001", body=QUESTION)
    await client.of_type("ack")
    await client.until(lambda f: f.get("type") == "message" and f.get("kind") == "bot")
    await client.close()
    session = await db(ChatSession.objects.select_related("ticket").get, user=customer)
    return session.ticket


async def test_the_answer_is_the_assistants_message_on_the_ticket_not_a_note(customer: User, general: Category) -> None:
    ticket = await _answered_chat(customer)
    messages = await db(lambda: list(Message.objects.filter(ticket=ticket).order_by("id")))
    assert [m.kind for m in messages] == [MessageKind.PUBLIC, MessageKind.BOT]
    answer = messages[1]
    assert answer.author is None
    assert answer.channel == "chat"
    assert "Reset 2FA" in answer.body
    entry = await db(ChatEntry.objects.get, session__ticket=ticket, kind="bot")
    assert entry.message_id == answer.pk
    # The customer reads it in their own thread.
    visible = await db(lambda: list(thread(customer, ticket)))
    assert answer in visible


async def test_an_assistants_answer_is_no_first_response_from_staff(customer: User, general: Category) -> None:
    ticket = await _answered_chat(customer)
    fresh = await db(Ticket.objects.get, pk=ticket.pk)
    assert fresh.first_response_at is None
    assert fresh.status == Status.NEW
    event = await db(AuditEvent.objects.get, verb="message.added", data__kind="bot")
    assert event.actor is None
    assert event.data["source"]["title"] == "How do I reset two-factor authentication?"


async def test_pages_label_the_answer_as_the_assistants(customer: User, agent: User, general: Category) -> None:
    ticket = await _answered_chat(customer)

    def page(user: User, url: str) -> str:
        client = Client()
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    portal = await db(page, customer, f"/tickets/{ticket.pk}/")
    assert "Assistant answer" in portal
    assert "Reset 2FA" in portal
    workspace = await db(page, agent, f"/agent/tickets/{ticket.pk}/")
    assert "from-assistant" in workspace
    assert "answered in the chat from “How do I reset two-factor authentication?”" in workspace


def open_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return int(cursor.fetchone()[0])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="counts PostgreSQL's connections")
async def test_answering_leaves_no_database_connection_open(customer: User, general: Category) -> None:
    before = await db(open_connections)
    await _answered_chat(customer)
    after = await db(open_connections)
    assert after == before
