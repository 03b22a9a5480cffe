from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from beacon.accounts.models import Team, User
from beacon.core.audit import events_for
from beacon.core.errors import ValidationFailed
from beacon.core.inbound import Channel, InboundMessage, ThreadHint, process_inbound
from beacon.core.tests.images import png_bytes
from beacon.core.uploads import prepare_upload
from beacon.tickets.enums import MessageKind, Priority, Status
from beacon.tickets.macros.selectors import render_macro
from beacon.tickets.macros.services import MacroInput, apply_macro, save_macro
from beacon.tickets.merging.services import merge_tickets, split_message
from beacon.tickets.models import Attachment, Category, Message, Ticket
from beacon.tickets.tests.factories import ETH_TXID, TicketFactory
from beacon.tickets.tests.workflow_factories import MacroFactory

pytestmark = pytest.mark.django_db


def deposit_ticket(customer: User, subject: str = "USDT missing", body: str = "Sent 100 USDT") -> Ticket:
    return process_inbound(
        InboundMessage(
            channel=Channel.WEB,
            author=customer,
            subject=subject,
            body=body,
            category="deposit",
            fields={"asset": "USDT", "network": "ETH", "txid": ETH_TXID, "amount": "100"},
            attachments=[prepare_upload("proof.png", png_bytes())],
        )
    ).ticket


def test_macro_fills_placeholders_in_the_tickets_language(customer: User, agent: User, deposit: Category) -> None:
    macro = MacroFactory(
        body_en="Hi {customer_name}, {reference}: we see {field:txid} on {field:network}. — {agent_name} ({agent_id})",
        body_zh="{customer_name}您好，{reference} 已收到。",
    )
    ticket = deposit_ticket(customer)
    assert render_macro(macro, ticket, agent) == (
        f"Hi Alice, {ticket.reference}: we see {ETH_TXID} on ETH. — Mia ({agent.public_id})"
    )
    chinese = deposit_ticket(customer, subject="充值未到账", body="两个小时前充值的")
    assert render_macro(macro, chinese, agent) == f"Alice您好，{chinese.reference} 已收到。"


def test_applying_a_macro_replies_and_changes_fields(customer: User, agent: User, deposit: Category) -> None:
    macro = MacroFactory(
        body_en="We need the sending wallet's screenshot, {customer_name}.",
        set_status=Status.PENDING,
        set_priority=Priority.P1,
    )
    ticket = deposit_ticket(customer)
    message = apply_macro(agent, ticket, macro)
    ticket.refresh_from_db()
    assert message.body == "We need the sending wallet's screenshot, Alice."
    assert (ticket.status, ticket.priority) == (Status.PENDING, Priority.P1)
    assert events_for(ticket).get(verb="macro.applied").data["macro"] == macro.name


def test_a_macro_asking_for_secrets_is_still_blocked(customer: User, agent: User, deposit: Category) -> None:
    macro = MacroFactory(body_en="Please send us your seed phrase so we can check.")
    ticket = deposit_ticket(customer)
    with pytest.raises(Exception, match="Not sent"):
        apply_macro(agent, ticket, macro)
    assert not ticket.messages.filter(author=agent).exists()


def test_macro_with_an_unknown_placeholder_is_refused(supervisor: User) -> None:
    with pytest.raises(ValidationFailed) as caught:
        save_macro(supervisor, MacroInput(name="Typo", body_en="Hi {custmer_name}", body_zh="你好 {customer_name"))
    assert "Unknown placeholder {custmer_name}" in caught.value.errors["body_en"][0]
    assert "is not closed" in caught.value.errors["body_zh"][0]


