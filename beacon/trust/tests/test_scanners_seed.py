"""Seed phrase detection: every BIP39 list, every layout people use, and the prose it must skip."""

from __future__ import annotations

import random
import unicodedata

import pytest

from beacon.trust.eval import material
from beacon.trust.eval.corpus import LAYOUTS
from beacon.trust.eval.texts import CHINESE_MESSAGES, ENGLISH_MESSAGES
from beacon.trust.scanners.findings import SecretKind, Severity
from beacon.trust.scanners.secrets import scan_secrets


def _phrase(language: str, strength: int = 128, seed: int = 7) -> list[str]:
    return material.seed_phrase(random.Random(seed), language, strength)


def _join(language: str, words: list[str]) -> str:
    return ("\u3000" if language == "japanese" else " ").join(words)


def _kinds(text: str, **kwargs: object) -> set[SecretKind]:
    return {f.kind for f in scan_secrets(text, **kwargs)}  # type: ignore[arg-type]


@pytest.mark.parametrize("language", material.BIP39_LANGUAGES)
@pytest.mark.parametrize("strength", material.STRENGTHS)
def test_phrase_of_every_list_and_length_is_found_with_a_valid_checksum(language: str, strength: int) -> None:
    phrase = _join(language, _phrase(language, strength))
    text = f"hello support, {phrase} thanks"

    findings = scan_secrets(text)

    assert [f.kind for f in findings] == [SecretKind.SEED_PHRASE]
    assert text[findings[0].start : findings[0].end] == phrase
    assert findings[0].severity is Severity.CRITICAL
    assert findings[0].confidence == 0.99


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_phrase_is_found_in_every_layout(layout: str) -> None:
    words = _phrase("english", 256)

    text = "my wallet words:\n" + LAYOUTS[layout](words, random.Random(1))

    assert SecretKind.SEED_PHRASE in _kinds(text)


def test_semicolon_separated_phrase_is_found() -> None:
    assert _kinds("; ".join(_phrase("italian"))) == {SecretKind.SEED_PHRASE}


def test_phrase_deep_inside_a_long_attachment_is_found_at_its_offset() -> None:
    phrase = " ".join(_phrase("english", 256))
    padding = "\n".join(ENGLISH_MESSAGES * 20)
    text = f"{padding}\nwords:\n{phrase}\n{padding}"

    findings = scan_secrets(text)

    assert [text[f.start : f.end] for f in findings if f.kind is SecretKind.SEED_PHRASE] == [phrase]


def test_numbered_chinese_phrase_with_ideographic_spaces_is_found() -> None:
    words = _phrase("chinese_traditional")
    text = "助記詞：" + "\u3000".join(f"{i}.{w}" for i, w in enumerate(words, 1))

    assert _kinds(text) == {SecretKind.SEED_PHRASE}


@pytest.mark.parametrize("language", ["english", "spanish", "french", "italian", "czech", "portuguese"])
def test_four_letter_abbreviations_count_as_words(language: str) -> None:
    words = [unicodedata.normalize("NFC", w)[:4] for w in _phrase(language)]

    assert _kinds(" ".join(words)) == {SecretKind.SEED_PHRASE}


def test_accents_may_be_left_out() -> None:
    words = [unicodedata.normalize("NFKD", w).encode("ascii", "ignore").decode() for w in _phrase("spanish")]

    assert _kinds(" ".join(words)) == {SecretKind.SEED_PHRASE}


@pytest.mark.parametrize("language", ["chinese_simplified", "chinese_traditional"])
def test_unspaced_chinese_phrase_is_found(language: str) -> None:
    phrase = "".join(_phrase(language, 256))

    findings = scan_secrets(f"我的助记词是{phrase}，请帮我看看")

    assert [f.kind for f in findings] == [SecretKind.SEED_PHRASE]


def test_phrase_with_one_typo_is_still_a_seed_phrase() -> None:
    words = _phrase("english")
    words[5] = words[5] + "xq"

    findings = scan_secrets(" ".join(words))

    assert [f.kind for f in findings] == [SecretKind.SEED_PHRASE]
    assert findings[0].confidence < 0.99


def test_six_to_eleven_words_are_a_partial_phrase_with_warning_severity() -> None:
    words = _phrase("english")[:8]

    findings = scan_secrets("first eight words: " + " ".join(words))

    assert [(f.kind, f.severity) for f in findings] == [(SecretKind.PARTIAL_SEED_PHRASE, Severity.WARNING)]
    assert findings[0].redactable


@pytest.mark.parametrize("cut", [1, 6, 11])
def test_phrase_split_across_messages_is_reported_on_the_completing_message(cut: int) -> None:
    words = _phrase("english")
    earlier = ("hi, I need help", "here are my words: " + " ".join(words[:cut]))

    findings = scan_secrets(" ".join(words[cut:]), context=earlier)

    assert [f.kind for f in findings] == [SecretKind.SEED_PHRASE]
    assert "completes an earlier partial" in findings[0].detail


def test_phrase_sent_one_word_per_message_is_caught_on_the_last_word() -> None:
    words = _phrase("english")

    findings = scan_secrets(words[-1], context=tuple(words[:-1]))

    assert [f.kind for f in findings] == [SecretKind.SEED_PHRASE]


def test_split_chinese_phrase_is_caught() -> None:
    words = _phrase("chinese_simplified")

    findings = scan_secrets(" ".join(words[8:]), context=("助记词前半部分：" + " ".join(words[:8]),))

    assert [f.kind for f in findings] == [SecretKind.SEED_PHRASE]


def test_span_excludes_everyday_words_around_a_checksum_valid_phrase() -> None:
    phrase = " ".join(_phrase("english"))
    text = f"please help {phrase} thank you"

    findings = scan_secrets(text)

    assert text[findings[0].start : findings[0].end] == phrase


@pytest.mark.parametrize("message", ENGLISH_MESSAGES + CHINESE_MESSAGES)
def test_ordinary_support_messages_are_not_seed_phrases(message: str) -> None:
    assert not _kinds(message) & {SecretKind.SEED_PHRASE, SecretKind.PARTIAL_SEED_PHRASE}


def test_english_sentence_made_only_of_list_words_is_prose() -> None:
    text = "Hello team thank you please confirm that you can unlock this account today"

    assert _kinds(text) == set()


def test_consecutive_messages_of_prose_do_not_chain_into_a_phrase() -> None:
    earlier = ("Hello team, thank you",)

    assert _kinds("Please confirm that you can unlock this account today", context=earlier) == set()


def test_letters_inside_hex_strings_are_not_words() -> None:
    text = "3face8bed1fade2cage9able0acid4bird7cake5arch6"

    assert _kinds(text) == set()


def test_chinese_prose_of_list_characters_is_not_a_phrase() -> None:
    text = "我的账户被冻结了请帮我看一下为什么提现一直在审核中已经很久了"

    assert _kinds(text) == set()
