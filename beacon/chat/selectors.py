"""Reads. Every chat id that comes from a user resolves through access_chat_session()."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.accounts.enums import Role
from beacon.accounts.models import Team, User
from beacon.chat import conf
from beacon.chat.enums import CUSTOMER_VISIBLE, OPEN_STATUSES, EntryKind, SessionStatus
from beacon.chat.hours import is_open
from beacon.chat.models import CannedReply, ChatEntry, ChatSeat, ChatSession
from beacon.core.errors import NotFound
from beacon.tickets.assignment.models import AgentPresence, Presence
from beacon.tickets.enums import MessageKind
from beacon.tickets.models import Attachment, Ticket
from beacon.tickets.selectors import visible_tickets

SESSION_RELATED = ("user", "agent", "team", "ticket")


def sessions() -> QuerySet[ChatSession]:
    return ChatSession.objects.select_related(*SESSION_RELATED)


def access_chat_session(actor: User, public_id: object) -> ChatSession:
    """A chat the actor may see: customers their own; agents those assigned to them, waiting in
    their teams' queue (or no team's), or on a ticket they may see; supervisors and admins all."""
    if not isinstance(public_id, str) or not public_id or len(public_id) > 32:
        raise NotFound(_("No such chat."))
    session = sessions().filter(public_id=public_id).first()
    if session is None or not actor.is_authenticated or not actor.is_active:
        raise NotFound(_("No such chat."))
    if actor.role == Role.CUSTOMER:
        if session.user_id != actor.pk:
            raise NotFound(_("No such chat."))
        return session
    if actor.is_supervisor or session.agent_id == actor.pk:
        return session
    if session.status == SessionStatus.QUEUED and (session.team_id is None or _in_team(actor, session.team_id)):
        return session
    if session.ticket_id is not None and visible_tickets(actor).filter(pk=session.ticket_id).exists():
        return session
    raise NotFound(_("No such chat."))


def _in_team(actor: User, team_id: int) -> bool:
    return actor.teams.filter(pk=team_id).exists()


def session_by_public_id(public_id: str) -> ChatSession | None:
    """For the chat's own credential holders (resume token, signed file link): no actor check."""
    return sessions().filter(public_id=public_id).first()


def latest_open_session(user: User) -> ChatSession | None:
    return sessions().filter(user=user, status__in=OPEN_STATUSES).order_by("-created_at", "-id").first()


def entries_since(session: ChatSession, seq: int, *, staff: bool, limit: int = 500) -> list[ChatEntry]:
    """Entries after `seq`, oldest first: what a reconnecting client missed."""
    entries = session.entries.filter(seq__gt=seq)
    if not staff:
        entries = entries.filter(kind__in=CUSTOMER_VISIBLE)
    return list(
        entries.select_related("author", "message")
        .prefetch_related(Prefetch("message__attachments", queryset=Attachment.objects.order_by("id")))
        .order_by("seq")[:limit]
    )


def entry_with_relations(entry_id: int) -> ChatEntry:
    return (
        ChatEntry.objects.select_related("author", "message", "session")
        .prefetch_related(Prefetch("message__attachments", queryset=Attachment.objects.order_by("id")))
        .get(pk=entry_id)
    )


# --- queue and agents -------------------------------------------------------------------------------


def queued_sessions() -> QuerySet[ChatSession]:
    """The queue in the order agents take it: security first, then VIP, then the longest waiting."""
    return sessions().filter(status=SessionStatus.QUEUED).order_by("rank", "queued_at", "id")


def queue_for(actor: User) -> list[ChatSession]:
    queued = queued_sessions()
    if actor.role == Role.AGENT:
        queued = queued.filter(Q(team__isnull=True) | Q(team__in=actor.teams.values("id")))
    return list(queued[:200])


def online_seats(team_id: int | None = None) -> QuerySet[ChatSeat]:
    """Agents who take chats now: their (shared) presence is online and was heard from recently,
    and a chat console is open."""
    cutoff = timezone.now() - timedelta(seconds=conf.presence_timeout())
    seats = ChatSeat.objects.filter(
        connections__gt=0,
        user__is_active=True,
        user__presence__status=Presence.ONLINE,
        user__presence__last_seen_at__gte=cutoff,
    )
    if team_id is not None:
        seats = seats.filter(Q(user__teams=team_id) | Q(user__role__in=[Role.SUPERVISOR, Role.ADMIN]))
    return seats.distinct()