def test_merge_moves_messages_and_attachments_and_tells_the_customer(
    customer: User, agent: User, deposit: Category
) -> None:
    kept = deposit_ticket(customer)
    duplicate = deposit_ticket(customer, body="Sent it again, still missing")
    merge_tickets(agent, duplicate, kept)
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == (Status.CLOSED, kept)
    assert kept.messages.filter(kind=MessageKind.PUBLIC).count() == 2
    assert Attachment.objects.filter(ticket=kept).count() == 2
    customer_view = [m.body for m in kept.messages.exclude(kind=MessageKind.INTERNAL)]
    assert f"Your request {duplicate.reference} was merged into this one" in customer_view[-1]
    assert f"merged into {kept.reference}" in duplicate.messages.get().body
    assert events_for(duplicate).get(verb="ticket.merged").data == {
        "into": kept.reference,
        "messages": 1,
        "attachments": 1,
    }
    assert events_for(kept).get(verb="ticket.merge_received").data["from"] == duplicate.reference


def test_a_reply_to_the_merged_duplicate_lands_in_the_kept_ticket(
    customer: User, agent: User, deposit: Category
) -> None:
    kept = deposit_ticket(customer)
    duplicate = deposit_ticket(customer)
    merge_tickets(agent, duplicate, kept)
    ctx = process_inbound(
        InboundMessage(channel=Channel.EMAIL, author=customer, body="Any news?", thread_hint=ThreadHint(duplicate.pk))
    )
    assert ctx.ticket.pk == kept.pk


def test_only_the_same_customers_tickets_merge(customer: User, other_customer: User, agent: User) -> None:
    mine = TicketFactory(requester=customer, status=Status.OPEN)
    theirs = TicketFactory(requester=other_customer, status=Status.OPEN)
    with pytest.raises(ValidationFailed, match="same customer"):
        merge_tickets(agent, mine, theirs)


def test_split_moves_one_message_into_a_triaged_new_ticket(
    customer: User, agent: User, deposit: Category, funds_team: Team
) -> None:
    ticket = deposit_ticket(customer)
    process_inbound(
        InboundMessage(
            channel=Channel.WEB,
            author=customer,
            body="Also: I cannot log in since yesterday",
            thread_hint=ThreadHint(ticket.pk),
            attachments=[prepare_upload("login.png", png_bytes())],
        )
    )
    second = ticket.messages.filter(kind=MessageKind.PUBLIC).order_by("id").last()
    assert second is not None
    new = split_message(agent, second, "Cannot log in")
    assert (new.subject, new.requester, new.team) == ("Cannot log in", customer, funds_team)
    assert list(Message.objects.filter(ticket=new).values_list("body", flat=True)) == [
        "Also: I cannot log in since yesterday"
    ]
    assert Attachment.objects.get(name="login.png").ticket == new
    assert ticket.messages.filter(kind=MessageKind.PUBLIC).count() == 1
    assert events_for(ticket).get(verb="ticket.split").data["into"] == new.reference


def test_the_only_message_cannot_be_split(customer: User, agent: User, deposit: Category) -> None:
    ticket = deposit_ticket(customer)
    with pytest.raises(ValidationFailed, match="only message"):
        split_message(agent, ticket.messages.get(), "x")


def test_macro_merge_and_split_from_the_ticket_page(
    login: Callable[[User], Client], customer: User, agent: User, deposit: Category
) -> None:
    macro = MacroFactory(body_en="Hello {customer_name}")
    kept = deposit_ticket(customer)
    duplicate = deposit_ticket(customer)
    client = login(agent)
    preview = client.get(f"/agent/tickets/{kept.pk}/macro/?macro={macro.pk}", headers={"HX-Request": "true"})
    assert "Hello Alice" in preview.content.decode()
    sent = client.post(f"/agent/tickets/{kept.pk}/macro/", {"macro": macro.pk, "body": "Hello Alice, edited"})
    assert sent.status_code == 302
    assert kept.messages.filter(author=agent, body="Hello Alice, edited").exists()
    wrong = client.post(f"/agent/tickets/{duplicate.pk}/merge/", {"target": "BCN-999999"})
    assert "No such ticket." in wrong.content.decode()
    merged = client.post(f"/agent/tickets/{duplicate.pk}/merge/", {"target": kept.reference})
    assert merged["Location"] == f"/agent/tickets/{kept.pk}/"
