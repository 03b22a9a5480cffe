"""Demo forum: categories and a few bilingual threads with an accepted official answer. Idempotent."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from beacon.accounts.models import User
from beacon.forum.enums import ThreadKind
from beacon.forum.models import ForumCategory, Thread
from beacon.forum.services import posting
from beacon.helpcenter.models import Category as HelpCategory

CATEGORIES = [
    (
        "deposits-withdrawals",
        "Deposits & withdrawals",
        "充值与提现",
        "Networks, memos, confirmations.",
        "网络、备注、确认数。",
    ),
    ("trading", "Trading", "交易", "Spot, futures and orders.", "现货、合约与订单。"),
    ("security", "Account security", "账户安全", "2FA, phishing, safe habits.", "双重验证、钓鱼、安全习惯。"),
]
THREADS: list[dict[str, Any]] = [
    {
        "category": "deposits-withdrawals",
        "asker": "customer@beacon.localhost",
        "title": "Which network should I pick to deposit USDT?",
        "body": "My wallet offers ERC-20 and TRC-20. Does it matter which one I choose on the deposit page?",
        "replies": [
            ("sam@beacon.localhost", "I always use TRC-20, fees are lower. Just make sure both sides match."),
            (
                "agent@beacon.localhost",
                "Both work, but the network you pick on the deposit page must be the network your wallet sends on. "
                "A deposit sent on another network is not lost, but it needs a manual recovery. TRC-20 has lower fees.",
            ),
        ],
        "accept": 1,
    },
    {
        "category": "deposits-withdrawals",
        "asker": "wang.fang@beacon.localhost",
        "title": "充值XRP需要填写标签（Tag）吗？",
        "body": "我从另一个交易所提XRP过来，对方页面有一个“标签”选项，可以不填吗？",
        "replies": [
            (
                "agent@beacon.localhost",
                "需要填写。XRP 充值必须同时填写地址和标签（Destination Tag），标签用于识别您的账户。"
                "漏填标签的充值需要人工找回，请在充值页面复制完整的标签。",
            ),
        ],
        "accept": 0,
    },
    {
        "category": "security",
        "asker": "lena@beacon.localhost",
        "title": "Someone on Telegram says he is support and asks for my 2FA code",
        "body": "He has the logo and says my account will be frozen. Is this real?",
        "replies": [
            (
                "agent@beacon.localhost",
                "No. Support never messages you first and never asks for 2FA codes, passwords or seed phrases. "
                "Check any account on the Verify page and report it there. Block him and do not click his links.",
            ),
        ],
        "accept": 0,
    },
]


@transaction.atomic
def load_demo() -> int:
    """Create what is missing; returns the number of threads created."""
    help_category = HelpCategory.objects.filter(is_active=True).first()
    for position, (slug, en, zh, desc_en, desc_zh) in enumerate(CATEGORIES):
        ForumCategory.objects.get_or_create(
            slug=slug,
            defaults={
                "name_en": en,
                "name_zh": zh,
                "description_en": desc_en,
                "description_zh": desc_zh,
                "position": position,
                "helpcenter_category": help_category,
            },
        )
    created = 0
    for spec in THREADS:
        if Thread.objects.filter(title=spec["title"]).exists():
            continue
        asker = User.objects.filter(email=spec["asker"]).first()
        if asker is None:
            continue
        category = ForumCategory.objects.get(slug=spec["category"])
        thread = posting.start_thread(asker, category, ThreadKind.QUESTION, spec["title"], spec["body"]).thread
        replies = [posting.reply(User.objects.get(email=email), thread, text).post for email, text in spec["replies"]]
        posting.accept_answer(asker, replies[spec["accept"]])
        created += 1
    return created
