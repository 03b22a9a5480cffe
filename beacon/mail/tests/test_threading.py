"""Every reply lands in the right thread, and never in a stranger's ticket."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from beacon.accounts.models import User
from beacon.accounts.tests.factories import UserFactory
from beacon.core.inbound import Channel
from beacon.mail.enums import InboundStatus
from beacon.mail.models import InboundMail, OutboundMail
from beacon.mail.services import ingest_mail
from beacon.tickets.enums import MessageKind, Status
from beacon.tickets.models import Category, Message, Ticket
from beacon.tickets.tests.factories import MessageFactory, TicketFactory

from .conftest import corpus, sender_of

GMAIL_ORIGINAL = "CAF7gK2vQ3xZp9Lw0mYbN4dR8sT1uV6wX2yZ3aB4cD5eF6gH7iJ@mail.gmail.com"


def ingest(raw: bytes) -> InboundMail:
    result = ingest_mail(raw, source="pipe")
    assert result.inbound is not None
    return result.inbound


def public_bodies(ticket: Ticket) -> list[str]:
    return list(ticket.messages.filter(kind=MessageKind.PUBLIC).values_list("body", flat=True))


def notes(ticket: Ticket) -> str:
    return "\n".join(ticket.messages.filter(kind=MessageKind.INTERNAL).values_list("body", flat=True))


def test_new_mail_opens_a_ticket_for_a_new_customer(general: Category) -> None:
    row = ingest(corpus("gmail_new_ticket.eml"))
    ticket = Ticket.objects.get()
    assert row.status == InboundStatus.TICKETED
    assert row.ticket == ticket
    assert ticket.subject == "USDT deposit (TRC20) not credited after 3 hours"
    assert ticket.channel == Channel.EMAIL
    assert ticket.requester.email == "li.wei.trader@gmail.com"
    assert ticket.requester.display_name == "Wei Li"
    assert not ticket.requester.has_usable_password()
    assert "TXID: 7f3c2a9b8e1d4c6f" in public_bodies(ticket)[0]
    assert Message.objects.get().email_message_id == GMAIL_ORIGINAL


def test_gmail_reply_finds_the_ticket_through_references(general: Category) -> None:
    ingest(corpus("gmail_new_ticket.eml"))
    row = ingest(corpus("gmail_reply.eml"))
    ticket = Ticket.objects.get()
    assert row.ticket == ticket
    assert public_bodies(ticket)[-1] == "Here is the screenshot from Tronscan, the status is SUCCESS."


def test_reply_to_beacons_acknowledgement_finds_the_ticket_even_with_a_new_subject(general: Category) -> None:
    ingest(corpus("gmail_new_ticket.eml"))
    ack = OutboundMail.objects.get()
    raw = (
        "From: Wei Li <li.wei.trader@gmail.com>\r\nTo: support@beacon.localhost\r\n"
        "Subject: one more thing\r\nMessage-ID: <CAF-new-1@mail.gmail.com>\r\n"
        f"In-Reply-To: <{ack.message_id}>\r\n\r\nThe amount was 1,250.5 USDT, not 1,250.\r\n"
    ).encode()
    row = ingest(raw)
    assert row.ticket == ack.ticket
    assert Ticket.objects.count() == 1


def test_outlook_reply_with_a_rewritten_in_reply_to_is_threaded_by_references(general: Category) -> None:
    daniel = UserFactory(email="d.okafor@outlook.com")
    ticket = TicketFactory(requester=daniel, category=general)
    OutboundMail.objects.create(
        ticket=ticket,
        to_address=daniel.email,
        kind="ack",
        subject="x",
        body_text="x",
        message_id="bcn.1.8f14e45fceea167a5a36@beacon.localhost",
    )
    row = ingest(corpus("outlook_reply.eml", {"BCN-000001": "BCN-999999"}))
    assert row.ticket == ticket
    assert public_bodies(ticket)[-1].startswith("Hello,\n\nI can confirm that I did not log in from Lagos.")


def test_reference_in_the_subject_threads_mail_whose_headers_are_unknown(general: Category) -> None:
    daniel = UserFactory(email="d.okafor@outlook.com")
    ticket = TicketFactory(requester=daniel, category=general)
    row = ingest(corpus("outlook_reply.eml", {"BCN-000001": ticket.reference}))
    assert row.ticket == ticket


def test_qq_mail_reply_in_gb18030_lands_in_the_ticket_it_answers(general: Category) -> None:
    zhao = UserFactory(email="zhaolei1988@qq.com")
    ticket = TicketFactory(requester=zhao, category=general)
    OutboundMail.objects.create(
        ticket=ticket,
        to_address=zhao.email,
        kind="reply",
        subject="x",
        body_text="x",
        message_id="bcn.1.c4ca4238a0b923820dcc@beacon.localhost",
    )
    row = ingest(corpus("qq_reply_gbk.eml"))
    assert row.ticket == ticket
    assert public_bodies(ticket) == ["您好，我已经按照要求提供了交易哈希，麻烦尽快处理，谢谢！"]


def test_strangers_mail_quoting_someone_elses_reference_opens_a_new_flagged_ticket(
    general: Category, customer: User
) -> None:
    victims = TicketFactory(requester=customer, category=general, subject="Withdrawal to my cold wallet")
    MessageFactory(ticket=victims, body="My withdrawal W1 is missing")
    row = ingest(corpus("outlook_reply.eml", {"BCN-000001": victims.reference}))
    assert row.ticket != victims
    assert row.status == InboundStatus.TICKETED
    assert row.flags == ["foreign_reference"]
    assert row.related_ticket == victims
    assert victims.messages.count() == 1
    new = row.ticket
    assert new is not None
    assert new.requester == sender_of("d.okafor@outlook.com")
    assert f"refers to {victims.reference}, which belongs to another customer" in notes(new)
    assert victims.reference not in new.subject


def test_strangers_mail_with_someone_elses_message_id_opens_a_new_ticket(general: Category, customer: User) -> None:
    victims = TicketFactory(requester=customer, category=general)
    MessageFactory(ticket=victims, email_message_id="alice-original@example.com")
    raw = (
        b"From: Bob <bob.stranger@example.net>\r\nSubject: Re: help\r\nMessage-ID: <bob-1@example.net>\r\n"
        b"In-Reply-To: <alice-original@example.com>\r\n\r\nWhat is the status of this?\r\n"
    )
    row = ingest(raw)
    assert row.ticket != victims
    assert row.flags == ["foreign_reference"]
    assert victims.messages.count() == 1


def test_reply_to_a_solved_ticket_inside_the_reopen_window_reopens_it(general: Category) -> None:
    ingest(corpus("gmail_new_ticket.eml"))
    Ticket.objects.update(status=Status.SOLVED, solved_at=timezone.now() - timedelta(days=3))
    row = ingest(corpus("gmail_reply.eml"))
    ticket = Ticket.objects.get()
    assert row.ticket == ticket
    assert ticket.status == Status.OPEN
    assert ticket.solved_at is None


def test_reply_to_a_recently_closed_ticket_reopens_it(general: Category) -> None:
    ingest(corpus("gmail_new_ticket.eml"))
    Ticket.objects.update(status=Status.CLOSED, closed_at=timezone.now() - timedelta(days=1))
    ingest(corpus("gmail_reply.eml"))
    assert Ticket.objects.get().status == Status.OPEN


def test_reply_after_the_reopen_window_opens_a_linked_follow_up(general: Category) -> None:
    ingest(corpus("gmail_new_ticket.eml"))
    old = Ticket.objects.get()
    Ticket.objects.update(status=Status.SOLVED, solved_at=timezone.now() - timedelta(days=20))
    row = ingest(corpus("gmail_reply.eml"))
    old.refresh_from_db()
    follow_up = row.ticket
    assert follow_up is not None and follow_up != old
    assert old.status == Status.SOLVED
    assert row.flags == ["follow_up"]
    assert row.related_ticket == old
    assert f"Follow-up to {old.reference}" in notes(follow_up)
    assert f"follow-up: {follow_up.reference}" in notes(old)
    assert follow_up.subject == "USDT deposit (TRC20) not credited after 3 hours"


def test_reply_to_the_acknowledgement_of_a_merged_duplicate_continues_in_the_kept_ticket(
    general: Category, agent: User
) -> None:
    from beacon.tickets.merging.services import merge_tickets

    kept = ingest(corpus("gmail_new_ticket.eml")).ticket
    duplicate = ingest(corpus("gmail_forward.eml")).ticket
    assert kept is not None and duplicate is not None
    merge_tickets(agent, duplicate, kept)
    Ticket.objects.filter(pk=duplicate.pk).update(closed_at=timezone.now() - timedelta(days=30))
    ack = OutboundMail.objects.get(ticket=duplicate, kind="ack")
    raw = (
        "From: Wei Li <li.wei.trader@gmail.com>\r\nSubject: Re: whitelist mail\r\nMessage-ID: <CAF-m@x>\r\n"
        f"In-Reply-To: <{ack.message_id}>\r\n\r\nDid you find out who sent it?\r\n"
    ).encode()
    assert ingest(raw).ticket == kept
