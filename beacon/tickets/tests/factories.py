from __future__ import annotations

import factory

from beacon.accounts.tests.factories import TeamFactory, UserFactory
from beacon.tickets.enums import MessageKind, Priority, Status
from beacon.tickets.models import Category, Message, Ticket

DEPOSIT_FIELDS = [
    {"name": "asset", "type": "asset", "required": True, "label": {"en": "Asset", "zh-hans": "币种"}},
    {"name": "network", "type": "network", "required": True, "label": {"en": "Network", "zh-hans": "网络"}},
    {"name": "txid", "type": "txid", "required": True, "label": {"en": "Transaction ID", "zh-hans": "交易哈希"}},
    {"name": "amount", "type": "amount", "required": True, "label": {"en": "Amount", "zh-hans": "数量"}},
    {"name": "memo", "type": "memo", "label": {"en": "Memo / tag", "zh-hans": "备注"}},
]
ETH_TXID = "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_en = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    name_zh = factory.LazyAttribute(lambda o: f"类别 {o.slug}")
    fields = factory.LazyFunction(list)
    default_priority = Priority.P3


def deposit_category() -> Category:
    return CategoryFactory(
        slug="deposit",
        name_en="Deposit not credited",
        name_zh="充值未到账",
        fields=DEPOSIT_FIELDS,
        default_priority=Priority.P2,
        default_team=TeamFactory(slug="funds", name_en="Funds", name_zh="资金"),
    )


class TicketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ticket

    requester = factory.SubFactory(UserFactory)
    subject = factory.Sequence(lambda n: f"Ticket {n}")
    category = factory.SubFactory(CategoryFactory, slug="general")
    status = Status.NEW
    priority = Priority.P3


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    ticket = factory.SubFactory(TicketFactory)
    author = factory.LazyAttribute(lambda o: o.ticket.requester)
    kind = MessageKind.PUBLIC
    body = "Hello"
