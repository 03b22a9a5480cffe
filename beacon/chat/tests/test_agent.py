"""The human side over websockets: queue, accept, conversation, notes, transfer, end, CSAT."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient

from beacon.accounts.enums import Role
from beacon.accounts.models import Team, User
from beacon.accounts.tests.factories import TeamFactory, UserFactory, staff
from beacon.chat.enums import SessionStatus
from beacon.chat.models import ChatEntry, ChatSession
from beacon.chat.selectors import online_seats
from beacon.chat.services import queue as queue_services
from beacon.core.models import AuditEvent
from beacon.tickets.assignment import services as assignment_services
from beacon.tickets.assignment.models import Presence
from beacon.tickets.assignment.selectors import presence_of
from beacon.tickets.enums import MessageKind, Status
from beacon.tickets.models import Category, Message, Ticket
from beacon.trust.models import SecurityEvent

from .conftest import Client, agent_socket, customer_socket, db, signed

pytestmark = pytest.mark.django_db(transaction=True)


async def queued_customer(user: User | None = None, **hello: Any) -> tuple[Client, dict[str, Any]]:
    client, _welcome = await customer_socket(user, **hello)
    await client.send(type="message", client_id="first-line-0001", body="I need help with my account")
    await client.of_type("ack")
    await client.send(type="handover")
    status = await client.until(lambda f: f.get("type") == "status" and f.get("status") == "queued")
    return client, status


async def test_sockets_of_the_console_are_for_staff_with_two_factor_only(customer: User) -> None:
    from channels.testing import WebsocketCommunicator
    from django.contrib.auth.models import AnonymousUser

    from config.asgi import application

    no_2fa = await db(staff, Role.AGENT, totp=False, email="new@example.com")
    for user, code in ((AnonymousUser(), 4401), (customer, 4403), (no_2fa, 4403)):
        communicator = WebsocketCommunicator(application, "/ws/chat/agent/", headers=[(b"origin", b"http://127.0.0.1")])
        communicator.scope["user"] = user
        assert await communicator.connect() == (False, code)


async def test_a_customer_joins_the_queue_sees_their_position_and_an_agent_takes_the_chat(
    customer: User, agent: User, general: Category
) -> None:
    desk, welcome = await agent_socket(agent)
    client, _status = await queued_customer(customer)
    position = await client.of_type("queue")
    queue = await desk.until(lambda f: f.get("type") == "queue" and f["queue"])
    session_id = queue["queue"][0]["session"]
    await desk.send(type="accept", session=session_id)
    history = await desk.of_type("history")
    joined = await client.until(lambda f: f.get("type") == "status" and f.get("status") == "active")
    ticket = await db(Ticket.objects.get)
    assert welcome["presence"]["status"] == "online"
    assert (position["position"], position["wait_seconds"]) == (1, 30)
    assert queue["queue"][0]["customer"] == "Alice"
    assert next(e["body"] for e in history["entries"]) == "I need help with my account"
    assert joined["agent"] == {"name": "Mia", "agent_id": agent.public_id}
    assert ticket.assignee_id == agent.pk
    await client.close()
    await desk.close()


async def test_customer_and_agent_hold_a_conversation_with_acks_typing_and_read_receipts(
    customer: User, agent: User, general: Category
) -> None:
    desk, _welcome = await agent_socket(agent)
    client, _status = await queued_customer(customer)
    session_id = (await desk.until(lambda f: f.get("type") == "queue" and f["queue"]))["queue"][0]["session"]
    await desk.send(type="accept", session=session_id)
    await desk.of_type("history")
    await desk.send(type="typing", session=session_id, active=True)
    typing = await client.of_type("typing")
    await desk.send(type="message", session=session_id, client_id="agent-reply-01", body="Hi Alice, I am looking.")
    ack = await desk.of_type("ack")
    stored = await db(ChatEntry.objects.filter(seq=ack["seq"]).select_related("message").get)
    line = await client.until(lambda f: f.get("type") == "message" and f.get("kind") == "agent")
    await client.send(type="read", seq=line["seq"])
    receipt = await desk.of_type("read")
    await client.send(type="message", client_id="reply-to-agent", body="Thanks!")
    heard = await desk.until(lambda f: f.get("type") == "message" and f.get("body") == "Thanks!")
    assert typing == {"type": "typing", "who": "agent", "active": True}
    assert stored.message.body == "Hi Alice, I am looking."
    assert line["author"]["agent_id"] == agent.public_id
    assert receipt["seq"] == line["seq"]
    assert heard["seq"] == line["seq"] + 1
    await client.close()
    await desk.close()


async def test_read_receipts_reach_the_other_side_at_once_and_the_chat_row_when_the_socket_closes(
    customer: User, agent: User, general: Category
) -> None:
    desk, _welcome = await agent_socket(agent)
    client, _status = await queued_customer(customer)
    session_id = (await desk.until(lambda f: f.get("type") == "queue" and f["queue"]))["queue"][0]["session"]
    await desk.send(type="accept", session=session_id)
    await desk.of_type("history")
    await desk.send(type="message", session=session_id, client_id="agent-reply-02", body="Hello")
    line = await client.until(lambda f: f.get("type") == "message" and f.get("kind") == "agent")
    await client.send(type="read", seq=line["seq"] + 5)  # not received yet: ignored
    for _n in range(3):  # the widget repeats receipts; one goes out
        await client.send(type="read", seq=line["seq"])
    receipt = await desk.of_type("read")
    await client.send(type="ping")
    await client.of_type("pong")
    before = await db(ChatSession.objects.values_list("customer_read_seq", flat=True).get, public_id=session_id)
    await client.close()
    after = await db(ChatSession.objects.values_list("customer_read_seq", flat=True).get, public_id=session_id)
    await desk.send(type="ping")
    await desk.of_type("pong")
    assert (receipt["seq"], receipt["by"]) == (line["seq"], "customer")
    assert not [f for f in desk.frames if f.get("type") == "read"]
    assert (before, after) == (0, line["seq"])
    await desk.close()


async def test_internal_notes_never_reach_the_customer(customer: User, agent: User, general: Category) -> None:
    desk, _welcome = await agent_socket(agent)
    client, _status = await queued_customer(customer)
    session_id = (await desk.until(lambda f: f.get("type") == "queue" and f["queue"]))["queue"][0]["session"]
    await desk.send(type="accept", session=session_id)
    await desk.of_type("history")
    await desk.send(type="note", session=session_id, client_id="note-000001", body="Looks like a phishing victim")
    await desk.of_type("ack")
    await desk.send(type="message", session=session_id, client_id="public-00001", body="One moment please")
    await desk.of_type("ack")
    public = await client.until(lambda f: f.get("type") == "message" and f.get("kind") == "agent")
    await client.close()
    again, welcome = await customer_socket(customer)
    note = await db(Message.objects.get, kind=MessageKind.INTERNAL, body="Looks like a phishing victim")
    assert public["body"] == "One moment please"
    assert all(f.get("kind") != "note" for f in client.frames)
    assert "phishing" not in str(welcome["entries"])
    assert note.ticket_id is not None
    await again.close()
    await desk.close()


async def test_an_agent_reply_asking_for_a_seed_phrase_is_refused_and_logged(
    customer: User, agent: User, general: Category
) -> None:
    desk, _welcome = await agent_socket(agent)
    client, _status = await queued_customer(customer)
    session_id = (await desk.until(lambda f: f.get("type") == "queue" and f["queue"]))["queue"][0]["session"]
    await desk.send(type="accept", session=session_id)
    await desk.of_type("history")
    await desk.send(
        type="message", session=session_id, client_id="bad-reply-01", body="Please send me your seed phrase"
    )
    error = await desk.of_type("error")
    assert error["code"] == "reply_blocked"
    assert error["client_id"] == "bad-reply-01"
    assert await db(SecurityEvent.objects.filter(kind="agent_reply_blocked").count) == 1
    assert await db(ChatEntry.objects.filter(kind="agent").count) == 0
    await client.close()
    await desk.close()


async def test_security_and_vip_chats_are_served_first_then_by_waiting_time(
    agent: User, general: Category, on_shift: Callable[[User], None]
) -> None:
    await db(on_shift, agent)
    early, _ = await queued_customer(identity=signed(uid="1", email="early@example.com"))
    vip, _ = await queued_customer(identity=signed(uid="2", email="vip@example.com", vip="VIP2"))
    hacked, _ = await customer_socket(identity=signed(uid="3", email="hacked@example.com"))
    await hacked.send(type="message", client_id="hacked-00001", body="My account was hacked, someone withdrew my BTC")
    await hacked.until(lambda f: f.get("type") == "status" and f.get("status") == "queued")
    order = await db(
        lambda: list(
            ChatSession.objects.filter(status=SessionStatus.QUEUED)
            .order_by("rank", "queued_at")
            .values_list("user__email", flat=True)
        )
    )
    position = await early.until(lambda f: f.get("type") == "queue" and f["position"] == 3)
    assert order == ["hacked@example.com", "vip@example.com", "early@example.com"]
    assert position["position"] == 3
    for client in (early, vip, hacked):
        await client.close()


async def test_nobody_online_the_customer_is_told_and_continues_as_a_ticket(customer: User, general: Category) -> None:
    client, _welcome = await customer_socket(customer)
    await client.send(type="message", client_id="night-question", body="Can someone check my withdrawal?")
    await client.of_type("ack")
    await client.send(type="handover")
    offer = await client.until(
        lambda f: f.get("type") == "message" and "continue_as_ticket" in (f.get("actions") or [])
    )
    await client.send(type="continue_as_ticket")
    ended = await client.until(lambda f: f.get("type") == "status" and f.get("status") == "ended")
    ticket = await db(Ticket.objects.get)
    assert "No agent is online right now." in offer["body"]
    assert ticket.reference in offer["body"]
    assert ended["end_reason"] == "ticket"
    assert ticket.status == Status.NEW
    await client.close()


async def test_outside_chat_hours_the_customer_is_told_honestly(
    customer: User, agent: User, general: Category, on_shift: Callable[[User], None]
) -> None:
    from django.test import override_settings

    await db(on_shift, agent)
    with override_settings(BEACON_CHAT_HOURS="mon 00:00-00:01", BEACON_CHAT_TIME_ZONE="Pacific/Kiritimati"):
        client, _welcome = await customer_socket(customer)
        await client.send(type="message", client_id="late-question", body="Hello, anyone there?")
        await client.of_type("ack")
        await client.send(type="handover")
        offer = await client.until(
            lambda f: f.get("type") == "message" and "continue_as_ticket" in (f.get("actions") or [])
        )
    assert "not working at this hour" in offer["body"]
    assert await db(ChatSession.objects.filter(status=SessionStatus.QUEUED).count) == 0
    await client.close()


async def test_an_agent_cannot_take_more_chats_than_their_capacity(agent: User, general: Category) -> None:
    desk, _welcome = await agent_socket(agent)
    await desk.send(type="presence", status="online", capacity=1)
    await desk.of_type("presence")
    first, _ = await queued_customer(identity=signed(uid="1", email="one@example.com"))
    second, _ = await queued_customer(identity=signed(uid="2", email="two@example.com"))
    queued = await db(lambda: list(ChatSession.objects.order_by("id").values_list("public_id", flat=True)))
    await desk.send(type="accept", session=queued[0])
    await desk.of_type("history")
    await desk.send(type="accept", session=queued[1])
    error = await desk.of_type("error")
    assert error["code"] == "capacity_full"
    for client in (first, second, desk):
        await client.close()


async def test_an_agent_transfers_a_chat_to_a_colleague_and_to_a_team(
    customer: User, agent: User, funds_team: Team, general: Category
) -> None:
    colleague = await db(staff, Role.AGENT, email="zoe@example.com", display_name="Zoe", teams=[funds_team])
    desk, _ = await agent_socket(agent)
    other_desk, _ = await agent_socket(colleague)
    client, _status = await queued_customer(customer)
    session_id = (await desk.until(lambda f: f.get("type") == "queue" and f["queue"]))["queue"][0]["session"]
    await desk.send(type="accept", session=session_id)
    await desk.of_type("history")
    await desk.send(type="transfer", session=session_id, agent=colleague.public_id)
    assigned = await other_desk.of_type("assigned")
    released = await desk.of_type("released")
    now_with = await client.until(lambda f: f.get("type") == "status" and (f.get("agent") or {}).get("name") == "Zoe")
    await other_desk.send(type="transfer", session=session_id, team="funds")
    back = await client.until(lambda f: f.get("type") == "status" and f.get("status") == "queued")
    session = await db(ChatSession.objects.select_related("team", "ticket").get)
    assert assigned["session"] == released["session"] == session_id
    assert now_with["status"] == "active"
    assert back["agent"] is None
    assert session.team == funds_team
    assert session.ticket.team_id == funds_team.pk
    for c in (client, desk, other_desk):
        await c.close()


async def test_the_agent_ends_the_chat_the_customer_rates_it_and_downloads_the_transcript(
    customer: User, agent: User, general: Category
) -> None:
    desk, _ = await agent_socket(agent)
    client, _status = await queued_customer(customer)
    session_id = (await desk.until(lambda f: f.get("type") == "queue" and f["queue"]))["queue"][0]["session"]
    await desk.send(type="accept", session=session_id)
    await desk.of_type("history")
    await desk.send(type="message", session=session_id, client_id="solution-001", body="Your account is unlocked now.")
    await desk.of_type("ack")
    await desk.send(type="end", session=session_id)
    ended = await client.until(lambda f: f.get("type") == "status" and f.get("status") == "ended")
    await client.send(type="csat", rating=5, comment="Quick and clear")
    thanks = await client.of_type("csat")
    await client.send(type="transcript")
    link = await client.of_type("transcript")
    response = await db(HttpClient().get, link["url"])
    session = await db(ChatSession.objects.select_related("ticket").get)
    text = response.content.decode()
    assert ended["end_reason"] == "agent"
    assert thanks["state"] == "thanks"
    assert (session.csat_rating, session.csat_comment) == (5, "Quick and clear")
    assert session.ticket.status == Status.SOLVED
    assert response["Content-Disposition"].startswith("attachment;")
    assert "I need help with my account" in text
    assert "Mia: Your account is unlocked now." in text
    await client.close()
    await desk.close()


async def test_closing_the_last_console_takes_the_agent_out_of_the_chat_not_out_of_the_workspace(
    agent: User,
) -> None:
    first, _ = await agent_socket(agent)
    second, _ = await agent_socket(agent)
    await first.close()
    still = await db(lambda: list(online_seats().values_list("user_id", "connections")))
    await second.close()
    gone = await db(lambda: list(online_seats().values_list("user_id", "connections")))
    presence = await db(presence_of, agent)
    assert still == [(agent.pk, 1)]
    assert gone == []
    assert presence.status == Presence.ONLINE


async def test_the_console_and_the_ticket_workspace_share_one_presence(agent: User) -> None:
    await db(assignment_services.set_presence, agent, Presence.OFFLINE)
    desk, welcome = await agent_socket(agent)
    online = await db(presence_of, agent)
    await desk.send(type="presence", status="away", capacity=2)
    answer = await desk.of_type("presence")
    away = await db(presence_of, agent)
    seats_while_away = await db(lambda: list(online_seats()))
    await db(assignment_services.set_presence, agent, Presence.ONLINE)  # from the workspace's widget
    seats_back = await db(lambda: list(online_seats().values_list("user_id", "capacity")))
    events = await db(lambda: list(AuditEvent.objects.filter(verb="presence.changed").values_list("data", flat=True)))
    assert welcome["presence"]["status"] == "online"
    assert online.status == Presence.ONLINE
    assert answer == {"type": "presence", "status": "away", "capacity": 2}
    assert away.status == Presence.AWAY
    assert seats_while_away == []
    assert seats_back == [(agent.pk, 2)]
    assert [e["new"] for e in events] == ["online", "away", "online"]
    await desk.close()


async def test_an_agent_cannot_open_a_chat_of_another_team(general: Category) -> None:
    kyc = await db(TeamFactory, slug="kyc")
    outsider = await db(staff, Role.AGENT, email="kyc@example.com", teams=[kyc])
    security = await db(TeamFactory, slug="security")
    owner = await db(staff, Role.AGENT, email="sec@example.com", teams=[security])
    customer = await db(UserFactory, email="victim@example.com")
    desk, _ = await agent_socket(owner)
    client, _ = await queued_customer(customer)
    session = await db(ChatSession.objects.get)
    await db(ChatSession.objects.filter(pk=session.pk).update, team=security)
    await db(Ticket.objects.filter(pk=session.ticket_id).update, team=security)
    nosy, _ = await agent_socket(outsider)
    await nosy.send(type="subscribe", session=session.public_id)
    assert (await nosy.of_type("error"))["code"] == "not_found"
    await nosy.send(type="message", session=session.public_id, client_id="nosy-message", body="hi")
    assert (await nosy.of_type("error"))["code"] == "not_found"
    for c in (client, desk, nosy):
        await c.close()


def test_queue_rank_puts_security_before_vip(general: Category) -> None:
    session = ChatSession(vip_tier="VIP1")
    assert queue_services.queue_rank(session) == 1
    assert queue_services.queue_rank(session, reason="security") == 0
    assert queue_services.queue_rank(ChatSession(vip_tier="regular")) == 2
