"""WIF, BIP32 extended keys, 64-hex keys (vs TXIDs) and PEM blocks."""

from __future__ import annotations

import random

import base58
import pytest

from beacon.trust.eval import material
from beacon.trust.scanners.findings import SecretKind, Severity
from beacon.trust.scanners.secrets import scan_secrets

RNG_SEED = 11


def _rng() -> random.Random:
    return random.Random(RNG_SEED)


def _kinds(text: str, **kwargs: object) -> list[SecretKind]:
    return [f.kind for f in scan_secrets(text, **kwargs)]  # type: ignore[arg-type]


@pytest.mark.parametrize("compressed", [True, False])
@pytest.mark.parametrize("testnet", [True, False])
def test_wif_keys_are_found(compressed: bool, testnet: bool) -> None:
    key = material.wif(_rng(), compressed, testnet)

    findings = scan_secrets(f"my key is {key} help")

    assert [(f.kind, f.severity) for f in findings] == [(SecretKind.WIF_PRIVATE_KEY, Severity.CRITICAL)]
    assert findings[0].end - findings[0].start == len(key)


def test_wif_with_a_typo_is_still_reported() -> None:
    key = material.wif(_rng(), compressed=True, testnet=False)
    typo = key[:20] + ("A" if key[20] != "A" else "B") + key[21:]

    findings = scan_secrets(typo)

    assert [f.kind for f in findings] == [SecretKind.WIF_PRIVATE_KEY]
    assert findings[0].confidence < 0.99


@pytest.mark.parametrize(
    "address",
    [material.btc_legacy_address(_rng()), material.tron_address(_rng()), material.bech32_address(_rng())],
)
def test_addresses_are_not_keys(address: str) -> None:
    assert _kinds(f"please send to {address}") == []


def test_base58check_payload_with_address_version_is_not_a_wif() -> None:
    not_a_key = base58.b58encode_check(b"\x00" + bytes(range(33))).decode()

    assert _kinds(not_a_key) == []


@pytest.mark.parametrize("testnet", [False, True])
def test_bip32_master_private_keys_are_found(testnet: bool) -> None:
    xprv = material.master_xprv(_rng(), testnet)

    assert _kinds(f"exported {xprv}") == [SecretKind.EXTENDED_PRIVATE_KEY]


def test_xpub_is_reported_with_low_severity_and_is_not_redacted() -> None:
    xpub = material.xpub_shaped(_rng())

    findings = scan_secrets(f"watch-only: {xpub}")

    assert [(f.kind, f.severity, f.redactable) for f in findings] == [
        (SecretKind.EXTENDED_PUBLIC_KEY, Severity.LOW, False)
    ]


@pytest.mark.parametrize(
    "template",
    [
        "here is my private key: {h}",
        "I exported it from MetaMask {h}",
        "这是我的私钥 {h}",
        "privkey={h}",
    ],
)
def test_hex_named_as_a_key_is_a_private_key(template: str) -> None:
    assert _kinds(template.format(h=material.hex64(_rng()))) == [SecretKind.HEX_PRIVATE_KEY]


@pytest.mark.parametrize(
    "template",
    [
        "txid: {h}",
        "TXID {h} not credited",
        "交易哈希：{h}",
        "https://etherscan.io/tx/0x{h}",
        "https://mempool.space/tx/{h}",
        "tx hash 0x{h}",
        "SHA256 checksum of the installer: {h}",
        "my exported private key is fine, the deposit txid is {h}",
    ],
)
def test_hex_named_as_a_transaction_or_hash_is_not_a_key(template: str) -> None:
    assert _kinds(template.format(h=material.hex64(_rng()))) == []


def test_hex_in_a_txid_field_is_not_a_key() -> None:
    assert _kinds(material.hex64(_rng()), field="txid") == []


def test_hex_in_a_private_key_field_is_a_key() -> None:
    assert _kinds(material.hex64(_rng()), field="private_key") == [SecretKind.HEX_PRIVATE_KEY]


def test_block_hash_with_leading_zeros_is_not_a_key() -> None:
    assert _kinds(material.block_hash(_rng())) == []


def test_bare_hex_is_a_medium_severity_candidate() -> None:
    findings = scan_secrets(material.hex64(_rng()))

    assert [(f.kind, f.severity, f.redactable) for f in findings] == [
        (SecretKind.HEX_SECRET_CANDIDATE, Severity.MEDIUM, True)
    ]


def test_cue_in_the_previous_message_decides_for_a_bare_hex() -> None:
    hex_value = material.hex64(_rng())

    assert _kinds(hex_value, context=("what is the TXID of your deposit?",)) == []
    assert _kinds(hex_value, context=("ok, I will paste my private key now",)) == [SecretKind.HEX_PRIVATE_KEY]


def test_git_commit_hash_and_longer_hex_are_ignored() -> None:
    assert _kinds(f"commit {material.git_commit(_rng())} sig {material.hex64(_rng()) * 2}") == []


@pytest.mark.parametrize("label", ["EC PRIVATE KEY", "PRIVATE KEY", "RSA PRIVATE KEY", "OPENSSH PRIVATE KEY"])
def test_pem_block_is_found_up_to_its_end_line(label: str) -> None:
    block = material.pem_block(_rng(), label)
    text = f"key file:\n{block}\nthanks"

    findings = scan_secrets(text)

    assert [f.kind for f in findings] == [SecretKind.PEM_PRIVATE_KEY]
    assert text[findings[0].start : findings[0].end] == block


def test_truncated_pem_block_is_taken_up_to_the_prose() -> None:
    block = material.pem_block(_rng(), "EC PRIVATE KEY").rsplit("\n", 1)[0]
    text = f"{block}\nplease help"

    findings = scan_secrets(text)

    assert text[findings[0].start : findings[0].end] == block
