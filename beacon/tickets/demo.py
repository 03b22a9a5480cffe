"""Demo triage settings: business calendars, SLA policies, support tiers, priority rules, macros.

Idempotent: anything that already exists (by name) is left as it is. Everything goes through the
same services supervisors use, so the demo data passes the same checks."""

from __future__ import annotations

from typing import Any, TextIO

from django.db import transaction

from beacon.accounts.enums import SUPERVISING_ROLES
from beacon.accounts.models import Team, User
from beacon.tickets.enums import Priority, Status
from beacon.tickets.escalation.models import TeamTier
from beacon.tickets.macros.models import Macro
from beacon.tickets.macros.services import MacroInput, save_macro
from beacon.tickets.models import Category
from beacon.tickets.rules.conditions import parse_field_conditions
from beacon.tickets.rules.models import PriorityRule
from beacon.tickets.rules.services import RuleInput, save_rule
from beacon.tickets.sla.models import BusinessCalendar, SlaPolicy
from beacon.tickets.sla.services import CalendarInput, PolicyInput, save_calendar, save_policy

OFFICE_SHIFTS = "mon-fri 09:00-12:00 13:00-18:00\nsat 10:00-14:00"
# Mainland China public holidays 2026 (demo data: check the official calendar before relying on it).
CN_HOLIDAYS_2026 = """\
2026-01-01..2026-01-03 元旦 New Year
2026-02-15..2026-02-23 春节 Spring Festival
2026-04-04..2026-04-06 清明节 Qingming
2026-05-01..2026-05-05 劳动节 Labour Day
2026-06-19..2026-06-21 端午节 Dragon Boat Festival
2026-09-25..2026-09-27 中秋节 Mid-Autumn Festival
2026-10-01..2026-10-07 国庆节 National Day"""

THEFT_WORDS = [
    "被盗",
    "盗号",
    "被黑",
    "未授权",
    "未经授权",
    "资产被转走",
    "stolen",
    "hacked",
    "unauthorized",
    "unauthorised",
    "drained",
]

MACROS: list[dict[str, Any]] = [
    {
        "name": "Ask for the TXID",
        "body_en": (
            "Hello {customer_name},\n\nTo trace your transfer we need its transaction ID (TXID / hash). "
            "You find it in the sending wallet's or exchange's withdrawal details. "
            "Please reply to {reference} with it.\n\n{agent_name}"
        ),
        "body_zh": (
            "{customer_name}您好，\n\n为了追踪您的转账，我们需要交易哈希（TXID）。"
            "您可以在转出钱包或交易所的提现详情中找到。请在工单 {reference} 中回复给我们。\n\n{agent_name}"
        ),
        "set_status": Status.PENDING,
    },
    {
        "name": "Deposit credited",
        "body_en": (
            "Hello {customer_name},\n\nyour deposit ({field:amount} {field:asset}) has been credited to your "
            "account. Thank you for your patience.\n\n{agent_name}"
        ),
        "body_zh": (
            "{customer_name}您好，\n\n您的充值（{field:amount} {field:asset}）已到账，"
            "感谢您的耐心等待。\n\n{agent_name}"
        ),
        "set_status": Status.SOLVED,
    },
    {
        "name": "Wrong network: recovery possible",
        "body_en": (
            "Hello {customer_name},\n\nthe funds were sent on a network this address does not support. "
            "Recovery is possible but takes up to 14 working days. We have started it under {reference}."
            "\n\n{agent_name}"
        ),
        "body_zh": (
            "{customer_name}您好，\n\n该笔资产通过不支持的网络转入。可以找回，但需要最多 14 个工作日，"
            "我们已在工单 {reference} 中为您发起找回流程。\n\n{agent_name}"
        ),
        "set_status": Status.ON_HOLD,
    },
    {
        "name": "Security: account locked",
        "body_en": (
            "Hello {customer_name},\n\nwe have locked your account to protect your funds. Please reset your "
            "password and 2FA yourself from the security page; we will never ask you for them."
            "\n\n{agent_name} ({agent_id})"
        ),
        "body_zh": (
            "{customer_name}您好，\n\n为保护您的资产，我们已冻结您的账户。请在安全中心自行重置密码和双重验证；"
            "我们绝不会向您索取这些信息。\n\n{agent_name}（{agent_id}）"
        ),
        "set_priority": Priority.P1,
    },
]


