"""The customer's websocket: identity, the assistant, messages through the pipeline, bad input."""

from __future__ import annotations

import time

import pytest
from django.core import mail

from beacon.accounts.models import User
from beacon.accounts.tests.factories import UserFactory
from beacon.chat.models import ChatEntry, ChatSession
from beacon.core.inbound import Channel
from beacon.tickets.enums import Priority
from beacon.tickets.models import Category, Message, Ticket
from beacon.trust.models import SecurityEvent

from .conftest import agent_socket, customer_socket, db, open_socket, reset_2fa_faq, signed

pytestmark = pytest.mark.django_db(transaction=True)

SEED = "abandon ability able about above absent absorb abstract absurd abuse access accident"


async def test_anonymous_visitor_gets_a_welcome_and_a_resume_token(general: Category) -> None:
    client, welcome = await customer_socket(language="zh-CN")
    assert welcome["status"] == "bot"
    assert welcome["identified"] is False
    assert welcome["language"] == "zh-hans"
    assert welcome["resume"]
    assert "anti_phishing_code" not in welcome
    await client.close()


async def test_the_assistant_answers_from_the_help_center_with_its_source(general: Category) -> None:
    await reset_2fa_faq()
    client, _welcome = await customer_socket()
    await client.send(type="message", client_id="question-0001", body="I lost my phone with Google Authenticator")
    ack = await client.of_type("ack")
    answer = await client.until(lambda f: f.get("type") == "message" and f.get("kind") == "bot")
    assert ack["seq"] == 1
    assert answer["seq"] == 2
    assert answer["source"]["title"] == "How do I reset two-factor authentication?"
    assert answer["source"]["url"].startswith("/help/")
    assert "Reset 2FA" in answer["body"]
    assert answer["feedback"] is None
    await client.close()


async def test_a_portal_customers_messages_go_through_the_pipeline_onto_one_ticket(
    customer: User, general: Category
) -> None:
    client, welcome = await customer_socket(customer)
    assert welcome["identity"] == "portal"
    assert welcome["anti_phishing_code"] == ""
    await client.send(type="message", client_id="first-message", body="Where is my BTC deposit?")
    first = await client.of_type("ack")
    await client.send(type="message", client_id="second-message", body="It was sent 2 hours ago.")
    second = await client.of_type("ack")
    session = await db(ChatSession.objects.select_related("ticket").get, user=customer)
    ticket: Ticket = session.ticket
    bodies = await db(lambda: list(Message.objects.filter(ticket=ticket).values_list("body", "channel")))
    assert (first["seq"], second["seq"]) < (second["seq"], second["seq"] + 1)
    assert ticket.channel == Channel.CHAT
    assert ticket.subject == "Chat: Where is my BTC deposit?"
    assert bodies[:2] == [("Where is my BTC deposit?", "chat"), ("It was sent 2 hours ago.", "chat")]
    await client.close()


async def test_a_seed_phrase_is_hidden_before_it_is_stored_and_the_customer_is_warned(
    customer: User, general: Category
) -> None:
    client, _welcome = await customer_socket(customer)
    await client.send(type="message", client_id="leaky-message", body=f"my words are {SEED} please help")
    echo = await client.until(lambda f: f.get("type") == "message" and f.get("kind") == "customer")
    stored = await db(lambda: list(Message.objects.values_list("body", flat=True)))
    assert "abandon" not in echo["body"]
    assert "[hidden: seed phrase]" in echo["body"]
    assert echo["warnings"]
    assert all("abandon" not in body for body in stored)
    await client.close()


async def test_an_anonymous_visitors_secret_is_hidden_too(general: Category) -> None:
    client, _welcome = await customer_socket()
    await client.send(type="message", client_id="anon-leak-01", body=f"{SEED}")
    echo = await client.until(lambda f: f.get("type") == "message" and f.get("kind") == "customer")
    stored = await db(lambda: list(ChatEntry.objects.values_list("body", flat=True)))
    assert "[hidden: seed phrase]" in echo["body"]
    assert all("abandon" not in body for body in stored)
    await client.close()


async def test_precheck_names_the_kind_of_secret_without_echoing_it(general: Category) -> None:
    client, _welcome = await customer_socket()
    await client.send(type="precheck", body=f"is this ok: {SEED}")
    answer = await client.of_type("precheck")
    assert answer["kinds"] == ["seed_phrase"]
    assert answer["markers"] == ["[hidden: seed phrase]"]
    assert answer["advice"]
    assert "abandon" not in str(answer)
    await client.send(type="precheck", body="my deposit has not arrived")
    assert (await client.of_type("precheck"))["kinds"] == []
    await client.close()


