from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from beacon.accounts.models import User
from beacon.core.tests.images import png_bytes
from beacon.helpcenter.models import Category as HelpCategory
from beacon.helpcenter.services.articles import create_article
from beacon.social.models import TelegramChat, TelegramOutbound
from beacon.social.polling import poll_once
from beacon.social.services.outbox import retry_due
from beacon.social.services.telegram import handle_update
from beacon.social.telegram.client import TelegramClient
from beacon.social.tests.conftest import WEBHOOK_SECRET
from beacon.social.tests.fake_telegram import FakeTelegram, photo_update, text_update
from beacon.tickets.models import Category, Ticket
from beacon.tickets.services import post_agent_reply

pytestmark = pytest.mark.django_db
Capture = Callable[..., object]
QUESTION = "My account shows a strange order I did not place"


def webhook(body: dict[str, object], secret: str = WEBHOOK_SECRET) -> object:
    return Client().post(
        reverse("social:telegram_webhook"),
        body,
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": secret},
    )


def test_long_polling_turns_a_message_into_an_inbox_conversation(
    bot_api: FakeTelegram, client_for: TelegramClient, general: Category, django_capture_on_commit_callbacks: Capture
) -> None:
    bot_api.state.updates.append(text_update(1, QUESTION))
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        offset = poll_once(client_for, None, timeout=0)
    assert offset == 2
    ticket = Ticket.objects.get()
    assert ticket.channel == "social"
    assert ticket.messages.get().body == QUESTION
    assert ticket.requester.telegram_chat.chat_id == 555
    [ack] = bot_api.texts_to(555)
    assert ticket.reference in ack
    assert "/verify/" in ack  # every bot reply says how to check official channels
    poll_once(client_for, offset, timeout=0)
    assert Ticket.objects.count() == 1  # the update was confirmed, not handled twice


def test_webhook_refuses_a_forged_update(bot_api: FakeTelegram, general: Category) -> None:
    response = webhook(text_update(7, QUESTION), secret="guessed")
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert webhook({"update_id": 8}, secret="").status_code == 403  # type: ignore[attr-defined]
    assert not Ticket.objects.exists()


