from __future__ import annotations

import pytest

from beacon.core import text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("充值未到账", ["充值", "未到账", "到账"]),
        ("充币没到", ["充币", "没", "到"]),
        ("双重验证丢失了", ["双重", "验证", "双重验证", "丢失"]),
        ("合约爆仓了怎么办", ["合约", "爆仓"]),
        ("设置防钓鱼码", ["设置", "钓鱼", "防钓鱼码"]),
        ("忘记助记词和私钥", ["忘记", "助记", "助记词", "私钥"]),
        ("Deposits not credited!!", ["deposit", "not", "credit"]),
        ("ＵＳＤＴ　ＴＲＣ２０提币", ["usdt", "trc20", "提币"]),
        ("my 2FA code isn't working", ["2fa", "code", "isnt", "work"]),
    ],
)
def test_query_terms_segment_chinese_and_stem_english(query: str, expected: list[str]) -> None:
    assert sorted(text.query_terms(query)) == sorted(expected)


@pytest.mark.parametrize("query", ["", "   ", "?!。，……", '"*()^:-', "\x00\u200b\ufeff"])
def test_queries_without_words_give_no_terms(query: str) -> None:
    assert text.query_terms(query) == []


def test_a_query_of_only_stopwords_keeps_them() -> None:
    assert text.query_terms("how to") == ["how", "to"]


def test_long_queries_are_cut_not_refused() -> None:
    terms = text.query_terms("提币 deposit " * 10_000 + "x" * 10_000)
    assert terms == ["提币", "deposit"]
    assert len(text.query_terms(" ".join(f"word{n}" for n in range(100)))) == text.MAX_QUERY_TERMS


def test_token_offsets_point_into_the_normalised_text() -> None:
    normalized = text.normalize("USDT 充币到账")
    assert [(t.term, normalized[t.start : t.end]) for t in text.tokenize(normalized, normalized=True)] == [
        ("usdt", "usdt"),
        ("充币", "充币"),
        ("到账", "到账"),
    ]
