from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection

from beacon.accounts.models import User
from beacon.core.search import services
from beacon.core.search.engine import search
from beacon.core.search.indexing import Document, index_documents, remove_documents
from beacon.core.search.models import SearchDocument

DEPOSIT_ZH = Document(
    kind="article",
    object_id=1,
    language="zh-hans",
    title="充币未到账怎么办",
    body="如果您的充币长时间没有到账，请先在区块浏览器查看交易哈希和确认数。USDT 请确认选择了正确的网络。",
    url="/help/zh-hans/a/deposit-not-credited/",
    category="deposits",
)
DEPOSIT_EN = Document(
    kind="article",
    object_id=2,
    language="en",
    title="Deposit not credited",
    body="Deposits are credited after the network confirmations. Check the TXID on a block explorer.",
    url="/help/en/a/deposit-not-credited/",
    category="deposits",
)
TWO_FA_ZH = Document(
    kind="faq",
    object_id=3,
    language="zh-hans",
    title="丢失了谷歌验证器怎么办？",
    body="请通过安全中心申请重置双重验证，审核需要身份认证。",
    url="/help/zh-hans/a/lost-2fa/",
    category="security",
    keywords=("换手机了验证码收不到", "2FA 设备丢失"),
)
MAINTENANCE = Document(
    kind="announcement",
    object_id=4,
    language="en",
    title="Scheduled wallet maintenance: TRC20 deposits paused",
    body="TRC20 deposits and withdrawals are paused during the upgrade.",
    url="/help/en/announcements/trc20-maintenance/",
)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def indexed(db: None) -> None:
    index_documents([DEPOSIT_ZH, DEPOSIT_EN, TWO_FA_ZH, MAINTENANCE])


def urls(query: str, **kwargs: object) -> list[str]:
    return [hit.url for hit in search(query, **kwargs)]  # type: ignore[arg-type]


def test_backend_follows_the_database_vendor(indexed: None) -> None:
    from beacon.core.search.backends import get_backend

    assert get_backend().vendor == connection.vendor


def test_a_two_character_chinese_word_finds_its_article(indexed: None) -> None:
    assert urls("到账")[0] == DEPOSIT_ZH.url


def test_a_chinese_sentence_without_spaces_finds_its_article(indexed: None) -> None:
    assert urls("我的充币一直没到账")[0] == DEPOSIT_ZH.url


def test_a_mixed_chinese_and_english_query_finds_its_article(indexed: None) -> None:
    assert urls("USDT 充币 pending", languages=["zh-hans"])[0] == DEPOSIT_ZH.url


def test_english_words_match_whatever_their_ending(indexed: None) -> None:
    assert urls("deposit credit")[0] == DEPOSIT_EN.url
    assert urls("depositing credited", languages=["en"])[0] == DEPOSIT_EN.url


def test_full_width_latin_is_the_same_word(indexed: None) -> None:
    assert DEPOSIT_ZH.url in urls("ＵＳＤＴ")


def test_alternative_phrasings_are_searched(indexed: None) -> None:
    assert urls("换手机")[0] == TWO_FA_ZH.url


def test_synonyms_match_the_other_terms_of_their_group(indexed: None, supervisor: User) -> None:
    assert urls("充值", languages=["zh-hans"]) == []
    services.save_synonym_group(supervisor, None, "充值, 充币, deposit, top up")
    assert urls("充值", languages=["zh-hans"])[0] == DEPOSIT_ZH.url
    assert urls("top up", languages=["en"])[0] == DEPOSIT_EN.url


def test_a_synonym_of_several_words_needs_all_of_them(indexed: None, supervisor: User) -> None:
    services.save_synonym_group(supervisor, None, "2FA, two factor authentication, 谷歌验证器")
    assert urls("two factor authentication")[0] == TWO_FA_ZH.url
    assert urls("two") == []


def test_filters_by_language_kind_and_category(indexed: None) -> None:
    assert urls("deposit", languages=["en"], kinds=["article"]) == [DEPOSIT_EN.url]
    assert urls("TRC20 deposits", kinds=["announcement"]) == [MAINTENANCE.url]
    assert urls("重置", categories=["security"]) == [TWO_FA_ZH.url]
    assert urls("重置", categories=["deposits"]) == []


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "?!。，……——",
        '"',
        '"unbalanced',
        "deposit*",
        "NEAR(a b)",
        "title:deposit",
        "a AND OR NOT b",
        "^deposit",
        "'; DROP TABLE search_document; --",
        "deposit & | ! <-> :*",
        "\\x00\x00\u200b",
        "提币" * 2000,
        "deposit " * 5000,
    ],
)
def test_odd_queries_never_fail(indexed: None, query: str) -> None:
    assert isinstance(search(query), list)
    assert SearchDocument.objects.count() == 4


def test_a_query_of_only_punctuation_does_not_touch_the_database(
    indexed: None, django_assert_num_queries: object
) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert search("?!… ——") == []


def test_snippets_mark_the_words_found_and_escape_the_rest(db: None) -> None:
    index_documents(
        [
            Document(
                kind="article",
                object_id=9,
                language="en",
                title="Withdrawals <b>paused</b>",
                body="Intro. " * 60 + "Your withdrawal is <script>x</script> pending review. " + "Outro. " * 60,
                url="/w/",
            )
        ]
    )
    hit = search("withdrawal pending")[0]
    assert "<mark>withdrawal</mark>" in hit.snippet
    assert "<mark>pending</mark>" in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<script>" not in hit.snippet
    assert hit.title_html == "<mark>Withdrawals</mark> &lt;b&gt;paused&lt;/b&gt;"


def test_better_matches_rank_first(indexed: None) -> None:
    hits = search("deposit not credited TXID explorer", languages=["en"], kinds=["article", "announcement"])
    assert [hit.url for hit in hits] == [DEPOSIT_EN.url, MAINTENANCE.url]
    assert hits[0].score > hits[1].score


def test_reindexing_a_document_replaces_its_words(indexed: None) -> None:
    index_documents([Document(**{**DEPOSIT_EN.__dict__, "title": "Credited late", "body": "Nothing else."})])
    assert urls("explorer") == []
    assert urls("late") == [DEPOSIT_EN.url]


def test_removed_documents_are_not_found(indexed: None) -> None:
    remove_documents("article", [DEPOSIT_ZH.object_id])
    assert urls("到账") == []
