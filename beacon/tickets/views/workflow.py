"""Agent workspace: the ticket's workflow card (SLA, escalation, macros, merge, split) and presence.

The card is loaded by htmx after the ticket page, so the page itself stays within its query budget.
Actions that change the conversation redirect back to the ticket page; errors re-render the card."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, user_passes_test
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beacon.accounts.models import Team, User
from beacon.core.errors import DomainError, ValidationFailed
from beacon.core.http import HtmxHttpRequest
from beacon.tickets import selectors
from beacon.tickets.assignment import services as assignment
from beacon.tickets.assignment.models import Presence
from beacon.tickets.assignment.selectors import presence_of
from beacon.tickets.csat.selectors import rating_of
from beacon.tickets.enums import MessageKind
from beacon.tickets.escalation import services as escalation
from beacon.tickets.escalation.forms import EscalateForm, ReturnForm
from beacon.tickets.escalation.selectors import escalation_target, escalations_of, open_escalation
from beacon.tickets.macros.forms import ApplyMacroForm
from beacon.tickets.macros.selectors import access_macro, render_macro
from beacon.tickets.macros.services import apply_macro
from beacon.tickets.merging.forms import MergeForm, SplitForm
from beacon.tickets.merging.selectors import merge_candidates
from beacon.tickets.merging.services import merge_tickets, split_message
from beacon.tickets.models import Message, Ticket, parse_reference

staff_required = user_passes_test(lambda u: u.is_authenticated and u.is_staff_member)
CARD = "tickets/agent/workflow_card.html"


def _card_context(actor: User, ticket: Ticket, **forms: Any) -> dict[str, Any]:
    current = open_escalation(ticket)
    target = escalation_target(ticket) if current is None else None
    escalate_form = forms.get("escalate_form") or EscalateForm(initial={"team": target})
    others = Team.objects.exclude(pk=ticket.team_id or 0)
    escalate_form.fields["team"].queryset = others  # type: ignore[union-attr,attr-defined]
    return {
        "ticket": ticket,
        "policy": ticket.sla_policy,
        "escalation": current,
        "escalations": list(escalations_of(ticket)[:5]),
        "escalate_form": escalate_form,
        "return_form": forms.get("return_form") or ReturnForm(),
        "macro_form": forms.get("macro_form") or ApplyMacroForm(),
        "merge_form": forms.get("merge_form") or MergeForm(),
        "merge_candidates": merge_candidates(actor, ticket) if ticket.is_active else [],
        "split_form": forms.get("split_form") or SplitForm(),
        "splittable": list(
            ticket.messages.filter(kind=MessageKind.PUBLIC, author_id=ticket.requester_id).order_by("created_at")[1:20]
        ),
        "rating": rating_of(ticket),
        "error": forms.get("error"),
    }


def _card(request: HtmxHttpRequest, ticket: Ticket, status: int = 200, **forms: Any) -> HttpResponse:
    context = _card_context(request.user, ticket, **forms)  # type: ignore[arg-type]
    return render(request, CARD, context, status=status)


def _refused(form: Any, exc: DomainError, field: str | None = None) -> None:
    """Show a service's refusal on the form: a field's messages on that field when the form has it,
    everything else on `field` (None: above the form)."""
    if isinstance(exc, ValidationFailed):
        for name, messages in exc.errors.items():
            form.add_error(name if name in form.fields else field, " ".join(messages))
    else:
        form.add_error(field, str(exc.message))


def _done(request: HtmxHttpRequest, ticket_id: int) -> HttpResponse:
    url = reverse("agent:ticket", args=[ticket_id])
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@login_required
@staff_required
def card(request: HtmxHttpRequest, ticket_id: int) -> HttpResponse:
    ticket = selectors.access_ticket(request.user, ticket_id)  # type: ignore[arg-type]
    return _card(request, ticket)


@login_required
@staff_required
@require_POST
def escalate(request: HtmxHttpRequest, ticket_id: int) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    ticket = selectors.access_ticket(actor, ticket_id)
    form = EscalateForm(request.POST)
    if form.is_valid():
        try:
            escalation.escalate_ticket(actor, ticket, form.cleaned_data["team"], form.cleaned_data["reason"])
        except DomainError as exc:
            _refused(form, exc)
        else:
            return _done(request, ticket.pk)
    return _card(request, ticket, 400, escalate_form=form)


@login_required
@staff_required
@require_POST
def return_escalation(request: HtmxHttpRequest, ticket_id: int) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    ticket = selectors.access_ticket(actor, ticket_id)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            escalation.return_escalation(actor, ticket, form.cleaned_data["note"])
        except DomainError as exc:
            _refused(form, exc)
        else:
            return _done(request, ticket.pk)
    return _card(request, ticket, 400, return_form=form)


@login_required
@staff_required
def macro(request: HtmxHttpRequest, ticket_id: int) -> HttpResponse:
    """GET ?macro=<id>: the macro's text for this ticket, to edit before sending. POST: apply it."""
    actor: User = request.user  # type: ignore[assignment]
    ticket = selectors.access_ticket(actor, ticket_id)
    if request.method != "POST":
        chosen = access_macro(actor, request.GET.get("macro", ""))
        form = ApplyMacroForm(initial={"macro": chosen.pk, "body": render_macro(chosen, ticket, actor)})
        return render(request, CARD + "#macro-form", {"ticket": ticket, "macro_form": form, "macro": chosen})
    form = ApplyMacroForm(request.POST)
    if form.is_valid():
        try:
            apply_macro(actor, ticket, form.cleaned_data["macro"], form.cleaned_data["body"])
        except DomainError as exc:
            _refused(form, exc)
        else:
            return _done(request, ticket.pk)
    return _card(request, ticket, 400, macro_form=form)


@login_required
@staff_required
@require_POST
def merge(request: HtmxHttpRequest, ticket_id: int) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    ticket = selectors.access_ticket(actor, ticket_id)
    form = MergeForm(request.POST)
    if form.is_valid():
        raw = form.cleaned_data["target"].strip()
        try:
            target = selectors.access_ticket(actor, parse_reference(raw) or raw)
            kept = merge_tickets(actor, ticket, target)
        except DomainError as exc:
            _refused(form, exc, "target")
        else:
            return _done(request, kept.pk)
    return _card(request, ticket, 400, merge_form=form)


@login_required
@staff_required
@require_POST
def split(request: HtmxHttpRequest, ticket_id: int) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    ticket = selectors.access_ticket(actor, ticket_id)
    form = SplitForm(request.POST)
    if form.is_valid():
        try:
            message = Message.objects.get(pk=form.cleaned_data["message"], ticket=ticket)
            created = split_message(actor, message, form.cleaned_data["subject"] or "")
        except Message.DoesNotExist:
            form.add_error(None, _("No such message on this ticket."))
        except DomainError as exc:
            _refused(form, exc)
        else:
            return _done(request, created.pk)
    return _card(request, ticket, 400, split_form=form)


@login_required
@staff_required
def presence(request: HtmxHttpRequest) -> HttpResponse:
    """The presence switch in the workspace header. POST with `status` changes it; a POST without
    one is the heartbeat the widget sends every minute."""
    actor: User = request.user  # type: ignore[assignment]
    error = ""
    if request.method == "POST":
        status = request.POST.get("status")
        try:
            current = assignment.set_presence(actor, status) if status else assignment.heartbeat(actor)
        except DomainError as exc:
            error = str(exc.message)
            current = presence_of(actor)
    else:
        current = presence_of(actor)
    context = {"presence": current, "choices": Presence.choices, "error": error}
    return render(request, "tickets/agent/presence.html", context, status=400 if error else 200)
