"""Reading labelled CSV files: every problem is named with its line, nothing is half accepted."""

from __future__ import annotations

import pytest

from beacon.bot.classifier.datasets import parse_labelled_csv, seed_examples
from beacon.bot.classifier.training import Example, TrainingDataError

KNOWN = {"deposit", "kyc", "general"}


def problems(data: bytes) -> list[str]:
    with pytest.raises(TrainingDataError) as error:
        parse_labelled_csv(data, KNOWN)
    return error.value.problems


def test_a_good_file_gives_its_examples_in_any_column_order() -> None:
    data = 'category,text,source\ndeposit,"Deposit missing, sent yesterday",crm\nkyc,实名认证失败,crm\n\n'.encode()
    assert parse_labelled_csv(data, KNOWN) == [
        Example("Deposit missing, sent yesterday", "deposit"),
        Example("实名认证失败", "kyc"),
    ]


def test_a_byte_order_mark_is_fine() -> None:
    assert parse_labelled_csv("\ufefftext,category\n充值没到账,deposit\n".encode(), KNOWN) == [
        Example("充值没到账", "deposit")
    ]


def test_missing_header_is_explained() -> None:
    assert problems(b"deposit missing,deposit\n") == ["The first line must name the columns: text,category."]


def test_unknown_categories_are_listed_with_their_lines() -> None:
    data = b"text,category\nmy deposit,deposit\nwhere is my card,cards\ncard lost,cards\nhello,greeting\n"
    assert problems(data) == [
        "Unknown category “cards” (lines 3, 4): use the slug of an active category.",
        "Unknown category “greeting” (lines 5): use the slug of an active category.",
    ]


def test_malformed_rows_are_listed_with_their_lines() -> None:
    data = b"text,category\nmy deposit,deposit,extra\n,kyc\nok,deposit\n"
    assert problems(data) == ["Line 2 has 3 columns; the header has 2.", "Line 3 has no text."]


def test_broken_quoting_is_reported() -> None:
    assert problems(b'text,category\n"unterminated,deposit\n')[0].startswith("The file is not valid CSV")


def test_a_file_that_is_not_utf8_is_refused() -> None:
    assert problems("text,category\n充值,deposit\n".encode("gb18030")) == ["The file is not UTF-8 text (byte 14)."]


def test_an_empty_file_has_no_examples() -> None:
    assert problems(b"text,category\n") == ["The file has no examples."]


def test_the_seed_examples_are_bilingual_and_cover_the_demo_categories() -> None:
    examples = seed_examples()
    assert {e.category for e in examples} == {
        "account-security", "deposit", "withdrawal", "kyc", "trading", "futures", "p2p", "api", "general"
    }  # fmt: skip
    assert any("\u4e00" <= ch <= "\u9fff" for e in examples for ch in e.text)
    assert {e.category for e in seed_examples({"deposit", "kyc"})} == {"deposit", "kyc"}
