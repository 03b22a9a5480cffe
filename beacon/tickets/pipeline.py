"""The ticket stages of the inbound pipeline (see beacon/core/inbound.py)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from beacon.accounts.models import Team
from beacon.bot.selectors import suggested_category
from beacon.chain.services import schedule_ticket_checks
from beacon.core.audit import recorded_together
from beacon.core.errors import NotFound
from beacon.core.inbound import FLAG_SECRET_EXPOSED, FLAG_SECURITY_REPORT, InboundContext
from beacon.tickets import triage_config
from beacon.tickets.enums import MessageKind, Priority
from beacon.tickets.locking import lock_and_touch
from beacon.tickets.merging.selectors import follow_merges
from beacon.tickets.rules.conditions import TicketFacts
from beacon.tickets.rules.selectors import triage_outcome
from beacon.tickets.services import (
    add_message,
    clean_body,
    clean_new_ticket,
    customer_message_received,
    escalate_for_security,
    notify_ticket_changed,
    open_ticket,
)

DEFAULT_CATEGORY = "general"
SECURITY_TEAM = "security"
_CJK = re.compile(r"[\u3400-\u9fff]")


def thread(ctx: InboundContext) -> None:
    """Find the ticket this message continues, or validate what a new ticket needs."""
    message = ctx.message
    hint = message.thread_hint
    if hint is not None and hint.ticket_id is not None:
        # Locked and marked updated in one statement (a refusal below rolls the mark back).
        ticket = lock_and_touch(hint.ticket_id)
        # Only the requester continues a ticket from a customer channel; anyone else gets a new one
        # (never a stranger's message inside somebody else's ticket).
        if ticket is None or ticket.requester_id != message.author.pk:
            raise NotFound(_("No such ticket."))
        ctx.triage["touched"] = ticket.merged_into_id is None
        ctx.ticket = follow_merges(ticket)
        ctx.triage["body"] = clean_body(message.body, required=not message.attachments)
        return
    config = triage_config.current()
    ctx.triage["config"] = config
    if message.category:
        category = config.category(message.category)
        if category is None:
            raise NotFound(_("Choose one of the listed categories."), field="category")
    else:
        # No category chosen (e-mail, chat, API): the classifier suggests one, DEFAULT_CATEGORY when unsure.
        text = f"{message.subject}\n{message.body}"
        category = suggested_category(text, fallback=DEFAULT_CATEGORY, active=config.categories)
    subject, fields = clean_new_ticket(category, message.subject, message.fields, require_fields=bool(message.category))
    ctx.triage.update(category=category, subject=subject, fields=fields, body=clean_body(message.body))


def triage(ctx: InboundContext) -> None:
    """Language, priority and team of a new ticket. Security findings make it P1 for Security."""
    if ctx.ticket is not None:
        return
    message = ctx.message
    category = ctx.triage["category"]
    text = f"{ctx.triage['subject']} {ctx.triage['body']}"
    ctx.triage["language"] = "zh-hans" if _CJK.search(text) else message.author.language
    # Supervisors' priority rules (category, fields, zh/en words, VIP tier, channel) come first…
    rules = triage_outcome(
        TicketFacts(
            category=category.slug,
            channel=message.channel,
            vip_level=message.author.vip_level,
            text=text,
            fields=ctx.triage["fields"],
        ),
        ctx.triage["config"],
    )
    ctx.triage["rules"] = rules.matched
    priority = rules.priority or category.default_priority
    team = rules.team or category.default_team
    # …but nothing outranks a security finding.
    if FLAG_SECRET_EXPOSED in ctx.flags or FLAG_SECURITY_REPORT in ctx.flags:
        # A leaked key or an impersonation report is a fund-safety emergency.
        priority = Priority.P1
        team = Team.objects.filter(slug=SECURITY_TEAM).first() or team
    ctx.triage.update(priority=priority, team=team)


def persist(ctx: InboundContext) -> None:
    with recorded_together():  # the ticket's and the message's audit events: one INSERT
        _persist(ctx)


def _persist(ctx: InboundContext) -> None:
    message = ctx.message
    if ctx.ticket is None:
        ctx.ticket = open_ticket(
            requester=message.author,
            subject=ctx.triage["subject"],
            category=ctx.triage["category"],
            fields=ctx.triage["fields"],
            priority=ctx.triage["priority"],
            team=ctx.triage["team"],
            channel=message.channel,
            language=ctx.triage["language"],
            security_flags=sorted(ctx.flags),
            config=ctx.triage["config"],
        )
        ctx.created = True
    else:
        customer_message_received(ctx.ticket, message.author, touched=ctx.triage.get("touched", False))
        if FLAG_SECRET_EXPOSED in ctx.flags:
            escalate_for_security(ctx.ticket, ctx.flags)
        elif ctx.flags - set(ctx.ticket.security_flags):
            ctx.ticket.security_flags = sorted(set(ctx.ticket.security_flags) | ctx.flags)
            ctx.ticket.save(update_fields=["security_flags", "updated_at"])
    ctx.result = add_message(
        ticket=ctx.ticket,
        author=message.author,
        body=ctx.triage["body"],
        kind=MessageKind.PUBLIC,
        channel=message.channel,
        attachments=message.attachments,
        email_message_id=message.metadata.get("message_id"),
        security=ctx.security,
    )
    if ctx.created:
        from beacon.tickets import workflow  # SLA clock, surge acknowledgement, routing after commit

        workflow.ticket_opened(ctx.ticket, ctx.triage)


def after_commit(ctx: InboundContext) -> None:
    event = "ticket.created" if ctx.created else "message.added"
    notify_ticket_changed(ctx.ticket, event, {"message": ctx.result.pk})
    if ctx.created:
        schedule_ticket_checks(ctx.ticket)  # on-chain facts for every TXID field, looked up after commit
    if ctx.created:
        from beacon.mail.services import acknowledge_ticket  # beacon.mail imports this module

        acknowledge_ticket(ctx.ticket, ctx.result)
