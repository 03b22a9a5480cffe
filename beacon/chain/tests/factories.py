from __future__ import annotations

from decimal import Decimal

import factory
from django.utils import timezone

from beacon.accounts.tests.factories import TeamFactory, UserFactory
from beacon.chain.models import ChainNetwork, CreditedDeposit, DepositAddress, Withdrawal, WithdrawalStatus
from beacon.tickets.enums import Priority
from beacon.tickets.tests.factories import CategoryFactory

CUSTOMER_ADDRESS = "0x" + "c1" * 20
OTHER_ADDRESS = "0x" + "0e" * 20


class ChainNetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChainNetwork
        django_get_or_create = ("code",)

    code = "ETH"
    native_asset = "ETH"
    native_decimals = 18
    native_min_deposit = Decimal("0.01")
    required_confirmations = 3
    block_seconds = 12
    timeout_seconds = 2.0
    retries = 1


class DepositAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DepositAddress

    customer = factory.SubFactory(UserFactory)
    network = "ETH"
    address = CUSTOMER_ADDRESS


class CreditedDepositFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CreditedDeposit

    customer = factory.SubFactory(UserFactory)
    network = "ETH"
    asset = "ETH"
    address = CUSTOMER_ADDRESS
    amount = Decimal("1")
    credited_at = factory.LazyFunction(timezone.now)


class WithdrawalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Withdrawal

    customer = factory.SubFactory(UserFactory)
    reference = factory.Sequence(lambda n: f"W{1000 + n}")
    network = "ETH"
    asset = "ETH"
    amount = Decimal("1")
    address = OTHER_ADDRESS
    status = WithdrawalStatus.COMPLETED
    created_at = factory.LazyFunction(timezone.now)


WITHDRAWAL_FIELDS = [
    {"name": "withdrawal_id", "type": "uid", "required": True, "label": {"en": "Withdrawal ID", "zh-hans": "提现 ID"}},
    {"name": "asset", "type": "asset", "required": True, "label": {"en": "Asset", "zh-hans": "币种"}},
    {"name": "network", "type": "network", "label": {"en": "Network", "zh-hans": "网络"}},
    {"name": "txid", "type": "txid", "label": {"en": "TXID", "zh-hans": "交易哈希"}},
]
SECURITY_FIELDS = [
    {"name": "uid", "type": "uid", "required": True, "label": {"en": "Your UID", "zh-hans": "您的 UID"}},
    {
        "name": "unauthorized_actions",
        "type": "longtext",
        "required": True,
        "label": {"en": "What was done without you?", "zh-hans": "哪些操作不是您本人进行的？"},
    },
]


def withdrawal_category() -> object:
    return CategoryFactory(
        slug="withdrawal",
        name_en="Withdrawal",
        name_zh="提现问题",
        fields=WITHDRAWAL_FIELDS,
        default_priority=Priority.P2,
        default_team=TeamFactory(slug="funds"),
    )


def security_category() -> object:
    return CategoryFactory(
        slug="account-security",
        name_en="Account security",
        name_zh="账户安全",
        fields=SECURITY_FIELDS,
        default_priority=Priority.P1,
        default_team=TeamFactory(slug="security", name_en="Security", name_zh="安全"),
    )
