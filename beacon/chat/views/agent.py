"""The agent console (its live part is beacon/chat/static/chat/console.js over /ws/chat/agent/),
the customer's context beside a chat, and the supervisor's view of the queue and the agents."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, user_passes_test
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation

from beacon.accounts.models import User
from beacon.chat import selectors
from beacon.chat.widget_strings import console_strings
from beacon.core.http import HtmxHttpRequest
from beacon.trust.selectors import ticket_verification_code

staff_required = user_passes_test(lambda u: u.is_authenticated and u.is_staff_member)
supervisor_required = user_passes_test(lambda u: u.is_authenticated and u.is_supervisor)


@login_required
@staff_required
def console(request: HtmxHttpRequest) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    agents, teams = selectors.transfer_targets(actor)
    canned = [
        {"title": reply.title, "en": reply.body_in("en"), "zh": reply.body_in("zh-hans")}
        for reply in selectors.canned_replies(actor)
    ]
    context = {
        "agents": agents,
        "teams": teams,
        "canned": canned,
        "strings": console_strings(),
        "language": translation.get_language(),
    }
    return render(request, "chat/agent/console.html", context)


@login_required
@staff_required
def customer_context(request: HtmxHttpRequest, public_id: str) -> HttpResponse:
    """Who the customer is, their other requests and chats (loaded beside the conversation)."""
    actor: User = request.user  # type: ignore[assignment]
    session = selectors.access_chat_session(actor, public_id)
    context = {
        "session": session,
        "tickets": selectors.customer_tickets(actor, session),
        "chats": selectors.previous_chats(session),
        "verification_code": ticket_verification_code(session.ticket_id) if session.ticket_id else "",
    }
    return render(request, "chat/agent/context.html", context)


@login_required
@supervisor_required
def supervisor(request: HtmxHttpRequest) -> HttpResponse:
    slots = {slot.public_id: slot for slot in selectors.queue_slots()}
    queue = [(session, slots.get(session.public_id)) for session in selectors.queued_sessions()[:200]]
    context = {"queue": queue, "agents": selectors.agent_board()}
    template = "chat/agent/supervisor.html"
    if request.htmx and not request.htmx.boosted:
        template += "#board"
    return render(request, template, context)
