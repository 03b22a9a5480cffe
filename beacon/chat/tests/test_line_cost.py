"""What one chat line costs the database: the busiest path of the chat stays at seven or eight statements."""

from __future__ import annotations

from typing import Any

import pytest

from beacon.accounts.models import User
from beacon.chat.services import conversation, queue, sessions
from beacon.tickets.models import Category, Message

from .conftest import signed

pytestmark = pytest.mark.django_db(transaction=True)

# BEGIN, chat lock + sequence number, customer, ticket lock + updated_at, message, audit, entry, COMMIT
CUSTOMER_LINE = 8
# The same without the customer's row (the agent is the socket's user); no "is the chat live" query.
AGENT_LINE = 7


def test_a_chat_line_costs_eight_statements_and_an_agents_seven(
    general: Category, agent: User, on_shift: Any, django_assert_max_num_queries: Any
) -> None:
    on_shift(agent)
    chat = sessions.open_session(portal_user=None, identity_token=signed(), resume=None, language="en", page_url="")
    conversation.post_customer_message(chat.pk, "Hello, I need help", client_key="first", upload_keys=[])
    queue.request_hand_over(chat.pk)
    queue.accept_chat(agent, chat.pk)
    conversation.post_agent_message(agent, chat.pk, "Hello, how can I help?", internal=False, client_key="hi")

    with django_assert_max_num_queries(CUSTOMER_LINE):
        conversation.post_customer_message(chat.pk, "My TRC20 deposit is late", client_key="c1", upload_keys=[])
    with django_assert_max_num_queries(AGENT_LINE):
        conversation.post_agent_message(agent, chat.pk, "Checking it now", internal=False, client_key="a1")

    bodies = list(Message.objects.filter(ticket__chat_sessions=chat).values_list("body", flat=True))
    assert bodies[-2:] == ["My TRC20 deposit is late", "Checking it now"]
