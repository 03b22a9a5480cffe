from __future__ import annotations

import pytest

from beacon.bot.classifier.training import Example
from beacon.tickets.models import Category
from beacon.tickets.tests.factories import CategoryFactory

# Small synthetic labelled data: three categories, English and Chinese, eight examples each.
SYNTHETIC: dict[str, list[str]] = {
    "deposit": [
        "My deposit has not arrived",
        "The USDT I sent is not in my balance",
        "Deposit still not credited after two hours",
        "I deposited BTC yesterday and cannot see it",
        "充值还没到账",
        "我充的币没有到账",
        "充值两个小时了还没到",
        "昨天充值的USDT没有显示",
    ],
    "kyc": [
        "My identity verification failed",
        "The passport photo upload is rejected",
        "Face recognition does not work",
        "KYC review is taking a week",
        "实名认证失败",
        "护照照片上传不了",
        "人脸识别一直失败",
        "身份认证审核太久了",
    ],
    "futures": [
        "My futures position was liquidated",
        "Liquidation happened before the liquidation price",
        "The funding fee on my perpetual contract is wrong",
        "How do I switch to isolated margin",
        "合约仓位被强平了",
        "还没到强平价格就爆仓了",
        "永续合约资金费率不对",
        "怎么切换逐仓保证金",
    ],
}


def synthetic_examples() -> list[Example]:
    return [Example(text, category) for category, texts in SYNTHETIC.items() for text in texts]


def synthetic_csv() -> bytes:
    lines = ["text,category", *(f'"{e.text}",{e.category}' for e in synthetic_examples())]
    return "\n".join(lines).encode()


@pytest.fixture
def demo_categories(db: None, deposit: Category, general: Category) -> dict[str, Category]:
    """The demo catalogue's categories the tests talk about (deposit and general from beacon/conftest.py)."""
    others = {
        slug: CategoryFactory(slug=slug, name_en=en, name_zh=zh)
        for slug, en, zh in [
            ("withdrawal", "Withdrawal", "提现问题"),
            ("account-security", "Account security", "账户安全"),
            ("kyc", "Identity verification (KYC)", "身份认证 (KYC)"),
            ("futures", "Futures / liquidation", "合约 / 强平"),
        ]
    }
    return {"deposit": deposit, "general": general, **others}
