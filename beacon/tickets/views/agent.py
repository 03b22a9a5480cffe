"""Agent workspace: queues and the ticket page. htmx swaps fragments instead of reloading."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from beacon.accounts.models import User
from beacon.core.errors import DomainError, ValidationFailed
from beacon.core.http import HtmxHttpRequest
from beacon.core.uploads import UploadRejected, prepare_uploaded_files
from beacon.tickets import selectors, services
from beacon.tickets.fields import ticket_field_rows
from beacon.tickets.forms import AgentReplyForm, QueueFilterForm, TicketPropertiesForm
from beacon.tickets.models import Ticket
from beacon.trust.selectors import ticket_verification_code

staff_required = user_passes_test(lambda u: u.is_authenticated and u.is_staff_member)

QUEUE_TABS = [
    ("unassigned", gettext_lazy("Unassigned")),
    ("mine", gettext_lazy("Mine")),
    ("team", gettext_lazy("My teams")),
    ("open", gettext_lazy("All open")),
    ("all", gettext_lazy("Everything")),
]


@login_required
@staff_required
def queue(request: HtmxHttpRequest, name: str = "open") -> HttpResponse:
    if name not in selectors.QUEUES:
        name = "open"
    form = QueueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.QueueFilters(
        queue=name,
        status=data.get("status") or "",
        category=data.get("category") or "",
        priority=data.get("priority"),
        team=data.get("team") or "",
        q=(data.get("q") or "").strip(),
        sort=data.get("sort") or "urgent",
    )
    page = selectors.paginate(selectors.agent_queue(request.user, filters), _page_number(request))  # type: ignore[arg-type]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "queue": name, "tabs": QUEUE_TABS, "query": query.urlencode()}
    template = "tickets/agent/queue.html"
    if request.htmx and not request.htmx.boosted:
        template += "#queue-table"
    return render(request, template, context)


def _page_number(request: HtmxHttpRequest) -> int:
    try:
        return int(request.GET.get("page", "1"))
    except ValueError:
        return 1


def _ticket_context(request: HtmxHttpRequest, ticket: Ticket, **extra: Any) -> dict[str, Any]:
    actor: User = request.user  # type: ignore[assignment]
    fields = ticket_field_rows(ticket.category.fields, ticket.fields)
    context = {
        "ticket": ticket,
        "fields": fields,
        "verification_code": ticket_verification_code(ticket.pk),
        "thread": selectors.thread(actor, ticket),
        "timeline": selectors.timeline(ticket)[:50],
        "others": selectors.other_tickets_of_requester(actor, ticket),
        "reply_form": AgentReplyForm(),
        "properties_form": TicketPropertiesForm(
            initial={
                "status": ticket.status,
                "priority": ticket.priority,
                "category": ticket.category.slug,
                "team": ticket.team_id,
                "assignee": ticket.assignee_id,
            }
        ),
    }
    context.update(extra)
    return context


@login_required
@staff_required
def ticket_page(request: HtmxHttpRequest, ticket_id: int) -> HttpResponse:
    ticket = selectors.access_ticket(request.user, ticket_id)  # type: ignore[arg-type]
    template = "tickets/agent/ticket.html"
    if request.htmx and request.GET.get("fragment") == "thread":
        template += "#thread"
    return render(request, template, _ticket_context(request, ticket))


@login_required
@staff_required
@require_POST
def reply(request: HtmxHttpRequest, ticket_id: int) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    ticket = selectors.access_ticket(actor, ticket_id)
    form = AgentReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            uploads = prepare_uploaded_files(form.cleaned_data["attachments"])
            services.post_agent_reply(
                actor,
                ticket,
                form.cleaned_data["body"],
                internal=form.cleaned_data["internal"],
                attachments=uploads,
                new_status=form.cleaned_data["status"] or None,
            )
        except UploadRejected as exc:
            form.add_error("attachments", str(exc.message))
        except ValidationFailed as exc:
            for messages_ in exc.errors.values():
                form.add_error("body", " ".join(messages_))
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            form = AgentReplyForm()
    ticket = selectors.access_ticket(actor, ticket_id)
    context = _ticket_context(request, ticket, reply_form=form)
    if request.htmx:
        return render(request, "tickets/agent/ticket.html#conversation", context)
    if not form.errors:
        return redirect("agent:ticket", ticket_id=ticket.pk)
    return render(request, "tickets/agent/ticket.html", context, status=400)


@login_required
@staff_required
@require_POST
def update_properties(request: HtmxHttpRequest, ticket_id: int) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    ticket = selectors.access_ticket(actor, ticket_id)
    form = TicketPropertiesForm(request.POST)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            ticket = services.update_ticket(
                actor,
                ticket,
                category=selectors.access_category(data["category"]),
                priority=data["priority"],
                team=selectors.access_team(data["team"]),
                assignee=selectors.access_staff_member(data["assignee"]),
            )
            if data["status"] != ticket.status:
                services.change_status(actor, ticket, data["status"])
        except ValidationFailed as exc:
            for name, errors in exc.errors.items():
                form.add_error(name if name in form.fields else None, " ".join(errors))
            status = 400
        except DomainError as exc:
            form.add_error(None, str(exc.message))
            status = 400
        else:
            messages.success(request, _("Ticket updated."))
    else:
        status = 400
    ticket = selectors.access_ticket(actor, ticket_id)
    context = _ticket_context(request, ticket)
    if status == 400:
        context["properties_form"] = form
    if request.htmx:
        return render(request, "tickets/agent/ticket.html#sidebar", context, status=status)
    if status == 200:
        return redirect("agent:ticket", ticket_id=ticket.pk)
    return render(request, "tickets/agent/ticket.html", context, status=status)
