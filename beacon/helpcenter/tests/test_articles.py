from __future__ import annotations

import pytest
from django.test import Client

from beacon.accounts.models import User
from beacon.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from beacon.core.models import AuditEvent
from beacon.helpcenter import selectors
from beacon.helpcenter.diff import diff_lines
from beacon.helpcenter.enums import ArticleStatus
from beacon.helpcenter.models import Article
from beacon.helpcenter.services import articles as services
from beacon.helpcenter.tests.factories import HelpCategoryFactory, article, committed


def test_translations_are_linked_and_share_a_readable_slug(db: None, client: Client) -> None:
    en = article("Deposit not credited", "Check the TXID.", slug="deposit-not-credited")
    zh = article("充币未到账怎么办？", "请检查交易哈希。", language="zh-hans", translation_of=en)
    assert zh.translation_key == en.translation_key
    assert zh.get_absolute_url() == "/help/zh-hans/a/deposit-not-credited/"
    assert selectors.translations(en) == [zh]
    page = client.get(en.get_absolute_url()).content.decode()
    assert '<a href="/help/zh-hans/a/deposit-not-credited/" lang="zh-hans" hreflang="zh-hans">阅读中文版</a>' in page
    assert '<div lang="en">' in page


def test_a_second_translation_in_the_same_language_is_refused(db: None) -> None:
    en = article("Deposit not credited")
    article("充币未到账", language="zh-hans", translation_of=en)
    with pytest.raises(ValidationFailed):
        article("充值没到", language="zh-hans", translation_of=en)


def test_a_chinese_title_gives_a_chinese_slug(db: None) -> None:
    assert article("充币未到账怎么办？", language="zh-hans").slug == "充币未到账怎么办"
    assert article("充币未到账怎么办？", language="zh-hans").slug == "充币未到账怎么办-2"


def test_every_content_change_is_a_version_with_a_diff(db: None, supervisor: User) -> None:
    item = article("Withdrawal fees", "Line one.\nLine two.\nLine three.")
    with committed():
        services.update_article(
            supervisor,
            item,
            title="Withdrawal fees",
            body="Line one.\nLine 2.\nLine three.",
            phrasings=[],
            category=item.category,
            note="fix",
        )
        services.update_article(  # nothing changed: no new version
            supervisor,
            item,
            title="Withdrawal fees",
            body="Line one.\nLine 2.\nLine three.",
            phrasings=[],
            category=item.category,
        )
    assert [(v.number, v.note) for v in selectors.versions(item)] == [(2, "fix"), (1, "Created")]
    v1, v2 = selectors.access_version(item, 1), selectors.access_version(item, 2)
    assert [(line.op, line.text) for line in diff_lines(v1.body, v2.body) if line.op != "equal"] == [
        ("delete", "Line two."),
        ("insert", "Line 2."),
    ]


def test_restoring_a_version_brings_back_its_content_as_a_new_version(db: None, supervisor: User) -> None:
    item = article("Fees", "Old text.")
    with committed():
        services.update_article(
            supervisor, item, title="Fees v2", body="New text.", phrasings=[], category=item.category
        )
        restored = services.restore_version(supervisor, item, selectors.access_version(item, 1))
    assert (restored.title, restored.body, restored.version) == ("Fees", "Old text.", 3)
    assert selectors.versions(item).first().note == "Restored version 1"  # type: ignore[union-attr]
    assert [hit.title for hit in selectors.search("old text")] == ["Fees"]


def test_the_history_page_shows_the_diff_and_restores(db: None, supervisor: User, login: object) -> None:
    item = article("Fees", "Old text.")
    with committed():
        services.update_article(supervisor, item, title="Fees", body="New text.", phrasings=[], category=item.category)
    client: Client = login(supervisor)  # type: ignore[operator]
    page = client.get(f"/help/manage/articles/{item.pk}/versions/").content.decode()
    assert '<tr class="delete">' in page and "Old text." in page
    assert '<tr class="insert">' in page and "New text." in page
    client.post(f"/help/manage/articles/{item.pk}/versions/1/restore/")
    assert Article.objects.get(pk=item.pk).body == "Old text."


def test_agents_draft_and_submit_supervisors_publish(db: None, agent: User, supervisor: User) -> None:
    category = HelpCategoryFactory(slug="deposits")
    with committed():
        draft = services.create_article(agent, language="en", category=category, title="Memo missing", body="Text")
        services.change_article_status(agent, draft, ArticleStatus.REVIEW)
        with pytest.raises(PermissionDenied):
            services.change_article_status(agent, draft, ArticleStatus.PUBLISHED)
        services.change_article_status(supervisor, draft, ArticleStatus.PUBLISHED)
        with pytest.raises(PermissionDenied):
            services.update_article(agent, draft, title="Changed", body="", phrasings=[], category=category)
        with pytest.raises(InvalidTransition):
            services.change_article_status(supervisor, draft, ArticleStatus.REVIEW)
    assert Article.objects.get(pk=draft.pk).status == ArticleStatus.PUBLISHED
    verbs = list(AuditEvent.objects.filter(target_type="article").values_list("verb", flat=True))
    assert verbs == ["article.created", "article.status_changed", "article.status_changed"]


def test_customers_cannot_write_or_read_drafts(db: None, customer: User) -> None:
    draft = article("Secret draft", status=ArticleStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        services.create_article(customer, language="en", category=draft.category, title="x", body="y")
    with pytest.raises(Exception, match="No such article"):
        selectors.access_article(customer, draft.pk)


def test_staff_edit_page_saves_a_new_version(db: None, supervisor: User, login: object) -> None:
    item = article("Fees", "Old text.")
    client: Client = login(supervisor)  # type: ignore[operator]
    response = client.post(
        f"/help/manage/articles/{item.pk}/",
        {
            "title": "Fees",
            "kind": "article",
            "category": item.category.slug,
            "slug": item.slug,
            "body": "New **text**.",
            "phrasings": "how much\nfee",
            "position": 5,
            "note": "clearer",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.version, item.body_html, item.phrasings) == (
        2,
        "<p>New <strong>text</strong>.</p>\n",
        ["how much", "fee"],
    )


def test_staff_list_query_count_is_flat(
    db: None, supervisor: User, login: object, django_assert_max_num_queries: object
) -> None:
    for number in range(25):
        article(f"Article {number}")
    client: Client = login(supervisor)  # type: ignore[operator]
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = client.get("/help/manage/")
    assert response.content.decode().count("/help/manage/articles/") >= 25


def test_customers_do_not_reach_the_staff_pages(db: None, customer_client: Client) -> None:
    assert customer_client.get("/help/manage/").status_code == 302
