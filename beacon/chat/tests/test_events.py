"""What a chat line publishes: each side gets each line once, the ticket's page hears of it, and
the queue pages only when a row they show changes."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient

from beacon.accounts.models import User
from beacon.tickets import services as ticket_services
from beacon.tickets.enums import Status
from beacon.tickets.models import Category, Ticket

from .conftest import Client, agent_socket, customer_socket, db, open_socket

pytestmark = pytest.mark.django_db(transaction=True)


async def chat_with_agent(customer: User, agent: User) -> tuple[Client, Client, str]:
    desk, _welcome = await agent_socket(agent)
    client, _welcome = await customer_socket(customer)
    await client.send(type="message", client_id="first-line-0001", body="I need help with my account")
    await client.of_type("ack")
    await client.send(type="handover")
    queue = await desk.until(lambda f: f.get("type") == "queue" and f["queue"])
    session = queue["queue"][0]["session"]
    await desk.send(type="accept", session=session)
    await desk.of_type("history")
    await client.until(lambda f: f.get("type") == "status" and f.get("status") == "active")
    return client, desk, session


async def lines_heard(socket: Client) -> list[int]:
    """The sequence numbers of the chat lines the socket received, duplicates included."""
    frames = [*socket.frames]
    while not await socket.ws.receive_nothing(timeout=0.5):
        frames.append(await socket.receive())
    return [f["seq"] for f in frames if f.get("type") == "message"]


async def test_a_plain_chat_line_refreshes_no_queue_page_but_a_change_of_its_row_does(
    customer: User, agent: User, general: Category
) -> None:
    client, desk, session = await chat_with_agent(customer, agent)
    ticket = await db(Ticket.objects.get)
    queue_page = await open_socket("/ws/events/", agent)
    ticket_page = await open_socket("/ws/events/", agent)
    await ticket_page.send(type="subscribe", ticket=ticket.pk)
    await ticket_page.of_type("subscribed")

    await client.send(type="message", client_id="plain-line-0001", body="Still there?")
    await desk.until(lambda f: f.get("type") == "message" and f.get("body") == "Still there?")
    line_on_ticket_page = await ticket_page.of_type("message.added")
    queue_quiet_after_a_line = await queue_page.ws.receive_nothing(timeout=0.5)

    # The first answer opens the ticket: the queue shows a new status.
    await desk.send(type="message", session=session, client_id="agent-reply-0001", body="Yes, looking now.")
    await client.until(lambda f: f.get("type") == "message" and f.get("kind") == "agent")
    answered = await queue_page.of_type("message.added")
    await desk.send(type="message", session=session, client_id="agent-reply-0002", body="One more moment.")
    await client.until(lambda f: f.get("type") == "message" and f.get("body") == "One more moment.")
    queue_quiet_after_a_second_answer = await queue_page.ws.receive_nothing(timeout=0.5)

    await db(ticket_services.change_status, agent, ticket, Status.PENDING)
    pending = await queue_page.of_type("ticket.status_changed")

    assert line_on_ticket_page["ticket"] == ticket.pk
    assert queue_quiet_after_a_line
    assert queue_quiet_after_a_second_answer
    assert answered == {"type": "message.added", "ticket": ticket.pk}
    assert pending == {"type": "ticket.status_changed", "ticket": ticket.pk}
    for socket in (client, desk, queue_page, ticket_page):
        await socket.close()


async def test_customer_and_agent_each_receive_every_line_once(customer: User, agent: User, general: Category) -> None:
    client, desk, session = await chat_with_agent(customer, agent)
    sent = []
    for n in range(3):
        await client.send(type="message", client_id=f"customer-line-{n:04}", body=f"Customer line {n}")
        sent.append((await client.of_type("ack"))["seq"])
        await desk.send(type="message", session=session, client_id=f"agent-line-{n:04}", body=f"Agent line {n}")
        sent.append((await desk.of_type("ack"))["seq"])

    heard_by_customer = [seq for seq in await lines_heard(client) if seq in sent]
    heard_by_agent = [seq for seq in await lines_heard(desk) if seq in sent]

    assert heard_by_customer == heard_by_agent == sent
    await client.close()
    await desk.close()


def test_a_queue_sorted_by_last_activity_refreshes_on_its_own(agent_client: HttpClient) -> None:
    by_activity = agent_client.get("/agent/?sort=updated").content.decode()
    by_urgency = agent_client.get("/agent/").content.decode()

    assert 'hx-trigger="beacon:changed throttle:2s, every 10s"' in by_activity
    assert 'hx-trigger="beacon:changed throttle:2s"' in by_urgency
