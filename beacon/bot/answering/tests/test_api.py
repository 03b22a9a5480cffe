from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from beacon.accounts.models import User
from beacon.helpcenter.enums import ArticleKind
from beacon.helpcenter.tests.factories import article

pytestmark = pytest.mark.django_db


def test_other_channels_ask_the_bot_over_the_api(agent: User, login: Callable[[User], Client]) -> None:
    faq = article(
        "How many confirmations does a deposit need?",
        "Bitcoin deposits are credited after 2 confirmations, Ethereum after 64.",
        kind=ArticleKind.FAQ,
        phrasings=["deposit pending confirmations"],
    )
    response = login(agent).post(
        "/api/v1/bot/answer",
        {"question": "how many block confirmations before my deposit counts", "language": "en"},
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 200
    assert body["hand_over"] is False
    assert body["source"]["id"] == faq.pk
    assert body["source"]["kind"] == "faq"
    assert body["source"]["url"].startswith("http")
    assert body["answer"].startswith("How many confirmations does a deposit need?")


def test_the_api_says_when_a_person_should_take_over(agent: User, login: Callable[[User], Client]) -> None:
    response = login(agent).post(
        "/api/v1/bot/answer", {"question": "我要人工客服", "language": "zh-hans"}, content_type="application/json"
    )
    assert response.json() | {"confidence": 0} == {
        "answer": "",
        "language": "zh-hans",
        "source": None,
        "related": None,
        "confidence": 0,
        "hand_over": True,
        "reason": "asked_for_person",
    }


def test_the_api_needs_a_token_or_a_session() -> None:
    response = Client().post("/api/v1/bot/answer", {"question": "hello"}, content_type="application/json")
    assert response.status_code == 401
