"""Reads. Every id that comes from a user resolves through an access_* function."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from beacon.accounts.enums import Role
from beacon.accounts.models import Team, User
from beacon.accounts.selectors import staff_users
from beacon.core.audit import events_for
from beacon.core.errors import NotFound
from beacon.core.models import AuditEvent
from beacon.tickets.enums import MessageKind
from beacon.tickets.models import Attachment, Category, Escalation, Message, Ticket

QUEUES = ("unassigned", "mine", "team", "open", "all")
SORTS = {
    "urgent": ("priority", "created_at", "id"),
    "oldest": ("created_at", "id"),
    "newest": ("-created_at", "-id"),
    "updated": ("-updated_at", "-id"),
    "due": (F("sla_due_at").asc(nulls_last=True), "priority", "id"),
}


def visible_tickets(actor: User) -> QuerySet[Ticket]:
    """Tickets the actor may see: customers their own; agents their teams', their own, untriaged
    ones and the ones their team escalated (to follow them while on hold); supervisors and admins all."""
    tickets = Ticket.objects.all()
    if not actor.is_authenticated or not actor.is_active:
        return tickets.none()
    if actor.role == Role.CUSTOMER:
        return tickets.filter(requester=actor)
    if actor.role == Role.AGENT:
        my_teams = actor.teams.values("id")
        escalated_by_my_team = Escalation.objects.filter(
            ticket=OuterRef("pk"), resolved_at__isnull=True, from_team__in=my_teams
        )
        return tickets.filter(
            Q(team__isnull=True) | Q(team__in=my_teams) | Q(assignee=actor) | Exists(escalated_by_my_team)
        )
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
        tickets = tickets.filter(in_queue=True)  # the generated column the queue indexes start with
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
    # With its default team: triage reads it for every new ticket.
    category = active_categories().filter(slug=slug).select_related("default_team").first()
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


CHOICES_TTL = 60  # seconds: new categories, teams or agents appear in forms within a minute


def category_choices() -> list[tuple[str, str, str]]:
    """(slug, English name, Chinese name) of active categories, cached: rendered on every agent page."""
    cached: list[tuple[str, str, str]] | None = cache.get("tickets:category-choices")
    if cached is None:
        cached = list(active_categories().values_list("slug", "name_en", "name_zh"))
        cache.set("tickets:category-choices", cached, CHOICES_TTL)
    return cached


def team_choices() -> list[tuple[int, str, str, str]]:
    cached: list[tuple[int, str, str, str]] | None = cache.get("tickets:team-choices")
    if cached is None:
        cached = list(Team.objects.order_by("name_en").values_list("pk", "slug", "name_en", "name_zh"))
        cache.set("tickets:team-choices", cached, CHOICES_TTL)
    return cached


def staff_choices() -> list[tuple[int, str]]:
    cached: list[tuple[int, str]] | None = cache.get("tickets:staff-choices")
    if cached is None:
        cached = [(u.pk, u.label) for u in staff_users().only("pk", "display_name", "first_name", "last_name", "email")]
        cache.set("tickets:staff-choices", cached, CHOICES_TTL)
    return cached


def access_team(team_id: int | None) -> Team | None:
    if team_id is None:
        return None
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        raise NotFound(_("No such team."), field="team")
    return team


def access_staff_member(user_id: int | None) -> User | None:
    if user_id is None:
        return None
    user = staff_users().filter(pk=user_id).first()
    if user is None:
        raise NotFound(_("No such staff member."), field="assignee")
    return user
