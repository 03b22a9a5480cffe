"""The "describe your problem" box on the customer's category choice page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from beacon.tickets.models import Category

pytestmark = pytest.mark.django_db

SUGGEST = "/triage/suggest-category/"


def test_the_choice_page_has_the_box_and_every_category(
    customer_client: Client, demo_categories: dict[str, Category]
) -> None:
    page = customer_client.get("/tickets/new/").content.decode()
    assert 'name="description"' in page
    assert f'hx-get="{SUGGEST}"' in page
    assert page.count('class="card category-card"') == len(demo_categories)


def test_typing_in_chinese_marks_the_suggested_category(
    customer_client: Client, demo_categories: dict[str, Category], django_assert_max_num_queries: Callable[..., object]
) -> None:
    customer_client.get(SUGGEST, {"description": "预热"}, headers={"HX-Request": "true"})  # loads the model
    # session, user, the categories shown, the active ones to choose from, the active model
    with django_assert_max_num_queries(5):  # type: ignore[attr-defined]
        response = customer_client.get(SUGGEST, {"description": "提币一直在审核中"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<div id="category-choice"')
    assert "This sounds like: <strong>Withdrawal</strong>" in html
    assert html.count('aria-current="true"') == 1
    assert 'class="card category-card suggested" href="/tickets/new/withdrawal/" aria-current="true"' in html


def test_the_suggestion_speaks_the_customers_language(
    login: Callable[..., Client], demo_categories: dict[str, Category]
) -> None:
    from beacon.accounts.tests.factories import UserFactory

    client = login(UserFactory(language="zh-hans"))
    html = client.get(
        SUGGEST, {"description": "my account was hacked"}, headers={"HX-Request": "true", "Accept-Language": "zh-hans"}
    ).content.decode()
    assert "<strong>账户安全</strong>" in html


def test_a_description_about_something_else_suggests_nothing(
    customer_client: Client, demo_categories: dict[str, Category]
) -> None:
    html = customer_client.get(
        SUGGEST, {"description": "What is the capital of France?"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "We could not tell which category fits." in html
    assert "aria-current" not in html


def test_enter_without_javascript_goes_straight_to_the_suggested_form(
    customer_client: Client, demo_categories: dict[str, Category]
) -> None:
    response = customer_client.get(SUGGEST, {"description": "My USDT deposit has not arrived"})
    assert (response.status_code, response["Location"]) == (302, "/tickets/new/deposit/")
    unsure = customer_client.get(SUGGEST, {"description": "What is the capital of France?"})
    assert unsure["Location"] == "/tickets/new/"


def test_signed_out_visitors_are_sent_to_sign_in(client: Client, general: Category) -> None:
    response = client.get(SUGGEST, {"description": "deposit"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
