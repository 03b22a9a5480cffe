from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from beacon.accounts.models import User
from beacon.helpcenter.models import Article
from beacon.helpcenter.tests.factories import HelpCategoryFactory, announcement, article


def test_search_is_public_and_returns_scores_and_snippets(db: None, client: Client) -> None:
    article("充币未到账怎么办？", "请检查交易哈希和到账时间。", language="zh-hans")
    response = client.get("/api/v1/help/search", {"q": "到账", "language": "zh-hans"})
    assert response.status_code == 200
    [hit] = response.json()
    assert hit["title"] == "充币未到账怎么办？"
    assert hit["score"] > 0
    assert "<mark>到账</mark>" in hit["snippet"]


def test_search_with_odd_input_answers_an_empty_list(db: None, client: Client) -> None:
    assert client.get("/api/v1/help/search", {"q": '"*)(', "kinds": ["nonsense"]}).json() == []


def test_public_article_reading(db: None, client: Client, django_assert_max_num_queries: object) -> None:
    for number in range(10):
        article(f"Deposit guide {number}")
    draft = article("Draft", status="draft")
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        body = client.get("/api/v1/help/articles", {"language": "en"}).json()
    assert len(body["items"]) == 10
    assert client.get(f"/api/v1/help/articles/{draft.pk}").status_code == 404


def test_staff_write_through_the_api_and_customers_cannot(db: None, login: object, agent: User, customer: User) -> None:
    HelpCategoryFactory(slug="deposits")
    payload = {"language": "en", "category": "deposits", "title": "Memo missing", "body": "Text", "kind": "faq"}
    assert login(customer).post("/api/v1/help/articles", payload, content_type="application/json").status_code == 403  # type: ignore[operator]
    staff: Client = login(agent)  # type: ignore[operator]
    created = staff.post("/api/v1/help/articles", payload, content_type="application/json")
    assert created.status_code == 201
    article_id = created.json()["id"]
    patched = staff.patch(f"/api/v1/help/articles/{article_id}", {"body": "New"}, content_type="application/json")
    assert (patched.json()["version"], patched.json()["body_html"]) == (2, "<p>New</p>\n")
    review = staff.post(
        f"/api/v1/help/articles/{article_id}/status", {"status": "review"}, content_type="application/json"
    )
    assert review.json()["status"] == "review"
    publish = staff.post(
        f"/api/v1/help/articles/{article_id}/status", {"status": "published"}, content_type="application/json"
    )
    assert publish.status_code == 403


def test_export_and_import_through_the_api(db: None, login: object, supervisor: User, agent: User) -> None:
    article("Deposit missing", "Check the TXID.")
    exported = login(agent).get("/api/v1/help/export", {"format": "csv"})  # type: ignore[operator]
    assert exported["Content-Type"].startswith("text/csv")
    Article.objects.all().delete()
    upload = SimpleUploadedFile("help.csv", exported.content, content_type="text/csv")
    assert login(agent).post("/api/v1/help/import", {"file": upload}).status_code == 403  # type: ignore[operator]
    upload = SimpleUploadedFile("help.csv", exported.content, content_type="text/csv")
    response = login(supervisor).post("/api/v1/help/import", {"file": upload})  # type: ignore[operator]
    assert response.json()["created"] == 1


def test_announcements_endpoint(db: None, client: Client) -> None:
    announcement("Delayed BTC deposits", affected=["BTC"])
    [item] = client.get("/api/v1/help/announcements", {"language": "zh-hans"}).json()
    assert (item["title"], item["ongoing"], item["affected"]) == ("Delayed BTC deposits（中文）", True, ["BTC"])
