"""The answer bot against a small help center (real search index, real embeddings)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from beacon.bot.answering.answer import Reason, answer_question
from beacon.helpcenter.enums import AnnouncementKind, ArticleKind
from beacon.helpcenter.models import Article
from beacon.helpcenter.tests.factories import announcement, article

pytestmark = pytest.mark.django_db


@pytest.fixture
def help_center() -> dict[str, Article]:
    pending_en = article(
        "Why is my withdrawal still processing?",
        "Withdrawals are reviewed for security and then broadcast. Most finish within 30 minutes.",
        phrasings=["withdrawal pending for hours", "withdrawal under review"],
        slug="withdrawal-pending",
    )
    pending_zh = article(
        "提币一直显示处理中，为什么？",
        "提币会先经过安全审核，然后广播上链。大多数提币在 30 分钟内完成。",
        language="zh-hans",
        translation_of=pending_en,
        phrasings=["提币一直在处理中", "提现审核"],
        slug="withdrawal-pending",
    )
    twofa = article(
        "I lost my phone with the authenticator app. How do I reset 2FA?",
        "Open Security settings and choose Reset 2FA. You will need to verify your identity.",
        kind=ArticleKind.FAQ,
        phrasings=["lost Google Authenticator", "reset two-factor authentication"],
        slug="lost-2fa",
    )
    return {"pending_en": pending_en, "pending_zh": pending_zh, "2fa": twofa}


def test_a_question_is_answered_from_the_faq_with_its_source(help_center: dict[str, Article]) -> None:
    answer = answer_question("my phone broke and I can't get my authenticator codes", "en")
    assert answer.reason == Reason.ANSWERED
    assert answer.hand_over is False
    assert answer.source is not None and answer.source.object_id == help_center["2fa"].pk
    assert answer.answer.startswith("I lost my phone with the authenticator app.")
    assert answer.confidence >= 0.76


def test_a_chinese_question_is_answered_in_chinese(help_center: dict[str, Article]) -> None:
    answer = answer_question("我的提现审核要多久", "en")
    assert answer.language == "zh-hans"
    assert answer.source is not None and answer.source.object_id == help_center["pending_zh"].pk


def test_an_ongoing_incident_answers_why_a_withdrawal_is_stuck(help_center: dict[str, Article]) -> None:
    announcement(
        "Delayed withdrawals on the Ethereum network",
        kind=AnnouncementKind.INCIDENT,
        body_en="Withdrawals on Ethereum (ERC20) are delayed by network congestion. Your funds are safe.",
        affected=["ETH", "ERC20"],
    )
    answer = answer_question("why is my withdrawal stuck?", "en")
    assert answer.source is not None
    assert (answer.source.kind, answer.source.title) == ("announcement", "Delayed withdrawals on the Ethereum network")
    assert answer.related is not None and answer.related.object_id == help_center["pending_en"].pk
    assert answer.hand_over is False


def test_an_incident_about_another_asset_or_one_that_ended_is_not_the_answer(help_center: dict[str, Article]) -> None:
    announcement(
        "Delayed withdrawals on the Ethereum network", kind=AnnouncementKind.INCIDENT, affected=["ETH", "ERC20"]
    )
    announcement(
        "Delayed BTC withdrawals (resolved)",
        kind=AnnouncementKind.INCIDENT,
        affected=["BTC"],
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=1),
    )
    answer = answer_question("my bitcoin withdrawal has been pending for hours", "en")
    assert answer.source is not None and answer.source.object_id == help_center["pending_en"].pk


def test_below_the_threshold_the_bot_hands_over_instead_of_guessing(help_center: dict[str, Article]) -> None:
    answer = answer_question("what will the price of bitcoin be next week", "en")
    assert (answer.hand_over, answer.reason, answer.source, answer.answer) == (True, Reason.LOW_CONFIDENCE, None, "")


@pytest.mark.parametrize("question", ["I want to talk to a human", "转人工", "agent"])
def test_asking_for_a_person_hands_over_at_once(help_center: dict[str, Article], question: str) -> None:
    answer = answer_question(question, "en")
    assert (answer.hand_over, answer.reason) == (True, Reason.ASKED_FOR_PERSON)


def test_a_hacked_account_gets_an_answer_and_a_person(help_center: dict[str, Article]) -> None:
    article(
        "My account was hacked: what to do now",
        "Freeze your account at once, then change your password and reset 2FA.",
        phrasings=["someone logged into my account", "freeze my account"],
        slug="account-compromised",
    )
    answer = answer_question("my account was hacked and someone withdrew my coins", "en")
    assert answer.source is not None and answer.source.title == "My account was hacked: what to do now"
    assert (answer.hand_over, answer.reason) == (True, Reason.SECURITY)


def test_odd_input_never_fails(help_center: dict[str, Article]) -> None:
    assert answer_question("   ", "en").reason == Reason.EMPTY
    assert answer_question("?!*()", "en").hand_over is True
