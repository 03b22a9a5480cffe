"""Canonical forms for the official-channel registry."""

from __future__ import annotations

import random

import pytest

from beacon.trust.eval import material
from beacon.trust.scanners.contacts import ContactKind, normalise_contact


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("website", "https://WWW.Binance.com/en/support", "binance.com"),
        ("domain", "accounts.binance.com", "binance.com"),
        ("email", "Support@Binance.COM", "support@binance.com"),
        ("email", "mailto:help@bücher.de", "help@xn--bcher-kva.de"),
        ("telegram", "@Binance_Announcements", "binance_announcements"),
        ("telegram", "https://t.me/BinanceChinese", "binancechinese"),
        ("telegram", "tg://resolve?domain=binance", "binance"),
        ("x", "https://x.com/binance/status/123", "binance"),
        ("twitter", "@Binance", "binance"),
        ("phone", "+1 (415) 555-0100", "+14155550100"),
        ("phone", "0086 138-0013-8000", "+8613800138000"),
        ("phone", "＋８６ １３８００１３８０００", "+8613800138000"),
        ("wechat", "  BinanceCN ", "binancecn"),
        ("wallet", "0xAbC0000000000000000000000000000000000001", "0xabc0000000000000000000000000000000000001"),
        ("wallet", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
        ("wallet", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
        (ContactKind.WALLET_ADDRESS, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
    ],
)
def test_contacts_are_normalised(kind: str, value: str, expected: str) -> None:
    assert normalise_contact(kind, value) == expected


def test_generated_bech32_address_round_trips() -> None:
    address = material.bech32_address(random.Random(9))

    assert normalise_contact("wallet", address.upper()) == address


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("phone", "138 0013 8000", "country code"),
        ("phone", "+12 345", "8-15 digits"),
        ("phone", "+86 abc 1234 5678", "not digits"),
        ("telegram", "https://t.me/+AbCdEf", "invite link"),
        ("telegram", "@bad", "Telegram username"),
        ("x", "@this_handle_is_far_too_long", "X handle"),
        ("email", "not-an-address", "e-mail address"),
        ("wallet", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "checksum"),
        ("wallet", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "checksum"),
        ("wallet", "hello", "wallet address"),
        ("website", "localhost", "registrable domain"),
        ("fax", "123", "Unknown contact kind"),
        ("wechat", "   ", "Enter a wechat"),
    ],
)
def test_bad_input_raises_a_readable_error(kind: str, value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        normalise_contact(kind, value)
