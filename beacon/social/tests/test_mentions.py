from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from beacon.accounts.models import User
from beacon.core.models import AuditEvent
from beacon.social.models import Mention
from beacon.social.services.mentions import signature_for
from beacon.tickets.models import Category
from beacon.trust.services import register_official_channel

pytestmark = pytest.mark.django_db
SECRET = "mentions-secret"
MENTION = {
    "source": "x",
    "id": "1790000000000000001",
    "author": "@angry_trader",
    "url": "https://x.com/angry_trader/status/1790000000000000001",
    "text": "@beaconex my withdrawal is stuck for 3 days!! anyone?",
}


@pytest.fixture(autouse=True)
def _secret(settings: Any) -> None:
    settings.BEACON_SOCIAL_WEBHOOK_SECRET = SECRET


def post_signed(payload: dict[str, Any], *, secret: str = SECRET, timestamp: int | None = None) -> Any:
    body = json.dumps(payload).encode()
    stamp = str(timestamp if timestamp is not None else int(time.time()))
    return Client().post(
        reverse("social:mentions_webhook"),
        body,
        content_type="application/json",
        headers={"X-Beacon-Timestamp": stamp, "X-Beacon-Signature": signature_for(secret, stamp, body)},
    )


def test_signed_mention_is_stored_once() -> None:
    assert post_signed(MENTION).status_code == 201
    assert post_signed(MENTION).status_code == 200
    assert Mention.objects.get().author == "@angry_trader"


def test_forged_or_replayed_mention_is_refused() -> None:
    assert post_signed(MENTION, secret="wrong").status_code == 403
    assert post_signed(MENTION, timestamp=int(time.time()) - 3600).status_code == 403
    assert not Mention.objects.exists()


def test_mention_text_passes_the_trust_scanners(settings: Any) -> None:
    settings.BEACON_OFFICIAL_DOMAINS = ["beaconex.com"]
    post_signed({**MENTION, "text": "Support told me to log in at https://beaconex-support.com/verify"})
    mention = Mention.objects.get()
    assert "https://beaconex-support.com" not in mention.text
    assert mention.security["links"]


def test_supervisor_answers_with_the_official_channel_link(supervisor: User, login: Callable[[User], Client]) -> None:
    register_official_channel(None, "x", "@BeaconSupport")
    post_signed(MENTION)
    mention = Mention.objects.get()
    client = login(supervisor)
    page = client.get(reverse("social:mentions")).content.decode()
    assert "stuck for 3 days" in page
    assert "/verify/" in page
    client.post(reverse("social:mention_action", args=[mention.pk, "answer"]), {"response": ""})
    mention.refresh_from_db()
    assert mention.status == "answered"
    assert "/verify/" in mention.response
    assert "@BeaconSupport" in mention.response
    assert AuditEvent.objects.filter(verb="mention.answered", actor=supervisor).exists()


def test_supervisor_turns_a_mention_into_a_ticket(
    supervisor: User, general: Category, login: Callable[[User], Client]
) -> None:
    post_signed(MENTION)
    mention = Mention.objects.get()
    login(supervisor).post(reverse("social:mention_action", args=[mention.pk, "ticket"]))
    mention.refresh_from_db()
    assert mention.ticket is not None
    assert mention.ticket.channel == "social"
    assert "stuck for 3 days" in mention.ticket.messages.get().body


def test_agents_and_customers_cannot_see_mentions(agent: User, customer: User, login: Callable[[User], Client]) -> None:
    assert login(agent).get(reverse("social:mentions")).status_code == 403
    assert login(customer).get(reverse("social:mentions")).status_code == 403
