"""Which ticket a received mail continues. Reads only: the decision is carried out by the pipeline.

Rules, in order:
1. In-Reply-To, then References (newest first), matched against the Message-IDs Beacon stored: the
   customers' mails (Message.email_message_id) and Beacon's own notifications (OutboundMail).
   Headers win over the subject because clients rewrite subjects and people edit them.
2. Otherwise a ticket reference such as BCN-000123 in the subject.
3. The sender must be the ticket's requester. Anyone else gets a NEW ticket, flagged: a stranger's
   mail never lands in somebody else's ticket, whatever reference it quotes.
4. A solved or closed ticket reopens when the reply comes within the reopen window after it was
   resolved; later, the mail opens a follow-up ticket linked to the old one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from beacon.accounts.models import User
from beacon.mail.models import OutboundMail
from beacon.mail.parsing import ParsedMail
from beacon.tickets.enums import Status
from beacon.tickets.merging.selectors import follow_merges
from beacon.tickets.models import Message, Ticket, parse_reference

NEW = "new"
BY_MESSAGE_ID = "message_id"
BY_SUBJECT = "subject"
STRANGER = "stranger"
FOLLOW_UP = "follow_up"


@dataclass(frozen=True)
class ThreadDecision:
    ticket: Ticket | None
    """The ticket to add the mail to; None opens a new ticket."""
    how: str
    related: Ticket | None = None
    """The ticket the mail referred to but was not added to (stranger, follow-up)."""

    @property
    def flags(self) -> tuple[str, ...]:
        return {STRANGER: ("foreign_reference",), FOLLOW_UP: ("follow_up",)}.get(self.how, ())


def referenced_ticket_id(mail: ParsedMail) -> tuple[int | None, str]:
    ids = mail.thread_ids
    if ids:
        # One query for both kinds of stored Message-IDs: the customers' mails and Beacon's own.
        ours = OutboundMail.objects.filter(message_id__in=ids).order_by().values_list("message_id", "ticket_id")
        theirs = (
            Message.objects.filter(email_message_id__in=ids).order_by().values_list("email_message_id", "ticket_id")
        )
        known: dict[str, int] = {mid: ticket_id for mid, ticket_id in theirs.union(ours, all=True).order_by() if mid}
        for message_id in ids:
            if message_id in known:
                return known[message_id], BY_MESSAGE_ID
    ref = parse_reference(mail.subject)
    if ref is not None:
        return ref, BY_SUBJECT
    return None, NEW


def decide_thread(mail: ParsedMail, sender: User, *, now: datetime | None = None) -> ThreadDecision:
    from beacon.tickets.services import REOPEN_WINDOW  # tickets.services imports this app

    ticket_id, how = referenced_ticket_id(mail)
    if ticket_id is None:
        return ThreadDecision(None, NEW)
    ticket = Ticket.objects.filter(pk=ticket_id).first()
    if ticket is None:
        return ThreadDecision(None, NEW)
    ticket = follow_merges(ticket)  # a reply to a merged duplicate continues where it was merged
    if ticket.requester_id != sender.pk:
        return ThreadDecision(None, STRANGER, related=ticket)
    if ticket.status in {Status.SOLVED, Status.CLOSED}:
        resolved_at = ticket.closed_at or ticket.solved_at
        if resolved_at is None or (now or timezone.now()) - resolved_at > REOPEN_WINDOW:
            return ThreadDecision(None, FOLLOW_UP, related=ticket)
    return ThreadDecision(ticket, how)
