from __future__ import annotations

from datetime import datetime
from typing import Any

import factory

from beacon.chat.models import ChatSession
from beacon.tickets.models import Ticket
from beacon.tickets.tests.factories import TicketFactory


def ticket_at(
    created: datetime, *, first_response: datetime | None = None, solved: datetime | None = None, **kwargs: Any
) -> Ticket:
    """A ticket with its moments set (created_at is auto_now_add, so it is set after the insert)."""
    ticket: Ticket = TicketFactory(**kwargs)
    Ticket.objects.filter(pk=ticket.pk).update(created_at=created, first_response_at=first_response, solved_at=solved)
    ticket.refresh_from_db()
    return ticket


class ChatSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChatSession

    language = "en"


def chat_at(created: datetime, **moments: Any) -> ChatSession:
    session: ChatSession = ChatSessionFactory(**{k: v for k, v in moments.items() if not k.endswith("_at")})
    ChatSession.objects.filter(pk=session.pk).update(
        created_at=created, **{k: v for k, v in moments.items() if k.endswith("_at")}
    )
    session.refresh_from_db()
    return session
