"""Supervisor console: what is about to breach, alerts, agents' presence and load, surge mode."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beacon.accounts.enums import STAFF_ROLES
from beacon.accounts.models import User
from beacon.core.errors import DomainError, NotFound
from beacon.core.http import HtmxHttpRequest
from beacon.tickets.assignment import services as assignment
from beacon.tickets.assignment.selectors import backlog, team_board
from beacon.tickets.escalation import services as escalation
from beacon.tickets.escalation.selectors import access_alert, open_alert_count, open_alerts, tiers
from beacon.tickets.sla.selectors import tickets_needing_attention
from beacon.tickets.surge import services as surge
from beacon.tickets.surge.selectors import surge_state

supervisor_required = user_passes_test(lambda u: u.is_authenticated and u.is_supervisor)


@login_required
@supervisor_required
def console(request: HtmxHttpRequest) -> HttpResponse:
    now = timezone.now()
    context = {
        "now": now,
        "attention": tickets_needing_attention(now),
        "alerts": open_alerts(),
        "board": team_board(now),
        "waiting": backlog().count(),
        "surge": surge_state(),
        "tiers": list(tiers()),
    }
    template = "tickets/supervisor/console.html"
    if request.htmx and request.GET.get("fragment") == "live":
        template += "#live"
    return render(request, template, context)


@login_required
@supervisor_required
def alert_badge(request: HtmxHttpRequest) -> HttpResponse:
    count = open_alert_count()
    return HttpResponse(f'<span class="badge">{count}</span>' if count else "")


def _back(request: HtmxHttpRequest) -> HttpResponse:
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = request.headers.get("HX-Current-URL") or "/agent/supervisor/"
        return response
    return redirect("agent:supervisor")


@login_required
@supervisor_required
@require_POST
def acknowledge(request: HtmxHttpRequest, alert_id: int) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    escalation.acknowledge_alert(actor, access_alert(actor, alert_id))
    return _back(request)


@login_required
@supervisor_required
@require_POST
def switch_surge(request: HtmxHttpRequest) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    try:
        if "multiplier" in request.POST:
            surge.set_multiplier(actor, request.POST["multiplier"])
        else:
            state = surge.set_surge(actor, request.POST.get("on") == "1")
            messages.success(request, _("Surge mode is on.") if state.is_active else _("Surge mode is off."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return _back(request)


def _staff(user_id: int) -> User:
    agent = User.objects.filter(pk=user_id, role__in=STAFF_ROLES).first()
    if agent is None:
        raise NotFound(_("No such staff member."))
    return agent


@login_required
@supervisor_required
@require_POST
def capacity(request: HtmxHttpRequest, user_id: int) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    try:
        value = int(request.POST.get("capacity", ""))
    except ValueError:
        messages.error(request, _("Capacity must be a whole number."))
        return _back(request)
    try:
        assignment.set_capacity(actor, _staff(user_id), value)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return _back(request)


@login_required
@supervisor_required
@require_POST
def release(request: HtmxHttpRequest, user_id: int) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    agent = _staff(user_id)
    count = assignment.release_agent_tickets(actor, agent)
    messages.success(
        request, _("%(n)d tickets of %(agent)s went back to the queue.") % {"n": count, "agent": agent.label}
    )
    return _back(request)
