"""Pure parts: signed identities, opening hours, frame checks, flood control (no database)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from beacon.chat.frames import AGENT_TYPES, CUSTOMER_TYPES, FrameError, TokenBucket, client_key, decode, text
from beacon.chat.hours import HoursError, is_open, parse_hours
from beacon.chat.identity import IdentityError, sign_identity, verify_identity

SECRET = "shared-secret"
NOW = 1_800_000_000


def token(**overrides: object) -> str:
    values: dict[str, object] = {"uid": "42", "email": "Trader@Example.com", "vip": "VIP1", "issued_at": NOW}
    values.update(overrides)
    return sign_identity(SECRET, **values)  # type: ignore[arg-type]


def test_a_fresh_signature_gives_the_customers_identity() -> None:
    identity = verify_identity(token(), SECRET, now=NOW + 10, max_age=300)
    assert (identity.uid, identity.email, identity.vip) == ("42", "trader@example.com", "VIP1")


@pytest.mark.parametrize(
    ("candidate", "now", "code"),
    [
        (token(), NOW + 301, "expired"),
        (token(), NOW - 60, "not_yet_valid"),
        (token()[:-2] + "xx", NOW, "bad_signature"),
        (sign_identity("another-secret", uid="42", email="a@example.com", issued_at=NOW), NOW, "bad_signature"),
        ("v1.only-two-parts", NOW, "malformed"),
        ("v2." + token().split(".", 1)[1], NOW, "malformed"),
        (token(email="not-an-address"), NOW, "malformed"),
        (token(nonce="short"), NOW, "malformed"),
    ],
)
def test_bad_signatures_are_refused_with_a_reason(candidate: str, now: int, code: str) -> None:
    with pytest.raises(IdentityError) as refused:
        verify_identity(candidate, SECRET, now=now, max_age=300)
    assert refused.value.code == code


def test_a_payload_cannot_be_changed_without_the_secret() -> None:
    version, _body, signature = token().split(".")
    other_body = token(email="victim@example.com").split(".")[1]
    with pytest.raises(IdentityError):
        verify_identity(f"{version}.{other_body}.{signature}", SECRET, now=NOW, max_age=300)


def test_without_a_configured_secret_no_signature_is_accepted() -> None:
    with pytest.raises(IdentityError) as refused:
        verify_identity(token(), "", now=NOW, max_age=300)
    assert refused.value.code == "not_configured"


def test_opening_hours() -> None:
    spec = "mon-fri 08:00-20:00; sat 22:00-02:00"
    monday_noon = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    sunday_one_am = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)
    sunday_noon = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    assert is_open(spec, "UTC", monday_noon)
    assert is_open(spec, "UTC", sunday_one_am)  # Saturday's late shift runs past midnight
    assert not is_open(spec, "UTC", sunday_noon)
    assert not is_open(spec, "Asia/Shanghai", datetime(2026, 11, 23, 13, 0, tzinfo=UTC))  # 21:00 in Shanghai
    assert is_open("", "UTC", sunday_noon)


def test_unreadable_opening_hours_are_refused() -> None:
    with pytest.raises(HoursError):
        parse_hours("weekdays 9-5")


def test_frames_are_checked_before_anything_else() -> None:
    assert decode('{"type": "ping"}', None, allowed=CUSTOMER_TYPES, max_bytes=100) == {"type": "ping"}
    cases = [
        ('{"type": "ping"', "malformed_json"),
        ('{"type": "accept"}', "unknown_type"),
        ('"hello"', "invalid_frame"),
        ('{"type": "ping", "pad": "' + "x" * 200 + '"}', "frame_too_large"),
    ]
    for raw, code in cases:
        with pytest.raises(FrameError) as refused:
            decode(raw, None, allowed=CUSTOMER_TYPES, max_bytes=100)
        assert refused.value.code == code
    assert "accept" in AGENT_TYPES


def test_field_checks() -> None:
    with pytest.raises(FrameError):
        client_key({"client_id": "no spaces allowed"})
    with pytest.raises(FrameError):
        text({"body": 12}, "body", max_chars=10)
    assert text({"body": "  hi \r\n there "}, "body", max_chars=20) == "hi \n there"


def test_the_token_bucket_allows_a_burst_then_refuses() -> None:
    bucket = TokenBucket(rate=0.001, burst=3)
    assert [bucket.allow() for _ in range(5)] == [True, True, True, False, False]
    assert bucket.refused == 2
