from __future__ import annotations

from django.test import Client

from beacon.accounts.models import User
from beacon.core.models import AuditEvent
from beacon.helpcenter.models import Deflection
from beacon.helpcenter.tests.factories import article
from beacon.tickets.models import Category, Ticket


def test_the_new_request_form_has_the_suggestion_panel(db: None, customer_client: Client, deposit: Category) -> None:
    page = customer_client.get("/tickets/new/deposit/").content.decode()
    assert 'id="help-suggestions"' in page
    assert 'hx-get="/help/suggest/"' in page
    assert "delay:600ms" in page


def test_matching_articles_appear_while_typing(db: None, customer_client: Client) -> None:
    article("Deposit not credited", "Check the TXID and confirmations.")
    article("How to turn on 2FA", "Scan the QR code.")
    html = customer_client.get(
        "/help/suggest/", {"subject": "my deposit is missing", "body": "sent USDT 2 hours ago"}
    ).content.decode()
    assert "<mark>deposit</mark>" in html.lower() or "<mark>Deposit</mark>" in html
    assert "This solved my problem" in html
    assert "2FA" not in html


def test_suggestions_fall_back_to_the_other_language(db: None, customer_client: Client) -> None:
    item = article("充币未到账怎么办？", "请检查交易哈希。", language="zh-hans")
    html = customer_client.get("/help/suggest/", {"subject": "充币没到账"}).content.decode()
    assert f'<a href="{item.get_absolute_url()}"' in html


def test_nothing_to_suggest_gives_an_empty_panel(db: None, customer_client: Client) -> None:
    assert customer_client.get("/help/suggest/", {"subject": "?", "body": ""}).content.decode().strip() == ""


def test_this_solved_my_problem_is_counted_and_opens_no_ticket(
    db: None, customer: User, customer_client: Client
) -> None:
    item = article("Deposit not credited")
    response = customer_client.post(
        "/help/suggest/solved/", {"article": item.pk, "query": "deposit missing"}, headers={"HX-Request": "true"}
    )
    assert response["HX-Redirect"] == item.get_absolute_url()
    assert list(Deflection.objects.values_list("user", "article", "query")) == [
        (customer.pk, item.pk, "deposit missing")
    ]
    assert AuditEvent.objects.filter(verb="helpcenter.request_deflected").count() == 1
    assert Ticket.objects.count() == 0
    assert "Glad that solved it" in customer_client.get(item.get_absolute_url()).content.decode()


def test_a_draft_cannot_be_claimed_as_the_solution(db: None, customer_client: Client) -> None:
    draft = article("Draft", status="draft")
    assert customer_client.post("/help/suggest/solved/", {"article": draft.pk}).status_code == 404
    assert Deflection.objects.count() == 0
