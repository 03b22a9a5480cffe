"""Reads. Every id that comes from a user resolves through an access_* function."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from beacon.accounts.enums import Role
from beacon.accounts.models import User
from beacon.core.audit import events_for
from beacon.core.errors import NotFound
from beacon.core.models import AuditEvent
from beacon.tickets.enums import ACTIVE_STATUSES, MessageKind
from beacon.tickets.models import Attachment, Category, Message, Ticket

QUEUES = ("unassigned", "mine", "team", "open", "all")
SORTS = {
    "urgent": ("priority", "created_at", "id"),
    "oldest": ("created_at", "id"),
    "newest": ("-created_at", "-id"),
    "updated": ("-updated_at", "-id"),
}


def visible_tickets(actor: User) -> QuerySet[Ticket]:
    """Tickets the actor may see: customers their own; agents their teams', their own and untriaged
    ones; supervisors and admins all."""
    tickets = Ticket.objects.all()
    if not actor.is_authenticated or not actor.is_active:
        return tickets.none()
    if actor.role == Role.CUSTOMER:
        return tickets.filter(requester=actor)
    if actor.role == Role.AGENT:
        return tickets.filter(Q(team__isnull=True) | Q(team__in=actor.teams.values("id")) | Q(assignee=actor))
    return tickets


def access_ticket(actor: User, ticket_id: int | str) -> Ticket:
    try:
        pk = int(ticket_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such ticket.")) from None
    ticket = visible_tickets(actor).select_related("category", "requester", "team", "assignee").filter(pk=pk).first()
    if ticket is None:
        raise NotFound(_("No such ticket."))
    return ticket


def access_attachment(actor: User, attachment_id: int | str) -> Attachment:
    try:
        pk = int(attachment_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such file.")) from None
    attachments = Attachment.objects.filter(pk=pk, ticket__in=visible_tickets(actor))
    if actor.role == Role.CUSTOMER:
        attachments = attachments.exclude(message__kind=MessageKind.INTERNAL)
    attachment = attachments.first()
    if attachment is None:
        raise NotFound(_("No such file."))
    return attachment


def thread(actor: User, ticket: Ticket) -> QuerySet[Message]:
    """The ticket's messages the actor may read, oldest first, with authors and attachments."""
    messages = ticket.messages.select_related("author").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("id"))
    )
    if not actor.is_staff_member:
        messages = messages.exclude(kind=MessageKind.INTERNAL)
    return messages.order_by("created_at", "id")


def timeline(ticket: Ticket) -> QuerySet[AuditEvent]:
    return events_for(ticket).order_by("-at", "-id")


@dataclass(frozen=True)
class QueueFilters:
    queue: str = "open"
    status: str = ""
    category: str = ""
    priority: int | None = None
    team: str = ""
    q: str = ""
    sort: str = "urgent"


def agent_queue(actor: User, filters: QueueFilters) -> QuerySet[Ticket]:
    tickets = visible_tickets(actor).select_related("category", "requester", "team", "assignee")
    tickets = tickets.prefetch_related("chain_checks")  # on-chain status badges: one query per page
    if filters.queue == "unassigned":
        tickets = tickets.filter(assignee__isnull=True)
    elif filters.queue == "mine":
        tickets = tickets.filter(assignee=actor)
    elif filters.queue == "team":
        tickets = tickets.filter(team__in=actor.teams.values("id"))
    if filters.status:
        tickets = tickets.filter(status=filters.status)
    elif filters.queue != "all":
        tickets = tickets.filter(status__in=ACTIVE_STATUSES)
    if filters.category:
        tickets = tickets.filter(category__slug=filters.category)
    if filters.priority:
        tickets = tickets.filter(priority=filters.priority)
    if filters.team:
        tickets = tickets.filter(team__slug=filters.team)
    if filters.q:
        tickets = _search(tickets, filters.q)
    return tickets.order_by(*SORTS.get(filters.sort, SORTS["urgent"]))


def _search(tickets: QuerySet[Ticket], q: str) -> QuerySet[Ticket]:
    from beacon.tickets.models import parse_reference

    ref = parse_reference(q)
    if ref is not None:
        return tickets.filter(pk=ref)
    if q.isdigit():
        return tickets.filter(pk=int(q))
    return tickets.filter(Q(subject__icontains=q) | Q(requester__email__iexact=q))


def customer_tickets(actor: User) -> QuerySet[Ticket]:
    return visible_tickets(actor).filter(requester=actor).select_related("category").order_by("-updated_at", "-id")


def other_tickets_of_requester(actor: User, ticket: Ticket, limit: int = 10) -> list[Ticket]:
    return list(
        visible_tickets(actor)
        .filter(requester_id=ticket.requester_id)
        .exclude(pk=ticket.pk)
        .select_related("category")
        .order_by("-created_at")[:limit]
    )


def active_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).order_by("position", "slug")


def access_category(slug: str) -> Category:
    category = active_categories().filter(slug=slug).first()
    if category is None:
        raise NotFound(_("Choose one of the listed categories."), field="category")
    return category


@dataclass(frozen=True)
class Page:
    items: list[Any]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def paginate(queryset: QuerySet[Any], page: int, per_page: int = 25) -> Page:
    """Fetch one page without COUNT(*): the cost stays flat however many tickets there are."""
    page = max(1, min(page, 10_000))
    start = (page - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return Page(items=rows[:per_page], number=page, has_next=len(rows) > per_page)
