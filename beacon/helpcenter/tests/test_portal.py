from __future__ import annotations

from django.test import Client

from beacon.helpcenter.enums import AnnouncementKind
from beacon.helpcenter.models import Article
from beacon.helpcenter.tests.factories import HelpCategoryFactory, announcement, article


def test_help_root_sends_each_reader_to_their_language(db: None, client: Client) -> None:
    assert client.get("/help/").url == "/help/en/"
    client.cookies["beacon_language"] = "zh-hans"
    assert client.get("/help/").url == "/help/zh-hans/"


def test_home_lists_categories_popular_articles_and_announcements(
    db: None, client: Client, django_assert_max_num_queries: object
) -> None:
    funds = HelpCategoryFactory(slug="funds", name_en="Deposits & withdrawals", name_zh="充币与提币")
    deposits = HelpCategoryFactory(slug="deposits", parent=funds, name_en="Deposits", name_zh="充币")
    for number in range(12):
        article(f"充币指南 {number}", "内容", language="zh-hans", category=deposits)
    announcement("Wallet maintenance", kind=AnnouncementKind.MAINTENANCE)
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        page = client.get("/help/zh-hans/").content.decode()
    assert "充币与提币" in page and "充币指南 0" in page
    assert "Wallet maintenance（中文）" in page
    assert '<div lang="zh-hans">' in page


def test_category_page_lists_articles_of_subcategories(
    db: None, client: Client, django_assert_max_num_queries: object
) -> None:
    funds = HelpCategoryFactory(slug="funds")
    deposits = HelpCategoryFactory(slug="deposits", parent=funds)
    for number in range(20):
        article(f"Deposit guide {number}", category=deposits)
    article("Chinese only", language="zh-hans", category=deposits)
    with django_assert_max_num_queries(7):  # type: ignore[operator]
        page = client.get("/help/en/c/funds/").content.decode()
    assert page.count("/help/en/a/deposit-guide-") == 20
    assert "Chinese only" not in page


def test_faq_page_groups_questions_by_category(db: None, client: Client, django_assert_max_num_queries: object) -> None:
    for slug in ("deposits", "security", "api"):
        category = HelpCategoryFactory(slug=slug)
        for number in range(5):
            article(f"{slug} question {number}?", "Answer.", kind="faq", category=category)
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        page = client.get("/help/en/faq/").content.decode()
    assert page.count("<summary>") == 15


def test_article_page_counts_one_view_per_session_and_lists_related(db: None, client: Client) -> None:
    item = article("Deposit not credited", "Deposits need confirmations.")
    article("Deposit confirmations", "How many confirmations a deposit needs.")
    first = client.get(item.get_absolute_url()).content.decode()
    client.get(item.get_absolute_url())
    assert Article.objects.get(pk=item.pk).view_count == 1
    assert "Deposit confirmations" in first.split("Related articles")[1]


def test_unknown_or_draft_articles_are_not_found(db: None, client: Client) -> None:
    draft = article("Draft", status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/help/en/a/nope/").status_code == 404
    assert client.get("/help/fr/").status_code == 404


def test_was_this_helpful_counts_one_vote_per_reader(db: None, client: Client) -> None:
    item = article("Deposit not credited")
    url = f"/help/en/a/{item.slug}/vote/"
    client.post(url, {"helpful": "yes"})
    client.post(url, {"helpful": "no"}, headers={"HX-Request": "true"})
    Client().post(url, {"helpful": "yes"})
    item.refresh_from_db()
    assert (item.helpful_yes, item.helpful_no) == (1, 1)
    assert "Thank you for your feedback." in client.get(item.get_absolute_url()).content.decode()


def test_announcement_pages_and_atom_feed(db: None, client: Client, django_assert_max_num_queries: object) -> None:
    for number in range(10):
        announcement(f"Listing {number}", kind=AnnouncementKind.LISTING)
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        listing = client.get("/help/en/announcements/?type=listing").content.decode()
    assert listing.count("/help/en/announcements/listing-") == 10
    detail = client.get("/help/zh-hans/announcements/listing-0/").content.decode()
    assert "Listing 0（中文）" in detail
    feed = client.get("/help/zh-hans/announcements/feed.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert feed.content.decode().count("<entry>") == 10
    assert "/help/zh-hans/announcements/listing-0/" in feed.content.decode()


def test_sitemap_lists_published_articles_in_each_language(db: None, client: Client) -> None:
    en = article("Deposit not credited", slug="deposit-not-credited")
    article("充币未到账", language="zh-hans", translation_of=en)
    article("Draft", status="draft")
    xml = client.get("/sitemap.xml").content.decode()
    assert "/help/en/a/deposit-not-credited/</loc>" in xml
    assert "/help/zh-hans/a/deposit-not-credited/</loc>" in xml
    assert "/help/en/a/draft/" not in xml
    assert "/help/zh-hans/c/deposits/</loc>" in xml
