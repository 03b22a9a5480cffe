"""Look-alike and lure links, including bare domains inside Chinese text."""

from __future__ import annotations

import pytest

from beacon.trust.scanners.domains import normalise_domain
from beacon.trust.scanners.findings import Severity
from beacon.trust.scanners.links import LinkReason, check_links

OFFICIAL = ("binance.com", "binance.us")
BRANDS = ("binance",)


def _reasons(text: str) -> list[set[LinkReason]]:
    return [set(f.reasons) for f in check_links(text, OFFICIAL, BRANDS)]


@pytest.mark.parametrize(
    "text",
    [
        "visit https://www.binance.com/en/login now",
        "https://accounts.binance.com/zh-CN/register",
        "请点击 https://www.binance.com/zh-CN/support 查看",
        "binance.us is our US site",
        "google.com and finance.yahoo.com are fine",
        "read readme.md, e.g. the file.txt",
    ],
)
def test_official_and_unrelated_links_are_not_reported(text: str) -> None:
    assert check_links(text, OFFICIAL, BRANDS) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("go to b1nance.com", LinkReason.LOOKALIKE),
        ("go to blnance.com", LinkReason.LOOKALIKE),
        ("go to binnance.com", LinkReason.LOOKALIKE),
        ("go to binance.co", LinkReason.LOOKALIKE),
        ("go to bіnance.com", LinkReason.MIXED_SCRIPT),
        ("go to bіnance.com", LinkReason.CONFUSABLE),
        ("go to xn--bnance-bwa.com", LinkReason.PUNYCODE),
        ("login at https://binance.com.secure-login.io/", LinkReason.BRAND_IN_FOREIGN_DOMAIN),
        ("binance-support.xyz", LinkReason.BRAND_IN_FOREIGN_DOMAIN),
        ("https://binance.com@evil.io/login", LinkReason.USERINFO_TRICK),
        ("bit.ly/3abcd", LinkReason.SHORTENER),
        ("http://t.cn/A6abc", LinkReason.SHORTENER),
        ("join t.me/+AbCdEf123", LinkReason.MESSENGER_INVITE),
        ("https://t.me/joinchat/AAAA", LinkReason.MESSENGER_INVITE),
        ("chat.whatsapp.com/Invite42", LinkReason.MESSENGER_INVITE),
        ("wa.me/15551234567", LinkReason.MESSENGER_INVITE),
        ("http://203.0.113.7/login", LinkReason.IP_ADDRESS),
    ],
)
def test_lures_are_reported_with_their_reason(text: str, reason: LinkReason) -> None:
    assert reason in set().union(*_reasons(text))


def test_bare_domain_inside_chinese_text_is_extracted() -> None:
    findings = check_links("请访问binance-support.com登录", OFFICIAL, BRANDS)

    assert [(f.host, f.registrable_domain) for f in findings] == [("binance-support.com", "binance-support.com")]


def test_e_mail_domains_are_checked() -> None:
    assert _reasons("write to support@binance-help.com") == [{LinkReason.BRAND_IN_FOREIGN_DOMAIN}]


def test_impersonation_is_high_severity_and_lures_medium() -> None:
    findings = check_links("b1nance.com or bit.ly/x", OFFICIAL, BRANDS)

    assert [f.severity for f in findings] == [Severity.HIGH, Severity.MEDIUM]


def test_finding_span_covers_the_link_as_written() -> None:
    text = "click https://b1nance.com/login!"

    finding = check_links(text, OFFICIAL, BRANDS)[0]

    assert text[finding.start : finding.end] == "https://b1nance.com/login"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://WWW.Binance.com/en", "binance.com"),
        ("support@binance.com", "binance.com"),
        ("accounts.binance.com.", "binance.com"),
        ("xn--bnance-bwa.com", "bînance.com"),
        ("user.github.io", "user.github.io"),
        ("www.example.co.uk", "example.co.uk"),
    ],
)
def test_normalise_domain_gives_the_unicode_registrable_domain(value: str, expected: str) -> None:
    assert normalise_domain(value) == expected


@pytest.mark.parametrize("value", ["localhost", "", "http://10.0.0.1/", "com"])
def test_normalise_domain_rejects_what_has_no_registrable_domain(value: str) -> None:
    with pytest.raises(ValueError, match=r"domain|address"):
        normalise_domain(value)
