"""The human side: hand-over to the queue, accepting and transferring chats, continuing as a
ticket when nobody is there, and agents' presence and capacity."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import F, IntegerField, Value
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.accounts.enums import Role
from beacon.accounts.models import Team, User
from beacon.bot.answering.answer import Reason
from beacon.chat import conf
from beacon.chat.enums import EndReason, QueueRank, SessionStatus
from beacon.chat.events import publish_chat
from beacon.chat.groups import agent_group
from beacon.chat.models import ChatSeat, ChatSession
from beacon.chat.payloads import session_payload
from beacon.chat.selectors import ChatPresence, capacity_of, chat_open_now, chat_presence_of, online_seats
from beacon.chat.services.common import (
    CapacityFull,
    NeedsIdentity,
    lock_session,
    publish_queue_changed,
    publish_state,
    require_open,
    set_status,
    system_entry,
)
from beacon.chat.services.conversation import is_security
from beacon.core.audit import record_event
from beacon.core.errors import DomainError, PermissionDenied, ValidationFailed
from beacon.tickets.assignment import services as presence_services
from beacon.tickets.assignment.models import Presence
from beacon.tickets.assignment.selectors import presence_of
from beacon.tickets.models import Ticket
from beacon.tickets.services import update_ticket

NOT_VIP = {"", "0", "none", "regular", "standard", "normal"}


class Unavailable(DomainError):
    code = "unavailable"
    status = 409


def queue_rank(session: ChatSession, reason: str = "") -> QueueRank:
    if reason == Reason.SECURITY or is_security(session.ticket):
        return QueueRank.SECURITY
    if session.vip_tier.strip().lower() not in NOT_VIP:
        return QueueRank.VIP
    return QueueRank.STANDARD


def _queue_team(session: ChatSession) -> Team | None:
    """The ticket's team when one of its agents is online; otherwise whoever is online."""
    team = session.ticket.team if session.ticket is not None else None
    if team is not None and online_seats(team.pk).exists():
        return team
    return None


@transaction.atomic
def request_hand_over(session_id: int, reason: str = Reason.ASKED_FOR_PERSON) -> ChatSession:
    session = lock_session(session_id)
    hand_over(session, reason=reason)
    return session


def hand_over(session: ChatSession, *, reason: str) -> str:
    """Put the customer in line for a person, or tell them honestly why not (caller holds the lock).

    Returns queued, already, needs_identity, needs_message, closed or no_agents.
    """
    require_open(session)
    if session.status in {SessionStatus.QUEUED, SessionStatus.ACTIVE}:
        return "already"
    if session.user is None:
        _want_agent(session)
        system_entry(
            session,
            _("To connect you with a person, please confirm your e-mail address first: we will send you a code."),
            actions=["verify_email"],
        )
        return "needs_identity"
    if session.ticket is None:
        _want_agent(session)
        system_entry(session, _("Tell us in a message what it is about, and we will connect you with a person."))
        return "needs_message"
    if not chat_open_now():
        _offer_ticket(session, _("Our chat team is not working at this hour."))
        return "closed"
    if not online_seats().exists():
        _offer_ticket(session, _("No agent is online right now."))
        return "no_agents"
    set_status(
        None,
        session,
        SessionStatus.QUEUED,
        queued_at=session.queued_at or timezone.now(),
        rank=queue_rank(session, reason),
        team=_queue_team(session),
        wants_agent=False,
    )
    system_entry(session, _("You are in line for a person. Your place in the queue is shown above."))
    publish_queue_changed()
    return "queued"


def _want_agent(session: ChatSession) -> None:
    if not session.wants_agent:
        session.wants_agent = True
        session.save(update_fields=["wants_agent", "updated_at"])


