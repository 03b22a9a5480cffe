"""Merge duplicate tickets and split a message off into a new ticket (writes).

Merging moves every message and attachment of the duplicate into the ticket that is kept, closes
the duplicate with a pointer to the kept one, audits both, and tells the customer in both threads.
Splitting moves one customer message (with its attachments) into a new ticket that is triaged,
given SLA targets and routed like any new ticket."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.core.audit import record_event
from beacon.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from beacon.core.inbound import Channel
from beacon.tickets.enums import ACTIVE_STATUSES, MessageKind, Status
from beacon.tickets.models import Attachment, Message, Ticket
from beacon.tickets.rules.conditions import TicketFacts
from beacon.tickets.rules.selectors import triage_outcome
from beacon.tickets.services import (
    _set_status,
    add_message,
    clean_subject,
    notify_ticket_changed,
    open_ticket,
    post_system_note,
)


def _require_staff(actor: User) -> None:
    if not actor.is_staff_member:
        raise PermissionDenied(_("Only support staff can do this."))


def _tell_customer(ticket: Ticket, text: str) -> Message:
    return add_message(ticket=ticket, author=None, body=text, kind=MessageKind.SYSTEM, channel=Channel.AGENT)


@transaction.atomic
def merge_tickets(actor: User, duplicate: Ticket, target: Ticket) -> Ticket:
    """Merge `duplicate` into `target` (both the same customer's); returns the kept ticket."""
    _require_staff(actor)
    if duplicate.pk == target.pk:
        raise ValidationFailed({"target": [_("Choose a different ticket to merge into.")]})
    first, second = sorted([duplicate.pk, target.pk])
    locked = {
        t.pk: t
        for t in Ticket.objects.select_for_update(of=("self",))
        .select_related("requester", "category", "team", "assignee")
        .filter(pk__in=[first, second])
        .order_by("pk")
    }
    duplicate, target = locked[duplicate.pk], locked[target.pk]
    if duplicate.requester_id != target.requester_id:
        raise ValidationFailed({"target": [_("Only requests from the same customer can be merged.")]})
    if duplicate.merged_into_id is not None or target.merged_into_id is not None:
        raise InvalidTransition(_("A ticket that was merged already cannot be merged again."))
    if target.status not in ACTIVE_STATUSES:
        raise InvalidTransition(
            _("%(ref)s is not active; reopen it before merging into it.") % {"ref": target.reference}
        )
    messages = Message.objects.filter(ticket=duplicate).update(ticket=target)
    attachments = Attachment.objects.filter(ticket=duplicate).update(ticket=target)
    duplicate.merged_into = target
    duplicate.save(update_fields=["merged_into", "updated_at"])
    if duplicate.status != Status.CLOSED:
        _set_status(actor, duplicate, Status.CLOSED, reason="merged")
    data = {"messages": messages, "attachments": attachments}
    record_event(actor, "ticket.merged", duplicate, {"into": target.reference, **data})
    record_event(actor, "ticket.merge_received", target, {"from": duplicate.reference, **data})
    with translation.override(target.language):
        _tell_customer(
            target,
            _("Your request %(dup)s was merged into this one, %(ref)s: we continue the conversation here.")
            % {"dup": duplicate.reference, "ref": target.reference},
        )
        _tell_customer(
            duplicate,
            _("This request was merged into %(ref)s, which has all its messages. Please reply there.")
            % {"ref": target.reference},
        )
    notify_ticket_changed(duplicate, "ticket.merged", {"into": target.pk})
    notify_ticket_changed(target, "message.added", {"merged_from": duplicate.pk})
    return target


@transaction.atomic
def split_message(actor: User, message: Message, subject: str = "") -> Ticket:
    """Move one of the customer's messages (and its attachments) into a new ticket."""
    _require_staff(actor)
    source = (
        Ticket.objects.select_for_update(of=("self",)).select_related("requester", "category").get(pk=message.ticket_id)
    )
    message = Message.objects.select_for_update().get(pk=message.pk, ticket=source)
    if message.kind != MessageKind.PUBLIC or message.author_id != source.requester_id:
        raise ValidationFailed({"message": [_("Only a message from the customer can become a ticket of its own.")]})
    if not Message.objects.filter(ticket=source, kind=MessageKind.PUBLIC).exclude(pk=message.pk).exists():
        raise ValidationFailed({"message": [_("This is the ticket's only message; there is nothing to split.")]})
    title = subject.strip() or _("Split from %(ref)s: %(subject)s") % {
        "ref": source.reference,
        "subject": source.subject,
    }
    title = clean_subject(title[:200])
    outcome = triage_outcome(
        TicketFacts(
            category=source.category.slug,
            channel=message.channel,
            vip_level=source.requester.vip_level,
            text=f"{title} {message.body}",
            fields={},
        )
    )
    ticket = open_ticket(
        requester=source.requester,
        subject=title,
        category=source.category,
        fields={},
        priority=outcome.priority or source.category.default_priority,
        team=outcome.team or source.category.default_team,
        channel=message.channel,
        language=source.language,
    )
    Message.objects.filter(pk=message.pk).update(ticket=ticket)
    moved = Attachment.objects.filter(message=message).update(ticket=ticket)
    record_event(actor, "ticket.split", source, {"message": message.pk, "into": ticket.reference, "attachments": moved})
    record_event(actor, "ticket.split_from", ticket, {"message": message.pk, "from": source.reference})
    post_system_note(
        source,
        _("A message was moved to its own ticket, %(ref)s.") % {"ref": ticket.reference},
        {"split_into": ticket.pk},
    )
    from beacon.tickets import workflow

    workflow.ticket_opened(ticket, {"rules": outcome.matched})
    notify_ticket_changed(ticket, "ticket.created", {"split_from": source.pk})
    notify_ticket_changed(source, "message.added", {"split_into": ticket.pk})
    return ticket
