"""The live wall: supervisors only, a snapshot on connect and again after ticket events."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from beacon.accounts.models import Team, User
from beacon.analytics.selectors import wall_snapshot
from beacon.tickets import services
from beacon.tickets.enums import SlaStatus
from beacon.tickets.models import Ticket
from beacon.tickets.tests.factories import TicketFactory
from beacon.tickets.tests.workflow_factories import online_agent
from config.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


def socket_for(user: User | None) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, "/ws/analytics/wall/", headers=[(b"origin", b"http://127.0.0.1")])
    communicator.scope["user"] = user or AnonymousUser()
    return communicator


async def test_only_supervisors_may_open_the_wall(agent: User, customer: User) -> None:
    for user, code in ((None, 4401), (customer, 4403), (agent, 4403)):
        assert await socket_for(user).connect() == (False, code)


async def test_the_wall_gets_a_snapshot_then_another_after_a_ticket_changes(
    supervisor: User, agent: User, funds_team: Team
) -> None:
    ticket: Ticket = await sync_to_async(TicketFactory)(team=funds_team, sla_status=SlaStatus.AT_RISK)
    communicator = socket_for(supervisor)
    assert (await communicator.connect())[0]
    first = await communicator.receive_json_from(timeout=20)
    assert first["type"] == "wall"
    assert [(q["team"], q["total"], q["at_risk"]) for q in first["queues"]] == [("Funds", 1, 1)]
    assert [t["reference"] for t in first["at_risk"]] == [ticket.reference]
    await sync_to_async(services.change_status)(agent, ticket, "solved")
    second = await communicator.receive_json_from(timeout=20)
    assert (second["type"], second["queues"], second["at_risk"]) == ("wall", [], [])
    await communicator.send_json_to({"type": "anything"})
    assert await communicator.receive_json_from(timeout=20) == {"type": "error", "code": "read_only"}
    await communicator.disconnect()


def test_snapshot_counts_agents_online_and_their_load(funds_team: Team) -> None:
    mia = online_agent(funds_team, display_name="Mia", capacity=4)
    TicketFactory(team=funds_team, assignee=mia, status="open")
    TicketFactory(team=funds_team, assignee=mia, status="solved")
    snapshot = wall_snapshot()
    assert snapshot["agents_online"] == [{"name": "Mia", "open": 1, "capacity": 4}]
    assert snapshot["chat"] == {"queued": 0, "longest_wait_seconds": None, "active": 0, "agents_chatting": 0}


def test_wall_page_and_its_http_fallback(
    login: Callable[[User], Client], supervisor: User, agent_client: Client
) -> None:
    client = login(supervisor)
    assert 'id="wall-snapshot"' in client.get("/agent/analytics/wall/").content.decode()
    assert client.get("/agent/analytics/wall/data/").json()["queues"] == []
    assert agent_client.get("/agent/analytics/wall/data/").status_code == 403
