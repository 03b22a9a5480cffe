"""Real secrets and look-alike identifiers, made with the same libraries wallets use.

Everything takes a seeded ``random.Random`` so the corpus is the same on every run.
Seed phrases come from ``mnemonic.Mnemonic.to_mnemonic`` over seeded entropy, which
is exactly what ``Mnemonic.generate`` does with ``secrets.token_bytes`` (not seedable).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import random
import string

import base58
from mnemonic import Mnemonic

BIP39_LANGUAGES = (
    "english", "chinese_simplified", "chinese_traditional", "japanese", "korean",
    "spanish", "french", "italian", "czech", "portuguese",
)  # fmt: skip
STRENGTHS = (128, 160, 192, 224, 256)
_BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def seed_phrase(rng: random.Random, language: str, strength: int) -> list[str]:
    phrase = Mnemonic(language).to_mnemonic(rng.randbytes(strength // 8))
    return phrase.split("\u3000" if language == "japanese" else " ")


def wif(rng: random.Random, compressed: bool, testnet: bool) -> str:
    payload = bytes([0xEF if testnet else 0x80]) + rng.randbytes(32)
    if compressed:
        payload += b"\x01"
    return base58.b58encode_check(payload).decode()


def master_xprv(rng: random.Random, testnet: bool = False) -> str:
    """A real BIP32 master key: HMAC-SHA512("Bitcoin seed", BIP39 seed)."""
    words = seed_phrase(rng, "english", 128)
    seed = Mnemonic.to_seed(" ".join(words))
    digest = hmac.new(b"Bitcoin seed", seed, hashlib.sha512).digest()
    version = bytes.fromhex("04358394" if testnet else "0488ADE4")
    payload = version + b"\x00" * 9 + digest[32:] + b"\x00" + digest[:32]
    return base58.b58encode_check(payload).decode()


def xpub_shaped(rng: random.Random) -> str:
    """Version 0x0488B21E and a 33-byte compressed-point-shaped key (not on the curve)."""
    point = bytes([rng.choice((2, 3))]) + rng.randbytes(32)
    payload = bytes.fromhex("0488B21E") + b"\x00" * 9 + rng.randbytes(32) + point
    return base58.b58encode_check(payload).decode()


def pem_block(rng: random.Random, label: str) -> str:
    body = base64.b64encode(rng.randbytes(121 if "EC" in label else 138)).decode()
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----"])


def hex64(rng: random.Random) -> str:
    return rng.randbytes(32).hex()


def block_hash(rng: random.Random) -> str:
    zeros = rng.randint(16, 20)
    return "0" * zeros + rng.randbytes(32).hex()[zeros:]


def git_commit(rng: random.Random) -> str:
    return rng.randbytes(20).hex()


def btc_legacy_address(rng: random.Random) -> str:
    version = rng.choice((b"\x00", b"\x05"))
    return base58.b58encode_check(version + rng.randbytes(20)).decode()


def tron_address(rng: random.Random) -> str:
    return base58.b58encode_check(b"\x41" + rng.randbytes(20)).decode()


def eth_address(rng: random.Random) -> str:
    return "0x" + rng.randbytes(20).hex()


def bech32_address(rng: random.Random) -> str:
    """A segwit v0 P2WPKH address with a valid BIP173 checksum."""
    program = _convert_bits(rng.randbytes(20))
    data = [0, *program]
    checksum = _bech32_checksum("bc", data)
    return "bc1" + "".join(_BECH32_CHARSET[v] for v in data + checksum)


def _convert_bits(data: bytes) -> list[int]:
    accumulator, bits, out = 0, 0, []
    for byte in data:
        accumulator = accumulator << 8 | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            out.append(accumulator >> bits & 31)
    if bits:
        out.append(accumulator << (5 - bits) & 31)
    return out


def _bech32_checksum(hrp: str, data: list[int]) -> list[int]:
    values = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + data
    polymod = _polymod([*values, 0, 0, 0, 0, 0, 0]) ^ 1
    return [polymod >> 5 * (5 - i) & 31 for i in range(6)]


def _polymod(values: list[int]) -> int:
    generators = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for bit, generator in enumerate(generators):
            if top >> bit & 1:
                checksum ^= generator
    return checksum


def api_credential(rng: random.Random, length: int = 64) -> str:
    alphabet = string.ascii_letters + string.digits
    while True:
        value = "".join(rng.choice(alphabet) for _ in range(length))
        if any(c.isdigit() for c in value) and any(c.isalpha() for c in value):
            return value


def uuid_like(rng: random.Random) -> str:
    raw = rng.randbytes(16).hex()
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


def totp_secret(rng: random.Random, length: int = 16) -> str:
    alphabet = string.ascii_uppercase + "234567"
    while True:
        value = "".join(rng.choice(alphabet) for _ in range(length))
        if any(c.isdigit() for c in value):
            return value


def digits(rng: random.Random, count: int) -> str:
    return str(rng.randint(10 ** (count - 1), 10**count - 1))
