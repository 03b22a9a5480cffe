from __future__ import annotations

from django.db import connection
from django.test import Client

from beacon.accounts.models import User
from beacon.core.search import services as search_services
from beacon.helpcenter import selectors
from beacon.helpcenter.enums import ArticleStatus
from beacon.helpcenter.models import SearchLog
from beacon.helpcenter.services import articles as services
from beacon.helpcenter.tests.factories import HelpCategoryFactory, announcement, article, committed

DEPOSIT_ZH_BODY = "如果充币长时间没有到账，请在区块浏览器中查看交易哈希（TXID）和确认数。"


def titles(query: str, language: str | None = None, **kwargs: object) -> list[str]:
    return [hit.title for hit in selectors.search(query, language, **kwargs)]  # type: ignore[arg-type]


def test_a_two_character_chinese_word_finds_its_article(db: None) -> None:
    article("充币未到账怎么办？", DEPOSIT_ZH_BODY, language="zh-hans")
    article("如何开启双重验证", "在安全中心绑定谷歌验证器。", language="zh-hans")
    assert titles("到账", "zh-hans") == ["充币未到账怎么办？"]
    assert connection.vendor in {"sqlite", "postgresql"}


def test_a_mixed_chinese_and_english_query_finds_its_article(db: None) -> None:
    article("USDT 提币一直在处理中", "提币 pending 超过 2 小时，请提交工单并附上提币 ID。", language="zh-hans")
    article("充币未到账怎么办？", DEPOSIT_ZH_BODY, language="zh-hans")
    assert titles("USDT提币 pending 怎么办", "zh-hans")[0] == "USDT 提币一直在处理中"


def test_synonyms_edited_by_an_admin_find_the_article(db: None, supervisor: User) -> None:
    article("充币未到账怎么办？", DEPOSIT_ZH_BODY, language="zh-hans")
    article("Deposit not credited", "Deposits are credited after network confirmations.")
    assert titles("充值", "zh-hans") == []
    search_services.save_synonym_group(supervisor, None, "充值 = 充币 = deposit")
    assert titles("充值", "zh-hans") == ["充币未到账怎么办？"]
    assert titles("充值", "en") == ["Deposit not credited"]
    assert titles("充值没到账", None)[0] in {"充币未到账怎么办？", "Deposit not credited"}


def test_the_issue_examples_all_find_the_deposit_article(db: None, supervisor: User) -> None:
    search_services.save_synonym_group(supervisor, None, "充值, 充币, deposit")
    zh = article("充币未到账怎么办？", DEPOSIT_ZH_BODY, language="zh-hans")
    en = article("Deposit not credited", "Check the TXID and confirmations.", translation_of=zh)
    article("如何开启双重验证", "绑定谷歌验证器。", language="zh-hans")
    article("How to turn on 2FA", "Scan the QR code.")
    assert titles("充值未到账", "zh-hans")[0] == zh.title
    assert titles("充币没到", "zh-hans")[0] == zh.title
    assert titles("deposit not credited", "en")[0] == en.title


def test_only_published_articles_are_found(db: None, supervisor: User) -> None:
    draft = article("Withdrawal limits", "Daily withdrawal limits by level.", status=ArticleStatus.DRAFT)
    assert titles("withdrawal limits") == []
    with committed():
        services.change_article_status(supervisor, draft, ArticleStatus.PUBLISHED)
    assert titles("withdrawal limits") == ["Withdrawal limits"]
    with committed():
        services.change_article_status(supervisor, draft, ArticleStatus.ARCHIVED)
    assert titles("withdrawal limits") == []


def test_an_edit_reaches_the_index_after_commit(db: None, supervisor: User) -> None:
    item = article("Withdrawal fees", "Fees depend on the network.")
    with committed():
        services.update_article(
            supervisor, item, title="Withdrawal fees", body="Gas costs vary.", phrasings=[], category=item.category
        )
    assert titles("gas") == ["Withdrawal fees"]
    assert titles("network") == []


def test_faq_phrasings_are_searched(db: None) -> None:
    article("I lost my authenticator", "Reset 2FA from the sign-in page.", kind="faq", phrasings=["new phone no codes"])
    assert titles("new phone", kinds=["faq"]) == ["I lost my authenticator"]


def test_filters_by_language_category_and_type(db: None) -> None:
    security = HelpCategoryFactory(slug="security")
    two_factor = HelpCategoryFactory(slug="two-factor", parent=security)
    article("Reset 2FA", "Lost authenticator.", category=two_factor)
    article("2FA for withdrawals", "Withdrawals need 2FA.")
    announcement("2FA maintenance")
    assert titles("2fa", category=security) == ["Reset 2FA"]
    assert titles("2fa", "en", kinds=["announcement"]) == ["2FA maintenance"]
    assert titles("2fa", "zh-hans", kinds=["article"]) == []


def test_announcements_are_searchable_in_both_languages(db: None) -> None:
    announcement("TRC20 wallet maintenance", title_zh="TRC20 钱包维护")
    assert titles("维护", "zh-hans") == ["TRC20 钱包维护"]
    assert titles("maintenance", "en") == ["TRC20 wallet maintenance"]


def test_the_search_page_highlights_and_logs_queries(db: None, client: Client) -> None:
    article("Deposit not credited", "Check the TXID on a block explorer.")
    response = client.get("/help/en/search/", {"q": "txid"})
    assert "<mark>TXID</mark>" in response.content.decode()
    client.get("/help/en/search/", {"q": "nothing matches this"})
    client.get("/help/en/search/", {"q": "?!"})
    assert list(SearchLog.objects.order_by("id").values_list("query", "results")) == [
        ("txid", 1),
        ("nothing matches this", 0),
    ]
    assert [row["normalized"] for row in selectors.top_queries(no_results=True)] == ["noth match"]


def test_odd_queries_on_the_search_page_answer_normally(db: None, client: Client) -> None:
    article("Deposit not credited", "Check the TXID.")
    for query in ['"', "*", "NEAR(", "deposit AND (", "'; --", "()[]{}", "提币" * 3000, "x" * 300]:
        assert client.get("/help/en/search/", {"q": query}).status_code == 200


def test_search_page_query_count_is_flat(db: None, client: Client, django_assert_max_num_queries: object) -> None:
    for number in range(15):
        article(f"Deposit guide {number}", "Deposit help.")
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        response = client.get("/help/en/search/", {"q": "deposit"})
    assert response.content.decode().count('class="hit"') == 15