async def test_signed_identity_from_the_exchange_identifies_the_customer_with_their_vip_tier(
    general: Category,
) -> None:
    client, welcome = await customer_socket(identity=signed(uid="77", email="whale@example.com", vip="VIP3"))
    session = await db(ChatSession.objects.select_related("user").get)
    assert welcome["identity"] == "signed"
    assert welcome["customer"] == "Trader"
    assert (session.user.email, session.external_uid, session.vip_tier) == ("whale@example.com", "77", "VIP3")
    await client.close()


async def test_the_anti_phishing_code_is_in_the_chat_header_of_a_signed_in_customer(general: Category) -> None:
    await db(UserFactory, email="careful@example.com", anti_phishing_code="BlueHeron42")
    client, welcome = await customer_socket(identity=signed(email="careful@example.com"))
    assert welcome["anti_phishing_code"] == "BlueHeron42"
    await client.close()


async def test_a_forged_signature_is_refused_and_the_socket_closed(general: Category) -> None:
    token = signed()
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    client = await open_socket("/ws/chat/")
    await client.send(type="hello", identity=forged)
    error = await client.of_type("error")
    closed = await client.ws.receive_output(timeout=3)
    assert error["code"] == "identity_bad_signature"
    assert closed == {"type": "websocket.close", "code": 4401}
    assert await db(ChatSession.objects.count) == 0


async def test_an_expired_signature_is_refused(general: Category) -> None:
    client = await open_socket("/ws/chat/")
    await client.send(type="hello", identity=signed(issued_at=int(time.time()) - 3600))
    assert (await client.of_type("error"))["code"] == "identity_expired"


async def test_a_replayed_signature_is_refused(general: Category) -> None:
    token = signed()
    first, _welcome = await customer_socket(identity=token)
    await first.close()
    again = await open_socket("/ws/chat/")
    await again.send(type="hello", identity=token)
    assert (await again.of_type("error"))["code"] == "identity_replayed"


async def test_resuming_someone_elses_chat_is_refused(customer: User, other_customer: User, general: Category) -> None:
    bobs, welcome = await customer_socket(other_customer)
    await bobs.close()
    intruder = await open_socket("/ws/chat/", customer)
    await intruder.send(type="hello", resume=welcome["resume"])
    error = await intruder.of_type("error")
    assert error["code"] == "forbidden"
    assert await intruder.ws.receive_output(timeout=3) == {"type": "websocket.close", "code": 4403}


async def test_a_forged_resume_token_is_refused(general: Category) -> None:
    client = await open_socket("/ws/chat/")
    await client.send(type="hello", resume="abc:def:ghi")
    assert (await client.of_type("error"))["code"] == "resume_invalid"


async def test_bad_frames_get_error_frames_and_the_socket_keeps_serving(general: Category) -> None:
    client = await open_socket("/ws/chat/")
    await client.send(type="message", body="before hello")
    assert (await client.of_type("error"))["code"] == "hello_first"
    await client.ws.send_to(text_data="{not json")
    assert (await client.of_type("error"))["code"] == "malformed_json"
    await client.ws.send_to(text_data="x" * 40_000)
    assert (await client.of_type("error"))["code"] == "frame_too_large"
    await client.send(type="launch_missiles")
    assert (await client.of_type("error"))["code"] == "unknown_type"
    await client.ws.send_to(text_data="[1, 2]")
    assert (await client.of_type("error"))["code"] == "invalid_frame"
    await client.send(type="hello")
    assert (await client.of_type("welcome"))["status"] == "bot"
    await client.close()


async def test_a_flooding_connection_is_slowed_then_closed_while_others_are_served(general: Category) -> None:
    flooder, _welcome = await customer_socket()
    bystander, _welcome = await customer_socket()
    for _ in range(80):
        await flooder.send(type="ping")
    limited = await flooder.of_type("error")
    last = {}
    while last.get("type") != "websocket.close":
        last = await flooder.ws.receive_output(timeout=3)
    await bystander.send(type="ping")
    assert limited["code"] == "rate_limited"
    assert last == {"type": "websocket.close", "code": 4429}
    assert (await bystander.of_type("pong")) == {"type": "pong"}
    await bystander.close()


async def test_a_foreign_site_cannot_open_the_agent_console_socket(agent: User) -> None:
    from channels.testing import WebsocketCommunicator

    from config.asgi import application

    communicator = WebsocketCommunicator(application, "/ws/chat/agent/", headers=[(b"origin", b"https://evil.example")])
    communicator.scope["user"] = agent
    connected, _code = await communicator.connect()
    assert connected is False


