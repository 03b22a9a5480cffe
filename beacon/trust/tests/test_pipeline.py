"""Secrets never reach storage, whatever the channel or field; suspicious links are defanged."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import base58
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mnemonic import Mnemonic

from beacon.accounts.models import User
from beacon.accounts.tests.factories import TeamFactory
from beacon.core.inbound import Channel, InboundMessage, process_inbound
from beacon.core.models import AuditEvent
from beacon.tickets.models import Attachment, Category, Message, Ticket
from beacon.tickets.tests.factories import ETH_TXID, TicketFactory
from beacon.trust.models import SecurityEvent

pytestmark = pytest.mark.django_db

PHRASE = Mnemonic("english").to_mnemonic(bytes(range(16)))
WIF = base58.b58encode_check(b"\x80" + bytes(range(1, 33)) + b"\x01").decode()
LANGUAGES = [
    "english",
    "chinese_simplified",
    "chinese_traditional",
    "japanese",
    "korean",
    "spanish",
    "french",
    "italian",
    "czech",
    "portuguese",
]


@pytest.fixture(autouse=True)
def security_team(db: None) -> None:
    TeamFactory(slug="security", name_en="Security", name_zh="安全")


def everything_stored() -> str:
    """Every text Beacon persisted for tickets, as one string to search."""
    rows = [
        *Message.objects.values_list("body", flat=True),
        *Ticket.objects.values_list("subject", flat=True),
        *(json.dumps(f, ensure_ascii=False) for f in Ticket.objects.values_list("fields", flat=True)),
        *(json.dumps(d, ensure_ascii=False) for d in AuditEvent.objects.values_list("data", flat=True)),
        *(json.dumps(d, ensure_ascii=False) for d in SecurityEvent.objects.values_list("detail", flat=True)),
        *(a.file.read().decode("utf-8", "replace") for a in Attachment.objects.all()),
    ]
    return "\n".join(rows)


def test_seed_phrase_in_a_new_ticket_is_removed_and_the_author_warned(
    customer_client: Client, general: Category, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    response = customer_client.post(
        "/api/v1/tickets",
        {"category": "general", "subject": "wallet emptied", "body": f"my words are: {PHRASE} please help"},
        content_type="application/json",
    )
    body = response.json()
    ticket = Ticket.objects.get()
    assert response.status_code == 201
    assert "move all funds" in body["warnings"][0]
    assert "[hidden: seed phrase]" in ticket.messages.get().body
    assert PHRASE not in everything_stored()
    assert PHRASE.split()[3] + " " + PHRASE.split()[4] not in caplog.text
    assert (ticket.priority, ticket.team.slug) == (1, "security")
    event = SecurityEvent.objects.get()
    assert event.detail["kinds"] == ["seed_phrase"]


def test_private_key_in_a_category_field_is_removed_but_a_txid_is_kept(
    customer_client: Client, deposit: Category
) -> None:
    customer_client.post(
        "/api/v1/tickets",
        {
            "category": "deposit",
            "subject": "deposit",
            "body": "see fields",
            "fields": {"asset": "ETH", "network": "ETH", "txid": ETH_TXID, "amount": "1", "memo": WIF},
        },
        content_type="application/json",
    )
    ticket = Ticket.objects.get()
    assert ticket.fields["txid"] == ETH_TXID
    assert WIF not in everything_stored()
    assert ticket.fields["memo"] == "[hidden: private key]"


def test_secret_in_a_text_attachment_is_removed_from_the_file(customer_client: Client, customer: User) -> None:
    ticket = TicketFactory(requester=customer)
    log = SimpleUploadedFile("wallet.log", f"2026-11-20 export ok\nkey={WIF}\n".encode())
    customer_client.post(f"/api/v1/tickets/{ticket.pk}/messages", {"body": "log attached", "files": [log]})
    content = Attachment.objects.get().file.read().decode()
    assert "export ok" in content
    assert WIF not in content


def test_secret_in_a_reply_escalates_the_ticket_to_security(customer_client: Client, customer: User) -> None:
    ticket = TicketFactory(requester=customer, priority=3, team=TeamFactory(slug="funds"))
    customer_client.post(f"/api/v1/tickets/{ticket.pk}/messages", {"body": f"here: {PHRASE}"})
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.team.slug) == (1, "security")
    assert AuditEvent.objects.filter(verb="ticket.escalated", target_id=ticket.pk).exists()


def test_seed_phrase_split_over_two_messages_is_caught_on_the_second(customer_client: Client, customer: User) -> None:
    ticket = TicketFactory(requester=customer)
    words = PHRASE.split()
    customer_client.post(f"/api/v1/tickets/{ticket.pk}/messages", {"body": " ".join(words[:4])})
    customer_client.post(f"/api/v1/tickets/{ticket.pk}/messages", {"body": " ".join(words[4:])})
    assert " ".join(words[4:]) not in everything_stored()


def test_transaction_hash_in_prose_is_not_mistaken_for_a_key(customer_client: Client, customer: User) -> None:
    ticket = TicketFactory(requester=customer)
    text = f"The txid is {ETH_TXID}, see https://etherscan.io/tx/{ETH_TXID}"
    customer_client.post(f"/api/v1/tickets/{ticket.pk}/messages", {"body": text})
    assert ETH_TXID in ticket.messages.get().body
    assert SecurityEvent.objects.count() == 0


def test_lookalike_link_is_defanged_flagged_and_logged(
    customer_client: Client, customer: User, settings: object
) -> None:
    settings.BEACON_OFFICIAL_DOMAINS = ["beaconex.com"]  # type: ignore[attr-defined]
    ticket = TicketFactory(requester=customer)
    response = customer_client.post(
        f"/api/v1/tickets/{ticket.pk}/messages",
        {"body": "They sent me https://beaconex.com.secure-login.io/verify — is it you?"},
    )
    message = ticket.messages.get()
    assert "hxxps://beaconex[.]com[.]secure-login[.]io" in message.body
    assert message.security["links"][0]["reasons"] == ["brand_in_foreign_domain"]
    assert SecurityEvent.objects.get().kind == "phishing_link"
    assert response.status_code == 201
    page = customer_client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert "Suspicious link" in page


def test_official_link_is_left_alone(customer_client: Client, customer: User, settings: object) -> None:
    settings.BEACON_OFFICIAL_DOMAINS = ["beaconex.com"]  # type: ignore[attr-defined]
    ticket = TicketFactory(requester=customer)
    customer_client.post(f"/api/v1/tickets/{ticket.pk}/messages", {"body": "I read https://www.beaconex.com/help"})
    assert "https://www.beaconex.com/help" in ticket.messages.get().body


def test_agent_reply_asking_for_the_seed_phrase_is_blocked_and_logged(
    login: Callable[[User], Client], agent: User, customer: User
) -> None:
    ticket = TicketFactory(requester=customer, team=agent.teams.get())
    response = login(agent).post(
        f"/agent/tickets/{ticket.pk}/reply/", {"body": "Please send us your 12-word seed phrase to verify."}
    )
    assert "Not sent" in response.content.decode()
    assert ticket.messages.count() == 0
    assert SecurityEvent.objects.get().kind == "agent_reply_blocked"


def test_agent_warning_about_seed_phrases_is_sent(login: Callable[[User], Client], agent: User, customer: User) -> None:
    ticket = TicketFactory(requester=customer, team=agent.teams.get())
    login(agent).post(f"/agent/tickets/{ticket.pk}/reply/", {"body": "We will never ask for your seed phrase."})
    assert ticket.messages.count() == 1


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    language=st.sampled_from(LANGUAGES),
    strength=st.sampled_from([128, 160, 192, 224, 256]),
    before=st.text(alphabet=st.characters(categories=["L", "N", "Zs"]), max_size=40),
    after=st.text(alphabet=st.characters(categories=["L", "N", "Zs"]), max_size=40),
)
def test_no_valid_seed_phrase_survives_in_storage(
    customer: User, general: Category, language: str, strength: int, before: str, after: str
) -> None:
    phrase = Mnemonic(language).generate(strength)
    separator = "\u3000" if language == "japanese" else " "
    ctx = process_inbound(
        InboundMessage(
            channel=Channel.WEB,
            author=customer,
            subject="help",
            body=f"{before}\n{phrase}\n{after}",
            category="general",
        )
    )
    stored = ctx.result.body
    words = phrase.split(separator)
    assert not any(separator.join(words[i : i + 4]) in stored for i in range(len(words) - 3))
