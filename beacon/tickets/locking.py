"""Lock a ticket and mark it updated in one statement, for the busiest writes (a chat line, a reply):
the same row lock as `SELECT … FOR UPDATE`, without a second round trip for `updated_at`."""

from __future__ import annotations

from django.db import connection

from beacon.core.rows import now_for, update_returning
from beacon.tickets.models import Ticket


def lock_and_touch(ticket_id: int) -> Ticket | None:
    """The ticket, locked until the end of the caller's transaction, its updated_at set to now
    (as every save of it does). None when there is no such ticket."""
    column = connection.ops.quote_name(str(Ticket._meta.get_field("updated_at").column))
    return update_returning(Ticket, ticket_id, f"{column} = %s", [now_for(Ticket, "updated_at")])