async def test_a_portal_session_is_not_trusted_from_a_foreign_site(customer: User, general: Category) -> None:
    from django.test import override_settings

    with override_settings(BEACON_CHAT_ALLOWED_ORIGINS=["https://exchange.example"]):
        from channels.routing import URLRouter
        from channels.testing import WebsocketCommunicator

        from beacon.chat.origin import ChatOriginValidator
        from config.routing import websocket_urlpatterns

        app = ChatOriginValidator(URLRouter(websocket_urlpatterns))
        communicator = WebsocketCommunicator(app, "/ws/chat/", headers=[(b"origin", b"https://exchange.example")])
        communicator.scope["user"] = customer
        connected, _code = await communicator.connect()
        await communicator.send_json_to({"type": "hello"})
        welcome = await communicator.receive_json_from(timeout=5)
    assert connected is True
    assert welcome["identified"] is False
    await communicator.disconnect()


async def test_an_anonymous_visitor_confirms_their_email_before_talking_to_a_person(
    general: Category, agent: User, on_shift: object
) -> None:
    await db(on_shift, agent)  # type: ignore[operator]
    client, _welcome = await customer_socket()
    await client.send(type="message", client_id="anon-question", body="Can I change my account e-mail?")
    await client.of_type("ack")
    await client.send(type="handover")
    prompt = await client.until(lambda f: f.get("type") == "message" and "verify_email" in (f.get("actions") or []))
    await client.send(type="verify_email", email="new.person@example.com")
    await client.of_type("verification", state="code_sent")
    code = mail.outbox[-1].subject.rsplit(" ", 1)[-1]
    await client.send(type="verify_code", code="000000" if code != "000000" else "111111")
    wrong = await client.of_type("error")
    await client.send(type="verify_code", code=code)
    await client.of_type("verification", state="verified")
    queued = await client.until(lambda f: f.get("type") == "status" and f.get("status") == "queued")
    session = await db(ChatSession.objects.select_related("user", "ticket").get)
    first = await db(lambda: Message.objects.filter(ticket=session.ticket).order_by("id").first())
    assert "confirm your e-mail" in prompt["body"]
    assert wrong["code"] == "code_invalid"
    assert mail.outbox[-1].to == ["new.person@example.com"]
    assert queued["identified"] is True
    assert session.user.email == "new.person@example.com"
    assert first.body == "Can I change my account e-mail?"
    await client.close()


async def test_lines_written_before_confirming_go_through_the_pipeline_once_the_address_is_confirmed(
    general: Category, settings: object
) -> None:
    settings.BEACON_OFFICIAL_DOMAINS = ["beaconex.com"]  # type: ignore[attr-defined]
    client, _welcome = await customer_socket()
    await client.send(type="message", client_id="anon-line-1", body=f"Is my wallet safe? My phrase is {SEED}")
    first = await client.of_type("ack")
    await client.send(
        type="message", client_id="anon-line-2", body="They sent me https://beaconex.com.secure-login.io/x"
    )
    second = await client.of_type("ack")
    await client.send(type="verify_email", email="early.bird@example.com")
    await client.of_type("verification", state="code_sent")
    await client.send(type="verify_code", code=mail.outbox[-1].subject.rsplit(" ", 1)[-1])
    await client.of_type("verification", state="verified")
    session = await db(ChatSession.objects.select_related("ticket").get)
    entries = await db(
        lambda: list(
            ChatEntry.objects.filter(seq__in=[first["seq"], second["seq"]]).select_related("message").order_by("seq")
        )
    )
    events = await db(lambda: sorted(SecurityEvent.objects.values_list("kind", flat=True)))
    assert SEED not in entries[0].message.body
    assert "hxxps://beaconex[.]com[.]secure-login[.]io" in entries[1].message.body
    assert [e.message.ticket_id for e in entries] == [session.ticket_id, session.ticket_id]
    assert session.ticket.priority == Priority.P1
    assert set(session.ticket.security_flags) >= {"secret_exposed", "phishing_link"}
    assert "phishing_link" in events
    await client.close()


async def test_staff_cannot_chat_as_customers(agent: User) -> None:
    client = await open_socket("/ws/chat/", agent)
    await client.send(type="hello")
    assert (await client.of_type("error"))["code"] == "staff_account"
    client2, _ = await agent_socket(agent)
    await client2.close()