def _actor() -> User | None:
    return User.objects.filter(role__in=SUPERVISING_ROLES, is_active=True).order_by("pk").first()


@transaction.atomic
def load(stdout: TextIO | Any | None = None) -> None:
    actor = _actor()
    if actor is None:
        if stdout is not None:
            stdout.write("  triage demo skipped: no supervisor account yet\n")
        return
    teams = {t.slug: t for t in Team.objects.all()}
    categories = {c.slug: c for c in Category.objects.all()}
    office = _calendar(actor, "Shanghai office (demo)", "Asia/Shanghai", OFFICE_SHIFTS, CN_HOLIDAYS_2026)
    around = _calendar(actor, "Around the clock", "UTC", "", "", always_open=True)
    _policy(actor, "P1 urgent · 24/7", Priority.P1, None, 15, 30, 4 * 60)
    _policy(actor, "P2 high · office hours", Priority.P2, office, 60, 120, 8 * 60)
    _policy(actor, "P3 normal · office hours", Priority.P3, office, 4 * 60, 8 * 60, 3 * 8 * 60)
    _policy(actor, "P4 low · office hours", Priority.P4, office, 8 * 60, 16 * 60, 5 * 8 * 60)
    _policy(actor, "VIP 3+ high · 24/7", Priority.P2, around, 30, 60, 8 * 60, min_vip_level=3)
    for slug, level, up in (
        ("general", 1, None),
        ("verification", 2, None),
        ("funds", 2, "security"),
        ("security", 3, None),
    ):
        if slug in teams:
            TeamTier.objects.get_or_create(
                team=teams[slug], defaults={"level": level, "escalates_to": teams.get(up or "")}
            )
    if "security" in teams:
        _rule(
            actor,
            RuleInput(
                name="Theft or unauthorized access",
                words=THEFT_WORDS,
                priority=Priority.P1,
                team=teams["security"],
                position=10,
            ),
        )
    if "deposit" in categories:
        _rule(
            actor,
            RuleInput(
                name="Large stablecoin deposits",
                categories=[categories["deposit"]],
                field_conditions=parse_field_conditions("asset in USDT, USDC\namount > 10000"),
                priority=Priority.P1,
                position=20,
            ),
        )
    _rule(actor, RuleInput(name="VIP 5 and above", min_vip_level=5, priority=Priority.P2, position=30))
    for spec in MACROS:
        if not Macro.objects.filter(name=spec["name"]).exists():
            save_macro(actor, MacroInput(**spec))
    if stdout is not None:
        stdout.write("  triage demo: calendars, SLA policies, tiers, priority rules and macros\n")


def _calendar(
    actor: User, name: str, tz: str, shifts: str, holidays: str, *, always_open: bool = False
) -> BusinessCalendar:
    existing = BusinessCalendar.objects.filter(name=name).first()
    if existing is not None:
        return existing
    return save_calendar(actor, CalendarInput(name, tz, always_open, shifts, holidays))


def _policy(
    actor: User,
    name: str,
    priority: int,
    calendar: BusinessCalendar | None,
    first: int,
    next_: int,
    resolution: int,
    *,
    min_vip_level: int | None = None,
) -> None:
    if SlaPolicy.objects.filter(name=name).exists():
        return
    save_policy(
        actor,
        PolicyInput(
            name=name,
            priority=priority,
            first_response_minutes=first,
            next_response_minutes=next_,
            resolution_minutes=resolution,
            calendar=calendar,
            min_vip_level=min_vip_level,
        ),
    )


def _rule(actor: User, data: RuleInput) -> None:
    if not PriorityRule.objects.filter(name=data.name).exists():
        save_rule(actor, data)