def _offer_ticket(session: ChatSession, why: str) -> None:
    session.offered_ticket = True
    session.wants_agent = False
    session.save(update_fields=["offered_ticket", "wants_agent", "updated_at"])
    ticket = session.ticket
    if ticket is None:  # hand_over() asks for a message first
        return
    text = _(
        "%(why)s Your request %(ref)s is saved: continue it as a ticket and we will answer by e-mail and in "
        "your requests, usually within a few hours."
    ) % {"why": why, "ref": ticket.reference}
    system_entry(session, text, actions=["continue_as_ticket"])
    record_event(None, "chat.ticket_offered", session, {"why": why})


@transaction.atomic
def continue_as_ticket(session_id: int) -> ChatSession:
    """The customer chose to be answered later: the chat ends, its ticket stays open."""
    session = lock_session(session_id)
    require_open(session)
    if session.user is None:
        raise NeedsIdentity(_("Confirm your e-mail address first, so we know where to answer."))
    ticket = session.ticket
    if ticket is None:
        raise DomainError(_("Write your question first."), code="no_ticket")
    was_queued = session.status == SessionStatus.QUEUED
    url = f"{settings.SITE_URL}{reverse('portal:detail', args=[ticket.pk])}"
    system_entry(
        session,
        _("Your request %(ref)s stays open. We will answer by e-mail and in your requests %(url)s.")
        % {"ref": ticket.reference, "url": url},
    )
    set_status(None, session, SessionStatus.ENDED, end_reason=EndReason.TICKET, agent=None)
    if was_queued:
        publish_queue_changed()
    return session


@transaction.atomic
def accept_chat(agent: User, session_id: int) -> ChatSession:
    """An agent takes a waiting chat, within their capacity; the ticket is assigned to them."""
    if not agent.is_staff_member:
        raise PermissionDenied(_("Only support staff can do this."))
    session = lock_session(session_id)
    if session.status != SessionStatus.QUEUED:
        raise DomainError(_("This chat is no longer waiting: someone else has taken it."), code="taken")
    active, capacity = capacity_of(agent)
    if active >= capacity:
        raise CapacityFull(_("You already have %(n)d chats, your limit. Finish one first.") % {"n": active})
    set_status(agent, session, SessionStatus.ACTIVE, agent=agent, accepted_at=timezone.now())
    _assign_ticket(agent, session.ticket, agent)
    system_entry(
        session,
        _("%(name)s (agent ID %(id)s) has joined the chat.") % {"name": agent.label, "id": agent.public_id},
    )
    publish_chat(agent_group(agent.pk), "chat.assigned", session_payload(session, staff=True))
    publish_queue_changed()
    return session


def _assign_ticket(actor: User, ticket: Ticket | None, assignee: User | None, team: Team | None = None) -> None:
    if ticket is None:
        return
    target_team = team if team is not None else ticket.team
    # An agent can only hold tickets of their own teams: the ticket follows the chat to one of them.
    if (
        assignee is not None
        and target_team is not None
        and assignee.role == Role.AGENT
        and not assignee.teams.filter(pk=target_team.pk).exists()
    ):
        target_team = assignee.teams.order_by("pk").first()
    update_ticket(actor, ticket, team=target_team, assignee=assignee)


