from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from beacon.accounts.enums import Role
from beacon.accounts.models import User
from beacon.accounts.tests.factories import TeamFactory, staff
from beacon.core.audit import events_for
from beacon.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from beacon.core.inbound import Channel, InboundMessage, ThreadHint, process_inbound
from beacon.core.tests.images import png_bytes
from beacon.core.uploads import prepare_upload
from beacon.tickets import services
from beacon.tickets.enums import Priority, Status
from beacon.tickets.models import Attachment, Category, Message, Ticket
from beacon.tickets.tests.factories import ETH_TXID, TicketFactory

pytestmark = pytest.mark.django_db


def open_deposit_ticket(customer: User, **overrides: object) -> Ticket:
    message = InboundMessage(
        channel=Channel.WEB,
        author=customer,
        subject="USDT deposit missing",
        body="Sent 100 USDT two hours ago",
        category="deposit",
        fields={"asset": "USDT", "network": "ETH", "txid": ETH_TXID, "amount": "100"},
        attachments=[prepare_upload("proof.png", png_bytes())],
    )
    for key, value in overrides.items():
        setattr(message, key, value)
    return process_inbound(message).ticket


def test_new_ticket_gets_category_priority_team_and_audit_trail(customer: User, deposit: Category) -> None:
    ticket = open_deposit_ticket(customer)
    assert ticket.reference == f"BCN-{ticket.pk:06d}"
    assert (ticket.status, ticket.priority, ticket.team.slug) == (Status.NEW, Priority.P2, "funds")
    assert ticket.fields["txid"] == ETH_TXID
    assert [e.verb for e in events_for(ticket).order_by("id")] == ["ticket.created", "message.added"]
    assert Attachment.objects.get(ticket=ticket).content_type == "image/png"


def test_chinese_ticket_is_marked_chinese(customer: User, deposit: Category) -> None:
    ticket = open_deposit_ticket(customer, subject="充值未到账", body="两个小时前充值的 USDT 还没有到账")
    assert ticket.language == "zh-hans"


def test_invalid_ticket_writes_nothing(customer: User, deposit: Category) -> None:
    with pytest.raises(ValidationFailed) as caught:
        open_deposit_ticket(customer, subject="", fields={"asset": "USDT", "network": "ETH", "txid": "12345"})
    assert set(caught.value.errors) == {"subject", "txid", "amount"}
    assert (Ticket.objects.count(), Message.objects.count(), Attachment.objects.count()) == (0, 0, 0)


def test_customer_cannot_write_into_another_customers_ticket(
    customer: User, other_customer: User, deposit: Category
) -> None:
    ticket = open_deposit_ticket(customer)
    stranger = InboundMessage(
        channel=Channel.WEB, author=other_customer, body="hi", thread_hint=ThreadHint(ticket_id=ticket.pk)
    )
    with pytest.raises(Exception, match="No such ticket"):
        process_inbound(stranger)
    assert ticket.messages.count() == 1


def test_agent_reply_records_first_response_and_sets_requested_status(
    customer: User, agent: User, deposit: Category
) -> None:
    ticket = open_deposit_ticket(customer)
    services.post_agent_reply(agent, ticket, "We are checking the chain.", new_status=Status.PENDING)
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING
    assert ticket.first_response_at is not None


def test_internal_note_does_not_count_as_first_response(customer: User, agent: User, deposit: Category) -> None:
    ticket = open_deposit_ticket(customer)
    services.post_agent_reply(agent, ticket, "Looks like a wrong network.", internal=True)
    ticket.refresh_from_db()
    assert ticket.first_response_at is None


def test_customer_reply_reopens_a_pending_ticket(customer: User, agent: User, deposit: Category) -> None:
    ticket = open_deposit_ticket(customer)
    services.post_agent_reply(agent, ticket, "Which wallet?", new_status=Status.PENDING)
    process_inbound(
        InboundMessage(channel=Channel.WEB, author=customer, body="MetaMask", thread_hint=ThreadHint(ticket.pk))
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_forbidden_transition_is_refused_and_changes_nothing(customer: User, agent: User, deposit: Category) -> None:
    ticket = open_deposit_ticket(customer)
    services.change_status(agent, ticket, Status.SOLVED)
    with pytest.raises(InvalidTransition):
        services.change_status(agent, ticket, Status.PENDING)
    ticket.refresh_from_db()
    assert ticket.status == Status.SOLVED


def test_customer_may_only_close_or_reopen(customer: User, deposit: Category) -> None:
    ticket = open_deposit_ticket(customer)
    with pytest.raises(PermissionDenied):
        services.change_status(customer, ticket, Status.SOLVED)
    services.change_status(customer, ticket, Status.CLOSED)
    services.change_status(customer, ticket, Status.OPEN)
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_customer_cannot_reopen_after_the_reopen_window(customer: User) -> None:
    ticket = TicketFactory(requester=customer, status=Status.CLOSED, closed_at=timezone.now() - timedelta(days=30))
    with pytest.raises(InvalidTransition, match="more than 14 days"):
        services.change_status(customer, ticket, Status.OPEN)


def test_assignee_must_belong_to_the_tickets_team(customer: User, supervisor: User, deposit: Category) -> None:
    ticket = open_deposit_ticket(customer)
    outsider = staff(Role.AGENT, teams=[TeamFactory(slug="security")])
    with pytest.raises(ValidationFailed, match="not in the Funds team"):
        services.update_ticket(supervisor, ticket, assignee=outsider)


def test_property_changes_are_audited_with_old_and_new_values(
    customer: User, supervisor: User, agent: User, deposit: Category
) -> None:
    ticket = open_deposit_ticket(customer)
    services.update_ticket(supervisor, ticket, priority=Priority.P1, assignee=agent)
    event = events_for(ticket).get(verb="ticket.updated")
    assert event.data == {"priority": [2, 1], "assignee": [None, "agent@example.com"]}
    assert event.actor == supervisor


def test_customers_cannot_use_staff_services(customer: User, deposit: Category) -> None:
    ticket = open_deposit_ticket(customer)
    with pytest.raises(PermissionDenied):
        services.post_agent_reply(customer, ticket, "I am staff now")
