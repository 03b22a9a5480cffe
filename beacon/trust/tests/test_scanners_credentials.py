"""API secrets, TOTP setup keys, passwords and one-time codes typed into chat."""

from __future__ import annotations

import random

import pytest

from beacon.trust.eval import material
from beacon.trust.scanners.findings import SecretKind
from beacon.trust.scanners.secrets import scan_secrets

KEY = material.api_credential(random.Random(1))
SECRET = material.api_credential(random.Random(2))


def _found(text: str) -> list[tuple[SecretKind, str]]:
    return [(f.kind, text[f.start : f.end]) for f in scan_secrets(text)]


@pytest.mark.parametrize(
    "template",
    [
        "binance api key: {key} secret: {secret}",
        "API Key\n{key}\nSecret Key\n{secret}",
        "我的API Key是{key}，密钥是{secret}",
        "okx apikey={key} secret={secret}",
        "bybit api:\n{key}\n{secret}",
    ],
)
def test_only_the_secret_half_of_an_api_key_pair_is_reported(template: str) -> None:
    text = template.format(key=KEY, secret=SECRET)

    assert _found(text) == [(SecretKind.EXCHANGE_API_SECRET, SECRET)]


def test_api_key_alone_is_not_a_secret() -> None:
    assert _found(f"my API key is {KEY}, it says invalid signature") == []


def test_address_and_txid_next_to_an_exchange_name_are_not_api_secrets() -> None:
    address, txid = material.eth_address(random.Random(3)), material.hex64(random.Random(4))
    text = f"withdrew from binance api to {address}, txid {txid}"

    assert _found(text) == []


@pytest.mark.parametrize(
    "template",
    [
        "my google authenticator setup key is {s}",
        "2FA backup key: {s}",
        "谷歌验证密钥 {s} 帮我重置",
    ],
)
def test_authenticator_setup_keys_are_found(template: str) -> None:
    secret = material.totp_secret(random.Random(5), 32)

    assert _found(template.format(s=secret)) == [(SecretKind.TOTP_SECRET, secret)]


def test_grouped_setup_key_as_apps_show_it_is_found() -> None:
    text = "authenticator setup key: jbsw y3dp ehpk 3pxp"

    assert _found(text) == [(SecretKind.TOTP_SECRET, "jbsw y3dp ehpk 3pxp")]


def test_otpauth_uri_is_removed_whole() -> None:
    uri = "otpauth://totp/Exchange:me?secret=JBSWY3DPEHPK3PXP&issuer=Exchange"

    assert _found(f"scan this {uri}") == [(SecretKind.TOTP_SECRET, uri)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("my password is Hunter2024!", "Hunter2024!"),
        ("password: abc", "abc"),
        ('the password is "correct horse"', "correct horse"),
        ("pwd Qw3rty#99 please check", "Qw3rty#99"),
        ("我的密码是abc12345请帮我看看", "abc12345"),
        ("登录密码：P@ssw0rd", "P@ssw0rd"),
        ("资金密码 135790", "135790"),
    ],
)
def test_passwords_are_found(text: str, value: str) -> None:
    assert _found(text) == [(SecretKind.PASSWORD, value)]


@pytest.mark.parametrize(
    "text",
    [
        "my password is not working",
        "I forgot my password and the reset email never arrives",
        "please reset your password",
        "password reset link expired",
        "密码错误怎么办",
        "我忘记密码了",
        "my passport photo was rejected",
        "password: ********",
    ],
)
def test_talk_about_passwords_is_not_a_password(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    "text",
    ["2FA code 123456", "验证码 123456", "google code is 654321", "谷歌验证码：123456", "sms code: 123 456"],
)
def test_one_time_codes_after_their_name_are_found(text: str) -> None:
    assert [kind for kind, _ in _found(text)] == [SecretKind.OTP_CODE]


@pytest.mark.parametrize(
    "text",
    ["my order number is 123456", "订单号 123456", "UID 12345678", "order 1234567890 not filled", "the code was sent"],
)
def test_order_numbers_are_not_one_time_codes(text: str) -> None:
    assert _found(text) == []