@transaction.atomic
def transfer_chat(
    actor: User, session_id: int, *, to_agent: User | None = None, to_team: Team | None = None
) -> ChatSession:
    """Hand an active chat to another online agent (within their capacity), or back to the queue
    of a team, keeping the customer's place in line."""
    if (to_agent is None) == (to_team is None):
        raise ValidationFailed({"to": [_("Choose an agent or a team.")]})
    session = lock_session(session_id)
    require_open(session)
    if session.agent_id != actor.pk and not actor.is_supervisor:
        raise PermissionDenied(_("Only the agent handling this chat or a supervisor can transfer it."))
    previous = session.agent_id
    if to_agent is not None:
        if not to_agent.is_staff_member or not online_seats().filter(user=to_agent).exists():
            raise Unavailable(_("%(name)s is not online.") % {"name": to_agent.label})
        active, capacity = capacity_of(to_agent)
        if active >= capacity:
            raise CapacityFull(_("%(name)s already has as many chats as they can take.") % {"name": to_agent.label})
        if session.status == SessionStatus.QUEUED:
            set_status(actor, session, SessionStatus.ACTIVE, agent=to_agent, accepted_at=timezone.now())
            publish_queue_changed()
        else:
            session.agent = to_agent
            session.save(update_fields=["agent", "updated_at"])
            publish_state(session)
        _assign_ticket(actor, session.ticket, to_agent)
        record_event(actor, "chat.transferred", session, {"to_agent": to_agent.pk, "from_agent": previous})
        system_entry(
            session,
            _("You are now chatting with %(name)s (agent ID %(id)s).")
            % {"name": to_agent.label, "id": to_agent.public_id},
        )
        publish_chat(agent_group(to_agent.pk), "chat.assigned", session_payload(session, staff=True))
    elif to_team is not None:
        set_status(
            actor,
            session,
            SessionStatus.QUEUED,
            agent=None,
            team=to_team,
            queued_at=session.queued_at or timezone.now(),
        )
        _assign_ticket(actor, session.ticket, None, to_team)
        record_event(actor, "chat.transferred", session, {"to_team": to_team.slug, "from_agent": previous})
        system_entry(
            session,
            _("We are passing your chat to our %(team)s team. You keep your place in line.") % {"team": to_team.name},
        )
        publish_queue_changed()
    if previous is not None and previous != session.agent_id:
        publish_chat(agent_group(previous), "chat.released", {"session": session.public_id})
    return session


# --- presence ----------------------------------------------------------------------------------------


def _seat(agent: User) -> ChatSeat:
    seat, _created = ChatSeat.objects.get_or_create(user=agent, defaults={"capacity": conf.default_capacity()})
    return seat


@transaction.atomic
def agent_connected(agent: User) -> None:
    """An agent console opened: the agent is here. Offline becomes online (the one presence the
    ticket workspace shares, audited there); away stays away; either way it counts as a heartbeat."""
    seat = _seat(agent)
    ChatSeat.objects.filter(pk=seat.pk).update(connections=F("connections") + 1)
    if presence_of(agent).status == Presence.OFFLINE:
        presence_services.set_presence(agent, Presence.ONLINE)
    else:
        presence_services.heartbeat(agent)
    publish_queue_changed()


@transaction.atomic
def agent_disconnected(agent: User) -> None:
    """A console closed. The last one takes the agent out of the chat; their presence stays as it
    is (the workspace may still be open) and lapses without heartbeats like the workspace's."""
    ChatSeat.objects.filter(user=agent).update(
        connections=Greatest(F("connections") - 1, Value(0), output_field=IntegerField())
    )
    publish_queue_changed()


def touch_presence(agent: User) -> None:
    """The console's heartbeat: keeps the agent's presence fresh."""
    presence_services.heartbeat(agent)


@transaction.atomic
def set_presence(agent: User, status: str, capacity: int | None = None) -> ChatPresence:
    """The agent chooses online or away in the console (away: no new chats or tickets; current
    ones continue) and how many chats they take at once."""
    if status not in {Presence.ONLINE, Presence.AWAY}:
        raise ValidationFailed({"status": [_("Choose online or away.")]})
    seat = ChatSeat.objects.select_for_update().get(pk=_seat(agent).pk)
    changed = False
    if presence_of(agent).status != status:
        presence_services.set_presence(agent, status)  # audited and announced by the workspace
        changed = True
    if capacity is not None and capacity != seat.capacity:
        if not 1 <= capacity <= 20:
            raise ValidationFailed({"capacity": [_("Take between 1 and 20 chats at once.")]})
        record_event(agent, "chat.capacity_changed", agent, {"capacity": [seat.capacity, capacity]})
        seat.capacity = capacity
        seat.save(update_fields=["capacity"])
        changed = True
    if changed:
        publish_queue_changed()
    return chat_presence_of(agent)
