from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from beacon.accounts.models import User
from beacon.tickets import services
from beacon.tickets.models import Ticket
from beacon.tickets.tests.factories import TicketFactory
from config.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


async def connect_as(user: User | None) -> WebsocketCommunicator:
    from django.contrib.auth.models import AnonymousUser

    communicator = WebsocketCommunicator(application, "/ws/events/", headers=[(b"origin", b"http://127.0.0.1")])
    communicator.scope["user"] = user or AnonymousUser()
    return communicator


async def test_anonymous_socket_is_closed() -> None:
    communicator = await connect_as(None)
    connected, code = await communicator.connect()
    assert (connected, code) == (False, 4401)


async def test_customer_hears_about_an_agent_reply_on_their_ticket(customer: User, agent: User) -> None:
    ticket: Ticket = await sync_to_async(TicketFactory)(requester=customer, team=await sync_to_async(agent.teams.get)())
    communicator = await connect_as(customer)
    assert (await communicator.connect())[0]
    await sync_to_async(services.post_agent_reply)(agent, ticket, "Found it")
    event = await communicator.receive_json_from(timeout=3)
    assert (event["type"], event["ticket"], event["reference"]) == ("message.added", ticket.pk, ticket.reference)
    await communicator.disconnect()


async def test_subscribing_to_someone_elses_ticket_is_refused(customer: User, other_customer: User) -> None:
    ticket: Ticket = await sync_to_async(TicketFactory)(requester=other_customer)
    communicator = await connect_as(customer)
    await communicator.connect()
    await communicator.send_json_to({"type": "subscribe", "ticket": ticket.pk})
    assert await communicator.receive_json_from(timeout=3) == {"type": "error", "code": "not_found"}
    await communicator.disconnect()


async def test_malformed_frames_get_error_frames_and_the_socket_stays_open(customer: User) -> None:
    communicator = await connect_as(customer)
    await communicator.connect()
    await communicator.send_to(text_data="{not json")
    assert (await communicator.receive_json_from())["code"] == "malformed_json"
    await communicator.send_to(text_data="x" * 5000)
    assert (await communicator.receive_json_from())["code"] == "frame_too_large"
    await communicator.send_json_to({"type": "launch"})
    assert (await communicator.receive_json_from())["code"] == "unknown_type"
    await communicator.disconnect()
