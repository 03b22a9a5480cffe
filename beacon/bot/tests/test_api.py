"""POST /api/v1/triage/classify, and tickets that arrive without a category."""

from __future__ import annotations

import pytest
from django.test import Client

from beacon.accounts.models import User
from beacon.accounts.services import create_api_token
from beacon.bot.services import train_triage_model
from beacon.bot.tests.conftest import synthetic_examples
from beacon.tickets.models import Category, Ticket

pytestmark = pytest.mark.django_db


def classify(client: Client, text: str, **extra: str) -> tuple[int, dict[str, object]]:
    response = client.post("/api/v1/triage/classify", {"text": text, **extra}, content_type="application/json")
    return response.status_code, response.json()


def test_staff_token_classifies_chinese_text_with_the_shipped_model(
    agent: User, demo_categories: dict[str, Category]
) -> None:
    _token, plaintext = create_api_token(agent, "crm")
    client = Client(headers={"Authorization": f"Bearer {plaintext}"})
    status, body = classify(client, "我的USDT充值两个小时了还没到账", language="zh-hans")
    assert status == 200
    assert (body["category"], body["out_of_scope"], body["model"]) == ("deposit", False, "seed")
    assert body["confidence"] > 0.5
    assert body["alternatives"][0] == {"category": "deposit", "name": "充值未到账", "confidence": body["confidence"]}
    assert len(body["alternatives"]) == 3


def test_english_text_is_classified_among_active_categories_only(
    customer_client: Client, demo_categories: dict[str, Category]
) -> None:
    status, body = classify(customer_client, "Someone logged into my account and withdrew all my BTC")
    assert (status, body["category"]) == (200, "account-security")
    assert {a["category"] for a in body["alternatives"]} <= set(demo_categories)  # no trading, p2p, api here


def test_something_else_entirely_is_out_of_scope(customer_client: Client, demo_categories: dict[str, Category]) -> None:
    status, body = classify(customer_client, "What is the capital of France?")
    assert (status, body["category"], body["out_of_scope"]) == (200, None, True)
    assert len(body["alternatives"]) == 3


def test_a_newly_trained_model_answers_at_once(customer_client: Client, demo_categories: dict[str, Category]) -> None:
    model = train_triage_model(None, synthetic_examples(), {"test": 24})
    status, body = classify(customer_client, "实名认证一直失败")
    assert (status, body["category"], body["model"]) == (200, "kyc", f"v{model.version}")


def test_empty_text_and_anonymous_callers_are_refused(
    client: Client, customer_client: Client, general: Category
) -> None:
    status, body = classify(customer_client, "")
    assert (status, body["code"], list(body["errors"])) == (422, "validation_error", ["text"])
    assert classify(client, "deposit missing")[0] == 401


def test_a_ticket_created_through_the_api_without_category_gets_the_predicted_one(
    customer_client: Client, demo_categories: dict[str, Category]
) -> None:
    response = customer_client.post(
        "/api/v1/tickets",
        {"subject": "充值未到账", "body": "我昨天从别的交易所转了500 USDT（TRC20），到现在还没有到账。"},
        content_type="application/json",
    )
    assert response.status_code == 201
    ticket = Ticket.objects.get(pk=response.json()["ticket"]["id"])
    # The deposit form's required fields were never asked for: the ticket is accepted without them.
    assert (ticket.category.slug, ticket.team.slug if ticket.team else None, ticket.fields) == ("deposit", "funds", {})


def test_a_ticket_the_classifier_is_unsure_about_goes_to_general(
    customer_client: Client, demo_categories: dict[str, Category]
) -> None:
    response = customer_client.post(
        "/api/v1/tickets",
        {"subject": "Question", "body": "What is the capital of France?"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["ticket"]["category"] == "general"


def test_fields_sent_with_a_predicted_category_are_still_checked(
    customer_client: Client, demo_categories: dict[str, Category]
) -> None:
    response = customer_client.post(
        "/api/v1/tickets",
        {"subject": "Deposit missing", "body": "My USDT deposit has not arrived", "fields": {"txid": "0x1234"}},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["txid"]
    assert Ticket.objects.count() == 0