@dataclass(frozen=True)
class ChatPresence:
    """What the console shows about its agent: the shared presence and the chat capacity."""

    status: str
    capacity: int


def chat_presence_of(agent: User) -> ChatPresence:
    presence = AgentPresence.objects.filter(user=agent).only("status").first()
    seat = ChatSeat.objects.filter(user=agent).only("capacity").first()
    return ChatPresence(
        status=presence.status if presence is not None else Presence.OFFLINE,
        capacity=seat.capacity if seat is not None else conf.default_capacity(),
    )


def chat_open_now() -> bool:
    return is_open(conf.hours(), conf.time_zone(), timezone.now())


def active_load(agent_ids: list[int]) -> dict[int, int]:
    rows = (
        ChatSession.objects.filter(agent_id__in=agent_ids, status=SessionStatus.ACTIVE)
        .values("agent_id")
        .annotate(n=Count("id"))
    )
    return {row["agent_id"]: row["n"] for row in rows}


def capacity_of(agent: User) -> tuple[int, int]:
    """(chats the agent has now, chats the agent may have at once)."""
    seat = ChatSeat.objects.filter(user=agent).first()
    capacity = seat.capacity if seat is not None else conf.default_capacity()
    return active_load([agent.pk]).get(agent.pk, 0), capacity


def average_handle_seconds() -> float:
    recent = ChatSession.objects.filter(
        status=SessionStatus.ENDED,
        accepted_at__isnull=False,
        ended_at__gte=timezone.now() - timedelta(days=7),
    ).annotate(length=F("ended_at") - F("accepted_at"))
    value = recent.aggregate(avg=Avg("length"))["avg"]
    if not value:
        return float(conf.default_handle_seconds())
    return max(60.0, value.total_seconds())


@dataclass(frozen=True)
class QueueSlot:
    public_id: str
    position: int
    wait_seconds: int | None  # None: no agent can take it now


def queue_slots() -> list[QueueSlot]:
    """Each waiting chat's position in its team's line and the expected wait.

    Wait ≈ (chats ahead that no free agent can take at once + 1) × average chat length ÷ the
    number of chats the online agents handle at once; about half a minute when an agent is free.
    """
    queued = list(queued_sessions().values_list("public_id", "team_id"))
    if not queued:
        return []
    handle = average_handle_seconds()
    capacity: dict[int | None, tuple[int, int]] = {}
    slots: list[QueueSlot] = []
    seen: dict[int | None, int] = {}
    for public_id, team_id in queued:
        if team_id not in capacity:
            capacity[team_id] = _team_capacity(team_id)
        total, free = capacity[team_id]
        ahead = seen.get(team_id, 0)
        seen[team_id] = ahead + 1
        if total == 0:
            wait = None
        elif ahead < free:
            wait = 30
        else:
            wait = int((ahead - free + 1) * handle / total)
        slots.append(QueueSlot(public_id, ahead + 1, wait))
    return slots


def _team_capacity(team_id: int | None) -> tuple[int, int]:
    seats = list(online_seats(team_id).values_list("user_id", "capacity"))
    load = active_load([user_id for user_id, _capacity in seats])
    total = sum(capacity for _user_id, capacity in seats)
    busy = sum(min(load.get(user_id, 0), capacity) for user_id, capacity in seats)
    return total, max(0, total - busy)


@dataclass(frozen=True)
class AgentRow:
    user: User
    status: str
    online: bool
    active: int
    capacity: int
    seen_at: object

    @property
    def status_label(self) -> str:
        return str(Presence(self.status).label)