def test_webhook_handles_an_update_once(
    bot_api: FakeTelegram, general: Category, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        first = webhook(text_update(9, QUESTION))
        again = webhook(text_update(9, QUESTION))
    assert first.json()["outcome"] == "ticket_created"  # type: ignore[attr-defined]
    assert again.json()["outcome"] == "duplicate"  # type: ignore[attr-defined]
    assert Ticket.objects.count() == 1


def test_follow_up_messages_continue_the_open_conversation(
    bot_api: FakeTelegram, client_for: TelegramClient, general: Category, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        handle_update(text_update(1, QUESTION), client_for)
        handled = handle_update(text_update(2, "It was a BTC/USDT sell order"), client_for)
    assert handled.outcome == "ticket_updated"
    assert Ticket.objects.get().messages.count() == 2
    assert len(bot_api.texts_to(555)) == 1  # no acknowledgement spam for follow-ups


def test_photo_goes_through_the_upload_checks(
    bot_api: FakeTelegram, client_for: TelegramClient, general: Category
) -> None:
    bot_api.state.files["photo-1"] = ("photos/file_1.jpg", png_bytes((300, 200), exif_gps=True))
    handled = handle_update(photo_update(3, "photo-1", caption="Screenshot of the order"), client_for)
    ticket = handled.ticket
    assert ticket is not None
    [attachment] = ticket.attachments.all()
    assert attachment.is_image
    assert "getFile" in bot_api.state.calls


def test_a_disguised_file_is_refused_and_the_sender_told(
    bot_api: FakeTelegram, client_for: TelegramClient, general: Category, django_capture_on_commit_callbacks: Capture
) -> None:
    bot_api.state.files["doc-1"] = ("documents/file_2.jpg", b"MZ\x90\x00 this is an exe")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        handled = handle_update(photo_update(4, "doc-1", caption="see attached"), client_for)
    assert handled.ticket is not None
    assert not handled.ticket.attachments.exists()
    assert "does not contain what its name says" in bot_api.texts_to(555)[0]


def test_seed_phrase_is_redacted_and_never_offered_to_the_bot(
    bot_api: FakeTelegram, client_for: TelegramClient, general: Category, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        handled = handle_update(text_update(5, "help my words are " + "abandon " * 11 + "about"), client_for)
    ticket = handled.ticket
    assert ticket is not None
    assert ticket.priority == 1
    assert "abandon" not in ticket.messages.get().body
    assert "new wallet" in bot_api.texts_to(555)[0]


def test_bot_answers_first_when_it_is_confident(
    bot_api: FakeTelegram, client_for: TelegramClient, general: Category, django_capture_on_commit_callbacks: Capture
) -> None:
    category = HelpCategory.objects.create(slug="deposits", name_en="Deposits", name_zh="充值")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        create_article(
            None,
            language="en",
            category=category,
            kind="faq",
            title="How long does a Bitcoin deposit take?",
            body="A Bitcoin deposit is credited after 2 network confirmations, usually about 20 minutes.",
            status="published",
        )
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        handled = handle_update(text_update(6, "How long does a Bitcoin deposit take?"), client_for)
    assert handled.outcome == "bot_answered"
    assert not Ticket.objects.exists()
    [answer] = bot_api.texts_to(555)
    assert "2 network confirmations" in answer
    assert "/agent" in answer
    assert "/verify/" in answer
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        handled = handle_update(text_update(7, "/agent"), client_for)
    assert handled.outcome == "ticket_created"


def test_agent_reply_is_delivered_to_telegram_after_commit(
    bot_api: FakeTelegram,
    client_for: TelegramClient,
    general: Category,
    agent: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    ticket = handle_update(text_update(1, QUESTION), client_for).ticket
    assert ticket is not None
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        post_agent_reply(agent, ticket, "We cancelled that order and secured your account.")
    reply = bot_api.texts_to(555)[-1]
    assert "We cancelled that order" in reply
    assert agent.public_id in reply
    assert TelegramOutbound.objects.get(ticket_message__isnull=False).status == "sent"


def test_telegram_outage_delays_replies_but_loses_none(
    bot_api: FakeTelegram,
    client_for: TelegramClient,
    general: Category,
    agent: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    ticket = handle_update(text_update(1, QUESTION), client_for).ticket
    assert ticket is not None
    bot_api.state.down = True
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        post_agent_reply(agent, ticket, "Your funds are safe.")
    outbound = TelegramOutbound.objects.get(ticket_message__isnull=False)
    assert outbound.status == "retrying"
    assert "Your funds are safe." not in " ".join(bot_api.texts_to(555))
    bot_api.state.down = False
    TelegramOutbound.objects.filter(status="retrying").update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert retry_due(client=client_for) >= 1
    outbound.refresh_from_db()
    assert outbound.status == "sent"
    assert "Your funds are safe." in bot_api.texts_to(555)[-1]


def test_outage_while_fetching_a_photo_leaves_the_update_for_a_retry(
    bot_api: FakeTelegram, client_for: TelegramClient, general: Category
) -> None:
    bot_api.state.files["photo-9"] = ("photos/file_9.png", png_bytes())
    bot_api.state.updates.append(photo_update(20, "photo-9", caption="order screenshot"))
    bot_api.state.down = True
    assert poll_once(client_for, None, timeout=0) is None
    bot_api.state.down = False
    assert poll_once(client_for, None, timeout=0) == 21
    assert Ticket.objects.get().attachments.count() == 1


def test_start_command_welcomes_and_explains_how_to_verify(
    bot_api: FakeTelegram, client_for: TelegramClient, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert handle_update(text_update(1, "/start"), client_for).outcome == "welcome"
    [welcome] = bot_api.texts_to(555)
    assert "@BeaconSupportBot" in welcome
    assert "/verify/" in welcome
    assert not TelegramChat.objects.get().user.is_active  # no sign-in and no mail for a Telegram identity


def test_message_flood_is_rate_limited(bot_api: FakeTelegram, client_for: TelegramClient, general: Category) -> None:
    outcomes = [handle_update(text_update(n, f"spam {n}"), client_for).outcome for n in range(1, 24)]
    assert outcomes.count("flood") == 3
    assert Ticket.objects.get().messages.count() == 20


def test_set_webhook_command_registers_the_secret(bot_api: FakeTelegram, settings: object) -> None:
    call_command("telegram_bot", "set-webhook", "--url", "https://support.example.com/social/telegram/webhook/")
    assert bot_api.state.webhook["secret_token"] == WEBHOOK_SECRET
    assert bot_api.state.webhook["url"] == "https://support.example.com/social/telegram/webhook/"
