"""Writes. Each public function is one use case: it validates, changes state in one transaction,
records audit events, and publishes side effects after commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import DEFERRED
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.accounts.enums import Role
from beacon.accounts.models import Team, User
from beacon.core.audit import record_event
from beacon.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from beacon.core.events import publish_many, publish_on_change
from beacon.core.inbound import Channel
from beacon.core.uploads import PreparedUpload
from beacon.tickets.enums import CUSTOMER_TRANSITIONS, MessageKind, Priority, Status, can_transition
from beacon.tickets.fields import validate_fields
from beacon.tickets.locking import lock_and_touch
from beacon.tickets.models import Attachment, Category, Message, Ticket
from beacon.trust.services import guard_agent_reply

if TYPE_CHECKING:
    from beacon.tickets.triage_config import TriageConfig

REOPEN_WINDOW = timedelta(days=14)
MAX_BODY = 20_000


def ticket_group(ticket_id: int) -> str:
    return f"ticket-{ticket_id}"


def user_group(user_id: int) -> str:
    return f"user-{user_id}"


STAFF_GROUP = "staff"


def clean_body(body: str, *, required: bool = True) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if required and not body:
        raise ValidationFailed({"body": [_("Write a message.")]})
    if len(body) > MAX_BODY:
        raise ValidationFailed({"body": [_("The message is too long (at most %(n)d characters).") % {"n": MAX_BODY}]})
    return body


def clean_subject(subject: str) -> str:
    subject = " ".join((subject or "").split())
    if not subject:
        raise ValidationFailed({"subject": [_("Give your request a short title.")]})
    if len(subject) > 200:
        raise ValidationFailed({"subject": [_("The title is too long (at most 200 characters).")]})
    return subject


def clean_new_ticket(
    category: Category, subject: str, fields: dict[str, Any], *, require_fields: bool = True
) -> tuple[str, dict[str, Any]]:
    """Validate a new ticket's title and category fields together, so every problem is reported at once.
    `require_fields=False` when the customer never saw the form (a category suggested by the classifier):
    the values given are still checked, missing ones are left for the agent to ask for."""
    errors: dict[str, list[str]] = {}
    try:
        subject = clean_subject(subject)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    specs = category.fields if require_fields else [{**spec, "required": False} for spec in category.fields]
    try:
        fields = validate_fields(specs, fields)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    return subject, fields


def open_ticket(
    *,
    requester: User,
    subject: str,
    category: Category,
    fields: dict[str, Any],
    priority: int,
    team: Team | None,
    channel: str,
    language: str,
    security_flags: Sequence[str] = (),
    config: TriageConfig | None = None,
) -> Ticket:
    """Create a ticket row with its SLA clock started (input already valid; caller holds the
    transaction). `config`: the triage configuration the caller already holds."""
    ticket = Ticket(
        requester=requester,
        subject=subject,
        category=category,
        fields=fields,
        priority=priority,
        team=team,
        channel=channel,
        language=language,
        security_flags=list(security_flags),
        created_at=timezone.now(),  # the SLA clock starts from it, before the INSERT
    )
    from beacon.tickets import workflow  # workflow imports this module

    workflow.ticket_opening(ticket, config)
    ticket.save(force_insert=True)
    record_event(
        requester,
        "ticket.created",
        ticket,
        {"channel": channel, "category": category.slug, "priority": priority, "team": team.slug if team else None},
    )
    return ticket


def add_message(
    *,
    ticket: Ticket,
    author: User | None,
    body: str,
    kind: str,
    channel: str,
    attachments: Sequence[PreparedUpload] = (),
    email_message_id: str | None = None,
    security: dict[str, Any] | None = None,
) -> Message:
    """Store a message and its attachments (input already checked; caller holds the transaction)."""
    message = Message.objects.create(
        ticket=ticket,
        author=author,
        kind=kind,
        channel=channel,
        body=body,
        email_message_id=email_message_id,
        security=security or {},
    )
    for upload in attachments:
        attachment = Attachment(
            ticket=ticket, message=message, name=upload.name, content_type=upload.content_type, size=upload.size
        )
        attachment.file.save(upload.name, ContentFile(upload.data), save=False)
        attachment.save()
    record_event(
        author,
        "message.added",
        ticket,
        {"message": message.pk, "kind": kind, "channel": channel, "attachments": [a.name for a in attachments]},
    )
    return message


def customer_message_received(ticket: Ticket, author: User, *, touched: bool = False) -> None:
    """A customer wrote on an existing ticket: reopen it if it was waiting on them or solved.
    `touched`: the caller locked it with lock_and_touch(), so updated_at is already set."""
    if ticket.status == Status.CLOSED and not _within_reopen_window(ticket):
        raise InvalidTransition(
            _("%(ref)s was closed more than %(days)d days ago. Please open a new ticket and mention it.")
            % {"ref": ticket.reference, "days": REOPEN_WINDOW.days}
        )
    if ticket.status in {Status.PENDING, Status.SOLVED, Status.CLOSED}:
        _set_status(author, ticket, Status.OPEN, reason="customer_reply")
    elif not touched:
        ticket.save(update_fields=["updated_at"])
    from beacon.tickets import workflow  # workflow imports this module

    workflow.customer_replied(ticket)


def escalate_for_security(ticket: Ticket, flags: set[str]) -> None:
    """A secret leaked on an existing ticket: make it P1 for the Security team (caller's transaction)."""
    changes: dict[str, list[Any]] = {}
    security = Team.objects.filter(slug="security").first()
    if ticket.priority != Priority.P1:
        changes["priority"] = [ticket.priority, Priority.P1]
        ticket.priority = Priority.P1
    if security is not None and ticket.team_id != security.pk:
        changes["team"] = [ticket.team.slug if ticket.team else None, security.slug]
        ticket.team = security
    ticket.security_flags = sorted(set(ticket.security_flags) | flags)
    ticket.save(update_fields=["priority", "team", "security_flags", "updated_at"])
    if changes:
        record_event(None, "ticket.escalated", ticket, {**changes, "reason": sorted(flags)})
        from beacon.tickets import workflow  # workflow imports this module

        workflow.properties_changed(ticket, changes)


def _within_reopen_window(ticket: Ticket) -> bool:
    return ticket.closed_at is not None and timezone.now() - ticket.closed_at <= REOPEN_WINDOW


def notify_ticket_changed(ticket: Ticket, event: str, data: dict[str, Any] | None = None) -> None:
    """Tell the pages showing the ticket after commit: its own page, the requester's pages (not of
    internal notes) and, when a queue row shows something new, every queue page (staff).

    A queue row shows the status, priority, SLA, team, assignee, category, subject and security
    flags. A message usually changes none of them (a chat line after the first): the queue pages
    hear of it only when it did (reopened the ticket, started or met an SLA target, escalated it),
    judged against the row last published for the ticket. Every other event reaches them.
    """
    payload = {"ticket": ticket.pk, "reference": ticket.reference, "status": ticket.status, **(data or {})}
    groups = [ticket_group(ticket.pk)]
    if not (data or {}).get("internal"):
        groups.append(user_group(ticket.requester_id))
    publish_many([(group, event, payload) for group in groups])

    def queue_row() -> tuple[float, str] | None:
        shown = (
            "status",
            "priority",
            "team_id",
            "assignee_id",
            "category_id",
            "subject",
            "security_flags",
            "sla_due_at",
            "sla_paused_at",
            "sla_status",
            "escalation_level",
        )
        values = [ticket.__dict__.get(name, DEFERRED) for name in (*shown, "updated_at")]
        if DEFERRED in values or values[-1] is None:
            return None  # not all known: publish
        return values[-1].timestamp(), "|".join(map(str, values[:-1]))

    # Queue pages re-fetch what the agent may see: the ticket's id is all they need.
    publish_on_change(
        STAFF_GROUP,
        event,
        {"ticket": ticket.pk},
        key=f"tickets:queue-row:{ticket.pk}",
        state=queue_row,
        always=event != "message.added" or bool(set(data or {}) - {"message", "internal"}),
    )


def post_agent_reply(
    actor: User,
    ticket: Ticket,
    body: str,
    *,
    internal: bool = False,
    attachments: Sequence[PreparedUpload] = (),
    new_status: str | None = None,
) -> Message:
    """An agent answers the customer (public) or leaves a note for colleagues (internal).

    A public reply that asks for a password, 2FA code, seed phrase, private key or remote access is
    refused (AgentReplyBlocked) and logged for supervisors. A public reply records the first
    response time. `new_status`, when given, is applied in the same transaction.

    Only `ticket.pk` is read: the ticket is locked and read afresh, so a caller that knows just the
    id may pass `Ticket(pk=ticket_id)`. Inside a caller's transaction no savepoint is taken: a
    failure rolls the caller's whole transaction back.
    """
    _require_staff(actor)
    body = clean_body(body)
    if not internal:
        guard_agent_reply(actor, ticket, body)
    with transaction.atomic(savepoint=False):
        return _store_agent_reply(actor, ticket.pk, body, internal, attachments, new_status)


def _store_agent_reply(
    actor: User,
    ticket_id: int,
    body: str,
    internal: bool,
    attachments: Sequence[PreparedUpload],
    new_status: str | None,
) -> Message:
    ticket = lock_and_touch(ticket_id)  # locked, updated_at set: one statement
    if ticket is None:
        raise Ticket.DoesNotExist
    kind = MessageKind.INTERNAL if internal else MessageKind.PUBLIC
    message = add_message(
        ticket=ticket, author=actor, body=body, kind=kind, channel=Channel.AGENT, attachments=attachments
    )
    if not internal and ticket.first_response_at is None:
        ticket.first_response_at = message.created_at
        ticket.save(update_fields=["first_response_at", "updated_at"])
    if not internal:
        from beacon.tickets import workflow  # workflow imports this module

        workflow.agent_replied(ticket, message)
    if not internal:
        from beacon.mail.services import mail_agent_reply  # beacon.mail imports this module

        mail_agent_reply(message)
        from beacon.social.services.outbox import relay_agent_reply  # beacon.social imports this module

        relay_agent_reply(message)  # a Telegram conversation: the reply goes back to the chat after commit
    if new_status and new_status != ticket.status:
        _set_status(actor, ticket, Status(new_status), reason="agent_reply")
    elif ticket.status == Status.NEW:
        _set_status(actor, ticket, Status.OPEN, reason="agent_reply")
    notify_ticket_changed(ticket, "message.added", {"message": message.pk, "internal": internal})
    return message


def post_system_note(ticket: Ticket, body: str, data: dict[str, Any] | None = None) -> Message:
    """An internal note written by Beacon itself (on-chain facts, routing decisions…).

    Caller holds the transaction. Customers never see it; agents see it in the thread and timeline.
    """
    message = Message.objects.create(
        ticket=ticket, author=None, kind=MessageKind.INTERNAL, channel=Channel.AGENT, body=clean_body(body)
    )
    record_event(None, "message.added", ticket, {"message": message.pk, "kind": "system_note", **(data or {})})
    notify_ticket_changed(ticket, "message.added", {"message": message.pk, "internal": True})
    return message


def post_assistant_answer(ticket: Ticket, body: str, data: dict[str, Any] | None = None) -> Message:
    """The assistant's answer to the customer (in a chat), kept on their ticket as kind BOT.

    Caller holds the transaction. The customer sees it in their thread as the assistant's answer;
    agents see it in the thread and the timeline labelled as the assistant. It is no answer from
    staff: the first response time, the SLA clocks and the ticket's status do not move, and it is
    not mailed (the customer read it in the chat). `data` (the source it answered from, the
    confidence) goes to the audit event.
    """
    message = Message.objects.create(
        ticket=ticket, author=None, kind=MessageKind.BOT, channel=Channel.CHAT, body=clean_body(body)
    )
    record_event(None, "message.added", ticket, {"message": message.pk, "kind": MessageKind.BOT.value, **(data or {})})
    notify_ticket_changed(ticket, "message.added", {"message": message.pk, "internal": False})
    return message


@transaction.atomic
def change_status(actor: User, ticket: Ticket, new_status: str) -> Ticket:
    """Move a ticket along the transition table. Customers may only close or reopen their own."""
    try:
        target = Status(new_status)
    except ValueError:
        raise ValidationFailed({"status": [_("Unknown status.")]}) from None
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if actor.role == Role.CUSTOMER:
        if ticket.requester_id != actor.pk or target not in CUSTOMER_TRANSITIONS:
            raise PermissionDenied(_("You can only close or reopen your own requests."))
        if target == Status.OPEN and ticket.status == Status.CLOSED and not _within_reopen_window(ticket):
            raise InvalidTransition(
                _("This request was closed more than %(days)d days ago; please open a new one.")
                % {"days": REOPEN_WINDOW.days}
            )
    _set_status(actor, ticket, target, reason="manual")
    notify_ticket_changed(ticket, "ticket.status_changed")
    return ticket


def _set_status(actor: User, ticket: Ticket, target: Status, *, reason: str) -> None:
    old = Status(ticket.status)
    if old == target:
        return
    if not can_transition(old, target):
        raise InvalidTransition(
            _("A ticket that is %(old)s cannot become %(new)s.") % {"old": old.label, "new": target.label}
        )
    now = timezone.now()
    ticket.status = target
    fields = ["status", "updated_at"]
    if target == Status.SOLVED:
        ticket.solved_at = now
        fields.append("solved_at")
    if target == Status.CLOSED:
        ticket.closed_at = now
        fields.append("closed_at")
    if target == Status.OPEN and old in {Status.SOLVED, Status.CLOSED}:
        ticket.solved_at = None
        ticket.closed_at = None
        fields += ["solved_at", "closed_at"]
    ticket.save(update_fields=fields)
    record_event(actor, "ticket.status_changed", ticket, {"old": old.value, "new": target.value, "reason": reason})
    from beacon.tickets import workflow  # workflow imports this module

    workflow.status_changed(actor, ticket, old, target)
    if target == Status.SOLVED:
        from beacon.mail.services import mail_ticket_solved  # beacon.mail imports this module

        mail_ticket_solved(ticket)


_UNSET: Any = object()


@transaction.atomic
def update_ticket(
    actor: User,
    ticket: Ticket,
    *,
    category: Category | None = None,
    priority: int | None = None,
    team: Team | None = _UNSET,
    assignee: User | None = _UNSET,
) -> Ticket:
    """Staff change a ticket's category, priority, team or assignee; each change is audited."""
    _require_staff(actor)
    ticket = (
        Ticket.objects.select_for_update(of=("self",)).select_related("team", "assignee", "category").get(pk=ticket.pk)
    )
    changes: dict[str, list[Any]] = {}
    if category is not None and category.pk != ticket.category_id:
        changes["category"] = [ticket.category.slug, category.slug]
        ticket.category = category
    if priority is not None and priority != ticket.priority:
        if priority not in Priority.values:
            raise ValidationFailed({"priority": [_("Priority must be P1, P2, P3 or P4.")]})
        changes["priority"] = [ticket.priority, priority]
        ticket.priority = priority
    if team is not _UNSET and (team.pk if team else None) != ticket.team_id:
        changes["team"] = [ticket.team.slug if ticket.team else None, team.slug if team else None]
        ticket.team = team
    if assignee is not _UNSET and (assignee.pk if assignee else None) != ticket.assignee_id:
        if assignee is not None:
            _check_assignable(assignee, ticket.team)
        changes["assignee"] = [ticket.assignee.email if ticket.assignee else None, assignee.email if assignee else None]
        ticket.assignee = assignee
    if not changes:
        return ticket
    ticket.save()
    record_event(actor, "ticket.updated", ticket, changes)
    from beacon.tickets import workflow  # workflow imports this module

    workflow.properties_changed(ticket, changes)
    notify_ticket_changed(ticket, "ticket.updated", {"changes": list(changes)})
    return ticket


def _check_assignable(assignee: User, team: Team | None) -> None:
    if not assignee.is_active or not assignee.is_staff_member:
        raise ValidationFailed({"assignee": [_("Tickets can only be assigned to active staff.")]})
    if team is not None and assignee.role == Role.AGENT and not assignee.teams.filter(pk=team.pk).exists():
        raise ValidationFailed(
            {"assignee": [_("%(agent)s is not in the %(team)s team.") % {"agent": assignee.label, "team": team.name}]}
        )


def _require_staff(actor: User) -> None:
    if not actor.is_staff_member:
        raise PermissionDenied(_("Only support staff can do this."))
