# ruff: noqa: E501  (prose and Chinese text read better unwrapped)
"""Demo help center: a category tree, 44 bilingual articles and FAQs (linked as translations),
announcements and search synonyms. Idempotent: what exists is kept, nothing is duplicated."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any, TextIO

from django.utils import timezone

from beacon.core.search import services as search_services
from beacon.core.search.models import SynonymGroup
from beacon.helpcenter.demo_content_accounts import ACCOUNTS
from beacon.helpcenter.demo_content_funds import FUNDS
from beacon.helpcenter.enums import AnnouncementKind, ArticleStatus
from beacon.helpcenter.models import Announcement, Article, Category
from beacon.helpcenter.services import announcements as announcement_services
from beacon.helpcenter.services import articles as article_services

DEMO_NAMESPACE = uuid.UUID("0b6f3f5e-3c3e-4c55-8f0e-6d1c1f4f6a10")

# slug, parent, English name, Chinese name, English description, Chinese description
CATEGORIES = [
    (
        "funds",
        "",
        "Deposits & withdrawals",
        "充币与提币",
        "Missing deposits, networks, fees.",
        "充币未到账、网络选择、手续费。",
    ),
    ("deposits", "funds", "Deposits", "充币", "", ""),
    ("withdrawals", "funds", "Withdrawals", "提币", "", ""),
    ("security", "", "Account security", "账户安全", "2FA, phishing, hacked accounts.", "双重验证、防钓鱼、账户被盗。"),
    ("two-factor", "security", "Two-factor authentication", "双重验证", "", ""),
    ("account-security", "security", "Phishing & hacked accounts", "防钓鱼与账户被盗", "", ""),
    (
        "verification",
        "",
        "Identity verification",
        "身份认证",
        "KYC levels, documents, failures.",
        "认证等级、所需材料、失败原因。",
    ),
    ("trading", "", "Trading", "交易", "Futures and P2P.", "合约与 P2P 交易。"),
    ("futures", "trading", "Futures", "合约", "", ""),
    ("p2p", "trading", "P2P", "P2P 交易", "", ""),
    ("api", "", "API", "API 接口", "Keys, permissions, errors.", "密钥、权限、报错。"),
]
SYNONYMS = [
    "充值, 充币, 入金, deposit, top up",
    "提现, 提币, 出金, withdraw, withdrawal, cash out",
    "双重验证, 二次验证, 两步验证, 谷歌验证, 谷歌验证器, 2FA, two factor authentication, authenticator",
    "实名认证, 身份认证, KYC, identity verification",
    "爆仓, 强平, 强制平仓, liquidation",
    "助记词, seed phrase, mnemonic, recovery phrase",
    "防钓鱼码, anti phishing code",
    "合约, futures, perpetual",
    "到账, 入账, credited, arrived",
    "P2P, C2C, 场外交易, OTC",
    "错链, 转错网络, wrong network",
]


def _announcements() -> list[dict[str, Any]]:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    return [
        {
            "slug": "tron-network-upgrade",
            "kind": AnnouncementKind.MAINTENANCE,
            "title_en": "Scheduled wallet maintenance: TRON (TRC20) network upgrade",
            "title_zh": "钱包维护公告：波场（TRC20）网络升级",
            "body_en": "Deposits and withdrawals of TRX and TRC20 tokens (including USDT-TRC20) are paused during the "
            "upgrade. Trading is not affected. Deposits sent during the maintenance are credited afterwards.",
            "body_zh": "升级期间将暂停 TRX 及 TRC20 代币（包括 USDT-TRC20）的充币和提币，交易不受影响。维护期间发起的充币将在维护结束后到账。",
            "starts_at": now + timedelta(hours=6),
            "ends_at": now + timedelta(hours=8),
            "affected": ["TRX", "USDT", "TRC20"],
            "pinned": True,
        },
        {
            "slug": "fake-support-accounts",
            "kind": AnnouncementKind.SECURITY,
            "title_en": "Beware of fake support accounts on Telegram and WhatsApp",
            "title_zh": "警惕 Telegram 和 WhatsApp 上的假冒客服",
            "body_en": "Support never messages you first and never asks for your password, 2FA codes or seed phrase. "
            "Check any account on the official channel verification page.",
            "body_zh": "客服不会主动私信您，也绝不会索要密码、双重验证码或助记词。请在官方渠道验证页面核实任何账号。",
            "starts_at": now - timedelta(days=3),
            "ends_at": None,
            "affected": [],
            "pinned": True,
        },
        {
            "slug": "btc-deposit-delays-resolved",
            "kind": AnnouncementKind.INCIDENT,
            "title_en": "Delayed BTC deposits (resolved)",
            "title_zh": "BTC 充币延迟（已恢复）",
            "body_en": "BTC deposits were credited late because of a node synchronisation problem. All deposits have "
            "now been credited.",
            "body_zh": "由于节点同步问题，BTC 充币出现延迟到账。目前所有充币均已到账。",
            "starts_at": now - timedelta(days=2, hours=4),
            "ends_at": now - timedelta(days=2),
            "affected": ["BTC"],
            "pinned": False,
        },
        {
            "slug": "new-listing-arb",
            "kind": AnnouncementKind.LISTING,
            "title_en": "New listing: Arbitrum (ARB) spot trading",
            "title_zh": "上新公告：Arbitrum（ARB）现货交易",
            "body_en": "ARB/USDT spot trading opens today. Deposits are open on the Arbitrum One network.",
            "body_zh": "ARB/USDT 现货交易今日开放，充币已在 Arbitrum One 网络开放。",
            "starts_at": now - timedelta(days=1),
            "ends_at": None,
            "affected": ["ARB"],
            "pinned": False,
        },
    ]


def _categories() -> dict[str, Category]:
    nodes: dict[str, Category] = {}
    for position, (slug, parent, name_en, name_zh, desc_en, desc_zh) in enumerate(CATEGORIES):
        nodes[slug], _created = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "parent": nodes.get(parent),
                "name_en": name_en,
                "name_zh": name_zh,
                "description_en": desc_en,
                "description_zh": desc_zh,
                "position": position,
            },
        )
    return nodes


def _articles(categories: dict[str, Category]) -> int:
    created = 0
    for position, topic in enumerate([*FUNDS, *ACCOUNTS]):
        key = uuid.uuid5(DEMO_NAMESPACE, topic["key"])
        original: Article | None = None
        for language, content in (("en", topic["en"]), ("zh-hans", topic["zh"])):
            existing = Article.objects.filter(translation_key=key, language=language).first()
            if existing is not None:
                original = original or existing
                continue
            article = article_services.create_article(
                None,
                language=language,
                category=categories[topic["category"]],
                title=content["title"],
                body=content["body"],
                kind=topic["kind"],
                phrasings=content["phrasings"],
                slug=topic["key"],
                translation_of=original,
                status=ArticleStatus.PUBLISHED,
                position=position,
            )
            if original is None:
                Article.objects.filter(pk=article.pk).update(translation_key=key)
                article.translation_key = key
                original = article
            created += 1
    return created


def load(stdout: TextIO | Any | None = None) -> None:
    """Create the demo help center (idempotent). Writes go through the services, so the search
    index is filled after each commit, exactly as in production."""
    categories = _categories()
    created = _articles(categories)
    for spec in _announcements():
        if not Announcement.objects.filter(slug=spec["slug"]).exists():
            announcement_services.save_announcement(None, None, is_published=True, **spec)
    if not SynonymGroup.objects.exists():
        for terms in SYNONYMS:
            search_services.save_synonym_group(None, None, terms)
    if stdout is not None:
        total = Article.objects.count()
        stdout.write(
            f"  help center: {created} new articles ({total} in all), {Announcement.objects.count()} announcements"
        )
