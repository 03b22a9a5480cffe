"""The synthetic history of the demo and the benchmark: plain-row inserts with ids given here."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from beacon.accounts.models import User
from beacon.analytics import rollups
from beacon.analytics.models import Period, TicketStats
from beacon.analytics.synthetic import Plan, generate
from beacon.chat.models import ChatEntry, ChatSession
from beacon.tickets.models import Category, SatisfactionRating, Ticket
from beacon.tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


def test_history_rows_point_at_their_tickets_and_later_rows_get_fresh_ids(
    general: Category, agent: User, customer: User
) -> None:
    counts = generate(Plan(tickets=60, days=20, seed=7), [customer.pk], batch=25)
    assert Ticket.objects.count() == counts["tickets"] == 60
    assert SatisfactionRating.objects.count() == counts["ratings"]
    assert set(SatisfactionRating.objects.values_list("ticket__requester", flat=True)) <= {customer.pk}
    assert ChatSession.objects.count() == counts["chats"] == 6 + 6 + 2  # a chat per 4 tickets of a batch
    assert ChatEntry.objects.filter(session__isnull=True).count() == 0
    highest = max(Ticket.objects.values_list("pk", flat=True))
    assert TicketFactory(category=general).pk > highest  # the id sequence was moved past the given ids
    rollups.rebuild()
    created = TicketStats.objects.filter(period=Period.DAY).aggregate(n=Sum("created"))["n"]
    assert created == 61  # the history and the ticket made after it
