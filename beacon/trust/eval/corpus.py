"""A labelled, deterministic corpus for measuring the secret scanner.

Positives are real secrets made with the libraries wallets use (see ``material``);
negatives are the identifiers a support desk handles all day and that look like
secrets: TXIDs, block hashes, addresses, xpubs, commit hashes, checksums, order
numbers, and ordinary messages full of BIP39 words.

``Case.expected`` holds every kind the scanner should report. A bare 64-hex value
with no context is labelled ``hex_secret_candidate`` (the documented behaviour of
``keys.py``), and xpubs ``extended_public_key``; neither is redacted.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from beacon.trust.eval import material
from beacon.trust.eval.texts import (
    AGENT_REPLIES,
    CHINESE_KEY_TEMPLATES,
    CHINESE_MESSAGES,
    CHINESE_SEED_TEMPLATES,
    ENGLISH_KEY_TEMPLATES,
    ENGLISH_MESSAGES,
    ENGLISH_SEED_TEMPLATES,
    GENERIC_TEMPLATES,
)
from beacon.trust.scanners.findings import SecretKind

DEFAULT_SEED = 20240601
_K = SecretKind


@dataclass(frozen=True, slots=True)
class Case:
    text: str
    expected: frozenset[SecretKind]
    category: str
    field: str | None = None
    context: tuple[str, ...] = ()


def _case(text: str, category: str, *kinds: SecretKind, **extra: object) -> Case:
    return Case(text, frozenset(kinds), category, **extra)  # type: ignore[arg-type]


# --- seed phrase layouts -------------------------------------------------------------


def _circled(number: int) -> str:
    return chr(0x2460 + number - 1) if number <= 20 else chr(0x3251 + number - 21)


def _with_zero_width(words: list[str], rng: random.Random) -> str:
    def split(word: str) -> str:
        if len(word) < 3 or rng.random() < 0.5:
            return word
        cut = rng.randint(1, len(word) - 1)
        return word[:cut] + "\u200b" + word[cut:]

    return " ".join(split(w) for w in words)


LAYOUTS: dict[str, Callable[[list[str], random.Random], str]] = {
    "spaces": lambda w, r: " ".join(w),
    "numbered_dot": lambda w, r: "\n".join(f"{i}. {x}" for i, x in enumerate(w, 1)),
    "numbered_paren": lambda w, r: " ".join(f"{i}) {x}" for i, x in enumerate(w, 1)),
    "paren_numbered": lambda w, r: " ".join(f"({i}){x}" for i, x in enumerate(w, 1)),
    "circled": lambda w, r: " ".join(f"{_circled(i)}{x}" for i, x in enumerate(w, 1)),
    "commas": lambda w, r: ", ".join(w),
    "fullwidth_commas": lambda w, r: "，".join(w),
    "newlines": lambda w, r: "\n".join(w),
    "ideographic_space": lambda w, r: "\u3000".join(w),
    "zero_width": _with_zero_width,
    "upper_case": lambda w, r: " ".join(x.upper() for x in w),
    "double_spaces": lambda w, r: "  ".join(w),
}
_LATIN = ("english", "spanish", "french", "italian", "czech", "portuguese")


def _typed_prefix(word: str) -> str:
    """What a person types for a 4-letter abbreviation: four letters, accents composed."""
    return unicodedata.normalize("NFC", word)[:4]


def _seed_cases(rng: random.Random) -> list[Case]:
    cases: list[Case] = []
    layouts = list(LAYOUTS)
    for language in material.BIP39_LANGUAGES:
        templates = CHINESE_SEED_TEMPLATES if "chinese" in language else ENGLISH_SEED_TEMPLATES
        for strength in material.STRENGTHS:
            for _ in range(2):
                words = material.seed_phrase(rng, language, strength)
                layout = rng.choice(layouts)
                secret = LAYOUTS[layout](words, rng)
                text = rng.choice(templates).format(secret=secret)
                category = f"seed/{language}/{len(words)}w/{layout}"
                cases.append(_case(text, category, _K.SEED_PHRASE))
    for language in _LATIN:
        for strength in (128, 256):
            words = material.seed_phrase(rng, language, strength)
            text = rng.choice(ENGLISH_SEED_TEMPLATES).format(secret=" ".join(_typed_prefix(w) for w in words))
            cases.append(_case(text, f"seed/{language}/prefix4", _K.SEED_PHRASE))
    for language in ("chinese_simplified", "chinese_traditional"):
        for strength in material.STRENGTHS:
            secret = "".join(material.seed_phrase(rng, language, strength))
            text = rng.choice(CHINESE_SEED_TEMPLATES).format(secret=secret)
            cases.append(_case(text, f"seed/{language}/unspaced", _K.SEED_PHRASE))
    return cases


def _seed_edge_cases(rng: random.Random) -> list[Case]:
    cases: list[Case] = []
    for language in ("english", "spanish", "chinese_simplified", "japanese", "korean"):
        for cut in (6, 8, 11):
            words = material.seed_phrase(rng, language, 128)
            sep = "\u3000" if language == "japanese" else " "
            first, rest = sep.join(words[:cut]), sep.join(words[cut:])
            context = ("hello, I need help with my wallet", f"first part: {first}")
            cases.append(_case(rest, f"seed/split/{language}/{cut}", _K.SEED_PHRASE, context=context))
    for language in ("english", "french", "italian", "czech"):
        for count in (6, 9):
            words = material.seed_phrase(rng, language, 128)[:count]
            text = f"the first {count} words are: {' '.join(words)} the rest I forgot"
            cases.append(_case(text, f"partial/{language}/{count}", _K.PARTIAL_SEED_PHRASE))
    for language in ("english", "spanish", "portuguese"):
        words = material.seed_phrase(rng, language, 128)
        index = rng.randint(2, 9)
        words[index] = words[index][:-1] + "qx"  # a typo no word list contains
        text = f"my phrase is {' '.join(words)} but the wallet says invalid"
        cases.append(_case(text, f"seed/typo/{language}", _K.SEED_PHRASE))
    return cases


# --- keys and credentials -------------------------------------------------------------


def _key_cases(rng: random.Random) -> list[Case]:
    cases: list[Case] = []
    for compressed in (True, False):
        for testnet in (False, True):
            for _ in range(5):
                secret = material.wif(rng, compressed, testnet)
                text = rng.choice(GENERIC_TEMPLATES + ENGLISH_KEY_TEMPLATES).format(secret=secret)
                category = f"wif/{'testnet' if testnet else 'mainnet'}/{compressed=}"
                cases.append(_case(text, category, _K.WIF_PRIVATE_KEY))
    for testnet in (False, True):
        for _ in range(6):
            secret = material.master_xprv(rng, testnet)
            text = rng.choice(GENERIC_TEMPLATES).format(secret=secret)
            cases.append(_case(text, f"xprv/{testnet=}", _K.EXTENDED_PRIVATE_KEY))
    for _ in range(10):
        text = rng.choice(("my xpub for the watch-only wallet: {secret}", "请帮我查 {secret} 的余额")).format(
            secret=material.xpub_shaped(rng)
        )
        cases.append(_case(text, "xpub", _K.EXTENDED_PUBLIC_KEY))
    for label in ("EC PRIVATE KEY", "PRIVATE KEY", "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY"):
        for template in ("my key file:\n{secret}\nthanks", "{secret}"):
            text = template.format(secret=material.pem_block(rng, label))
            cases.append(_case(text, f"pem/{label}", _K.PEM_PRIVATE_KEY))
    for template in ENGLISH_KEY_TEMPLATES + CHINESE_KEY_TEMPLATES:
        for prefix in ("", "0x"):
            text = template.format(secret=prefix + material.hex64(rng))
            cases.append(_case(text, "hex_key/context", _K.HEX_PRIVATE_KEY))
    for _ in range(4):
        cases.append(_case(material.hex64(rng), "hex_key/field", _K.HEX_PRIVATE_KEY, field="private_key"))
    return cases


def _credential_cases(rng: random.Random) -> list[Case]:
    api_templates = (
        "binance api key: {key} secret: {secret}",
        "API Key\n{key}\nSecret Key\n{secret}",
        "我的API Key是{key}，密钥是{secret}，帮我看看为什么报错",
        "okx apikey={key} secret={secret} passphrase is missing?",
        "bybit api:\n{key}\n{secret}",
    )
    cases = [
        _case(
            t.format(key=material.api_credential(rng), secret=material.api_credential(rng)),
            "api_secret",
            _K.EXCHANGE_API_SECRET,
        )
        for t in api_templates
        for _ in range(2)
    ]
    totp_templates = (
        "my google authenticator setup key is {secret}",
        "2FA backup key: {secret}",
        "谷歌验证密钥 {secret} 帮我重置",
        "otpauth://totp/Exchange:me@example.com?secret={secret}&issuer=Exchange",
    )
    for template in totp_templates:
        for length in (16, 32):
            text = template.format(secret=material.totp_secret(rng, length))
            cases.append(_case(text, "totp", _K.TOTP_SECRET))
    passwords = ("Hunter2024!", "abc12345", "Qw3rty#99", "P@ssw0rd2023", "135790")
    password_templates = (
        "my password is {p}",
        "password: {p}",
        "pwd {p} please login and check",
        "我的密码是{p}请帮我看看",
        "登录密码：{p}",
        "资金密码 {p}",
    )
    cases += [
        _case(t.format(p=rng.choice(passwords)), "password", _K.PASSWORD) for t in password_templates for _ in range(2)
    ]
    otp_templates = (
        "2FA code {c}",
        "验证码 {c}",
        "google code is {c}",
        "谷歌验证码：{c}",
        "the sms code is {c}, hurry",
        "My authenticator code: {c}",
    )
    cases += [_case(t.format(c=material.digits(rng, 6)), "otp", _K.OTP_CODE) for t in otp_templates for _ in range(2)]
    return cases


# --- negatives ---------------------------------------------------------------------------


def _identifier_negatives(rng: random.Random) -> list[Case]:
    cases: list[Case] = []
    txid_sentences = (
        "txid: {h}",
        "The TXID is {h}, please check",
        "交易哈希：{h}",
        "我的充值交易哈希是 {h} 还没到账",
        "https://etherscan.io/tx/0x{h}",
        "see https://bscscan.com/tx/0x{h} for the transfer",
        "https://mempool.space/tx/{h}",
        "tx hash 0x{h} still pending",
        "Transaction ID {h} shows success on the explorer",
        "区块浏览器显示 {h} 已确认",
    )
    for template in txid_sentences:
        for _ in range(3):
            cases.append(_case(template.format(h=material.hex64(rng)), "negative/txid_sentence"))
    for field_name in ("txid", "tx_hash", "transaction_hash"):
        for _ in range(5):
            cases.append(_case(material.hex64(rng), "negative/txid_field", field=field_name))
    for _ in range(5):
        cases.append(_case(f"block {material.block_hash(rng)}", "negative/block_hash"))
        cases.append(_case(material.block_hash(rng), "negative/block_hash"))
    makers: tuple[Callable[[random.Random], str], ...] = (
        material.btc_legacy_address,
        material.bech32_address,
        material.eth_address,
        material.tron_address,
    )
    for make in makers:
        for template in ("please send to {a}", "我的充值地址是{a}", "withdraw to {a} on binance"):
            cases.append(_case(template.format(a=make(rng)), "negative/address"))
    for _ in range(5):
        cases.append(_case(f"fixed in commit {material.git_commit(rng)}", "negative/git"))
        cases.append(_case(f"SHA256 checksum of wallet.dmg: {material.hex64(rng)}", "negative/checksum"))
    for template in (
        "my order number is {n}",
        "订单号 {n}",
        "order {n} not filled",
        "UID {n}",
        "P2P订单号：{n}",
    ):
        for count in (6, 8, 12):
            cases.append(_case(template.format(n=material.digits(rng, count)), "negative/order"))
    for _ in range(5):
        cases.append(_case(f"order id {material.uuid_like(rng)}", "negative/order_uuid"))
    return cases


def _message_negatives() -> list[Case]:
    return [
        *(_case(t, "negative/english_message") for t in ENGLISH_MESSAGES),
        *(_case(t, "negative/chinese_message") for t in CHINESE_MESSAGES),
        *(_case(t, "negative/agent_reply") for t in AGENT_REPLIES),
    ]


def _ambiguous_hex(rng: random.Random) -> list[Case]:
    return [_case(material.hex64(rng), "ambiguous/bare_hex", _K.HEX_SECRET_CANDIDATE) for _ in range(5)]


def build_corpus(seed: int = DEFAULT_SEED) -> list[Case]:
    """Every case, in a fixed order, for a fixed seed."""
    rng = random.Random(seed)  # noqa: S311 (reproducible test data, not key material)
    return [
        *_seed_cases(rng),
        *_seed_edge_cases(rng),
        *_key_cases(rng),
        *_credential_cases(rng),
        *_identifier_negatives(rng),
        *_message_negatives(),
        *_ambiguous_hex(rng),
    ]
