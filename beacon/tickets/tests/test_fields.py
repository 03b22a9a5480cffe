from __future__ import annotations

import pytest
from django.utils import translation

from beacon.core.errors import ValidationFailed
from beacon.tickets.fields import validate_fields
from beacon.tickets.tests.factories import DEPOSIT_FIELDS, ETH_TXID


def deposit(**values: str) -> dict[str, str]:
    return {"asset": "usdt", "network": "ETH", "txid": ETH_TXID, "amount": "1,250.50", **values}


def errors_of(values: dict[str, str]) -> dict[str, list[str]]:
    with pytest.raises(ValidationFailed) as caught:
        validate_fields(DEPOSIT_FIELDS, values)
    return caught.value.errors


def test_valid_deposit_fields_are_normalised() -> None:
    cleaned = validate_fields(DEPOSIT_FIELDS, deposit())
    assert cleaned == {"asset": "USDT", "network": "ETH", "txid": ETH_TXID, "amount": "1250.5"}


def test_evm_txid_copied_without_0x_prefix_is_accepted() -> None:
    cleaned = validate_fields(DEPOSIT_FIELDS, deposit(txid=ETH_TXID[2:].upper()))
    assert cleaned["txid"] == ETH_TXID


def test_bitcoin_txid_on_ethereum_network_is_explained() -> None:
    errors = errors_of(deposit(txid="f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e1"))
    assert "does not look like a transaction ID on Ethereum" in errors["txid"][0]


def test_every_missing_required_field_is_reported_at_once() -> None:
    errors = errors_of({})
    assert set(errors) == {"asset", "network", "txid", "amount"}


def test_unknown_field_is_refused_rather_than_dropped() -> None:
    errors = errors_of(deposit(password="hunter2"))
    assert "password" in errors


@pytest.mark.parametrize("amount", ["-5", "0", "abc", "1e30", "NaN"])
def test_amount_must_be_a_positive_number(amount: str) -> None:
    assert "amount" in errors_of(deposit(amount=amount))


def test_xrp_destination_tag_must_fit_in_32_bits() -> None:
    errors = errors_of(deposit(network="XRP", txid="C" * 64, memo="4294967296"))
    assert "destination tag" in errors["memo"][0]


def test_errors_come_in_the_users_language() -> None:
    with translation.override("zh-hans"):
        errors = errors_of({})
    assert errors["asset"] == ["币种为必填项。"]
