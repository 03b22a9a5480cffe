"""Nothing lost, nothing doubled: sockets dropped mid-conversation, re-sent lines, reconnects."""

from __future__ import annotations

import asyncio

import pytest

from beacon.accounts.models import User
from beacon.chat.models import ChatEntry
from beacon.tickets.models import Category, Message

from .conftest import Client, agent_socket, customer_socket, db

pytestmark = pytest.mark.django_db(transaction=True)


async def conversation(customer: User, agent: User) -> tuple[Client, Client, dict[str, object], str]:
    desk, _ = await agent_socket(agent)
    client, welcome = await customer_socket(customer)
    await client.send(type="message", client_id="opening-line-1", body="My deposit is missing")
    await client.of_type("ack")
    await client.send(type="handover")
    await client.until(lambda f: f.get("type") == "status" and f.get("status") == "queued")
    session_id = (await desk.until(lambda f: f.get("type") == "queue" and f["queue"]))["queue"][0]["session"]
    await desk.send(type="accept", session=session_id)
    await desk.of_type("history")
    await client.until(lambda f: f.get("type") == "status" and f.get("status") == "active")
    return client, desk, welcome, session_id


async def test_a_customer_who_drops_off_gets_exactly_what_they_missed(
    customer: User, agent: User, general: Category
) -> None:
    client, desk, welcome, session_id = await conversation(customer, agent)
    await desk.send(type="message", session=session_id, client_id="before-drop-1", body="Which network did you use?")
    seen = await client.until(lambda f: f.get("type") == "message" and f.get("kind") == "agent")
    await client.close()  # the phone goes into a tunnel
    for n, text in enumerate(["Are you still there?", "I found your deposit: it is credited now."]):
        await desk.send(type="message", session=session_id, client_id=f"while-away-{n}", body=text)
        await desk.of_type("ack")
    back, again = await customer_socket(customer, resume=welcome["resume"], last_seq=seen["seq"])
    missed = [(e["kind"], e["body"]) for e in again["entries"]]
    assert again["session"] == session_id
    assert missed == [("agent", "Are you still there?"), ("agent", "I found your deposit: it is credited now.")]
    assert [e["seq"] for e in again["entries"]] == [seen["seq"] + 1, seen["seq"] + 2]
    await back.close()
    await desk.close()


async def test_a_line_resent_after_a_lost_ack_is_stored_once(customer: User, agent: User, general: Category) -> None:
    client, desk, welcome, _session_id = await conversation(customer, agent)
    await client.send(type="message", client_id="lost-ack-00001", body="I used the TRC20 network")
    await desk.until(lambda f: f.get("type") == "message" and f.get("body") == "I used the TRC20 network")
    await client.ws.disconnect()  # the ack never reached the phone
    back, again = await customer_socket(customer, resume=welcome["resume"], last_seq=0)
    await back.send(type="message", client_id="lost-ack-00001", body="I used the TRC20 network")
    ack = await back.of_type("ack")
    entries = await db(ChatEntry.objects.filter(client_key="lost-ack-00001").count)
    messages = await db(Message.objects.filter(body="I used the TRC20 network").count)
    replayed = [e for e in again["entries"] if e.get("client_id") == "lost-ack-00001"]
    assert ack["duplicate"] is True
    assert ack["seq"] == replayed[0]["seq"]
    assert (entries, messages) == (1, 1)
    await back.close()
    await desk.close()


async def test_the_same_line_sent_twice_at_once_from_two_tabs_is_stored_once(
    customer: User, agent: User, general: Category
) -> None:
    client, desk, welcome, _session_id = await conversation(customer, agent)
    other, _ = await customer_socket(customer, resume=welcome["resume"])
    await asyncio.gather(
        client.send(type="message", client_id="twice-at-once", body="Hello twice"),
        other.send(type="message", client_id="twice-at-once", body="Hello twice"),
    )
    acks = [await client.of_type("ack"), await other.of_type("ack")]
    assert acks[0]["seq"] == acks[1]["seq"]
    assert sorted(a["duplicate"] for a in acks) == [False, True]
    assert await db(Message.objects.filter(body="Hello twice").count) == 1
    for c in (client, other, desk):
        await c.close()


async def test_an_agent_whose_console_reconnects_gets_the_customers_missed_lines(
    customer: User, agent: User, general: Category
) -> None:
    client, desk, _welcome, session_id = await conversation(customer, agent)
    history_seq = (await db(ChatEntry.objects.order_by("-seq").first)).seq
    await desk.close()
    await client.send(type="message", client_id="while-agent-away", body="Hello? Anyone?")
    await client.of_type("ack")
    desk, welcome = await agent_socket(agent)
    await desk.send(type="hello", sessions={session_id: history_seq})
    history = await desk.of_type("history")
    assert [s["session"] for s in welcome["mine"]] == [session_id]
    assert [e["body"] for e in history["entries"]] == ["Hello? Anyone?"]
    await client.close()
    await desk.close()


async def test_every_ack_comes_after_the_line_is_committed(customer: User, agent: User, general: Category) -> None:
    client, desk, _welcome, _session_id = await conversation(customer, agent)
    for n in range(5):
        await client.send(type="message", client_id=f"committed-{n:04d}", body=f"line {n}")
        ack = await client.of_type("ack")
        assert await db(ChatEntry.objects.filter(seq=ack["seq"], client_key=f"committed-{n:04d}").exists)
    await client.close()
    await desk.close()