def agent_board() -> list[AgentRow]:
    """Every staff member's chat state, for the supervisor view (four queries)."""
    from beacon.accounts.selectors import staff_users

    staff = list(staff_users())
    presences = {p.user_id: p for p in AgentPresence.objects.filter(user__in=staff)}
    seats = {s.user_id: s for s in ChatSeat.objects.filter(user__in=staff)}
    online = set(online_seats().values_list("user_id", flat=True))
    load = active_load([u.pk for u in staff])
    rows = []
    for user in staff:
        presence, seat = presences.get(user.pk), seats.get(user.pk)
        rows.append(
            AgentRow(
                user=user,
                status=presence.status if presence is not None else Presence.OFFLINE,
                online=user.pk in online,
                active=load.get(user.pk, 0),
                capacity=seat.capacity if seat is not None else conf.default_capacity(),
                seen_at=presence.last_seen_at if presence is not None else None,
            )
        )
    return sorted(rows, key=lambda r: (not r.online, -r.active, r.user.label))


def active_sessions_of(agent: User) -> list[ChatSession]:
    return list(sessions().filter(agent=agent, status=SessionStatus.ACTIVE).order_by("accepted_at", "id"))


def transfer_targets(actor: User) -> tuple[list[User], list[Team]]:
    agents = [
        seat.user
        for seat in online_seats().select_related("user").exclude(user=actor)
        if seat.user.is_staff_member and seat.user.is_active
    ]
    return sorted(agents, key=lambda u: u.label), list(Team.objects.order_by("name_en"))


def canned_replies(actor: User) -> list[CannedReply]:
    replies = CannedReply.objects.filter(is_active=True)
    if actor.role == Role.AGENT:
        replies = replies.filter(Q(team__isnull=True) | Q(team__in=actor.teams.values("id")))
    return list(replies.order_by("position", "title"))


# --- the customer's context, transcripts -----------------------------------------------------------


def customer_tickets(actor: User, session: ChatSession, limit: int = 8) -> list[Ticket]:
    if session.user_id is None:
        return []
    return list(
        visible_tickets(actor)
        .filter(requester_id=session.user_id)
        .select_related("category")
        .order_by("-created_at")[:limit]
    )


def previous_chats(session: ChatSession, limit: int = 5) -> list[ChatSession]:
    if session.user_id is None:
        return []
    return list(
        ChatSession.objects.filter(user_id=session.user_id).exclude(pk=session.pk).order_by("-created_at")[:limit]
    )


def chat_is_live(ticket_id: int) -> bool:
    """True while a customer is chatting on this ticket (other channels may stay quiet meanwhile)."""
    return ChatSession.objects.filter(ticket_id=ticket_id, status__in=OPEN_STATUSES).exists()


@dataclass(frozen=True)
class TranscriptLine:
    at: datetime
    kind: str
    author: str
    body: str
    files: list[str]


def transcript_lines(session: ChatSession) -> list[TranscriptLine]:
    """The conversation as the customer saw it (no internal notes), oldest first."""
    names = {EntryKind.BOT: _("Assistant"), EntryKind.SYSTEM: "Beacon"}
    lines = []
    for entry in entries_since(session, 0, staff=False, limit=5000):
        author = names.get(EntryKind(entry.kind)) or (entry.author.label if entry.author else _("You"))
        body = entry.message.body if entry.message is not None else entry.body
        files = [a.name for a in entry.message.attachments.all()] if entry.message is not None else []
        lines.append(TranscriptLine(entry.created_at, entry.kind, author, body, files))
    return lines


def transcript_text(session: ChatSession) -> str:
    """The conversation as the customer saw it, as plain text."""
    lines = [_("Chat transcript"), session.created_at.strftime("%Y-%m-%d %H:%M UTC"), ""]
    if session.ticket is not None:
        lines.insert(1, _("Request %(ref)s") % {"ref": session.ticket.reference})
    for line in transcript_lines(session):
        attached = f" [{', '.join(line.files)}]" if line.files else ""
        lines.append(f"[{line.at.strftime('%H:%M')}] {line.author}: {line.body}{attached}")
    return "\n".join(lines) + "\n"


def chat_attachment(public_id: str, attachment_id: int) -> Attachment | None:
    """An attachment of the chat's ticket that its customer may see (not from an internal note)."""
    return (
        Attachment.objects.filter(pk=attachment_id, ticket__chat_sessions__public_id=public_id)
        .exclude(message__kind=MessageKind.INTERNAL)
        .first()
    )
