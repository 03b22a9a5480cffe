"""Customer portal: open a ticket, follow it, reply, close or reopen."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beacon.core.errors import DomainError, ValidationFailed
from beacon.core.http import HtmxHttpRequest
from beacon.core.inbound import Channel, InboundMessage, ThreadHint, process_inbound
from beacon.core.uploads import UploadRejected, prepare_uploaded_files
from beacon.tickets import selectors, services
from beacon.tickets.api import attachment_response
from beacon.tickets.enums import Status
from beacon.tickets.fields import ticket_field_rows
from beacon.tickets.forms import ReplyForm, TicketForm
from beacon.trust.selectors import ticket_verification_code


def home(request: HtmxHttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return render(request, "tickets/portal/landing.html")
    if user.is_staff_member:
        return redirect("agent:queue")
    page = selectors.paginate(selectors.customer_tickets(user), _page_number(request), per_page=20)
    return render(request, "tickets/portal/ticket_list.html", {"page": page})


def _page_number(request: HtmxHttpRequest) -> int:
    try:
        return int(request.GET.get("page", "1"))
    except ValueError:
        return 1


@login_required
def new_ticket(request: HtmxHttpRequest, slug: str | None = None) -> HttpResponse:
    categories = selectors.active_categories()
    if slug is None:
        return render(request, "tickets/portal/choose_category.html", {"categories": categories})
    category = selectors.access_category(slug)
    form = TicketForm(category, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            uploads = prepare_uploaded_files(form.cleaned_data["attachments"])
            ctx = process_inbound(
                InboundMessage(
                    channel=Channel.WEB,
                    author=request.user,  # type: ignore[arg-type]
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    category=category.slug,
                    fields=form.category_values(),
                    attachments=uploads,
                )
            )
        except UploadRejected as exc:
            form.add_error("attachments", str(exc.message))
        except ValidationFailed as exc:
            form.add_domain_errors(exc)
        else:
            messages.success(request, _("Your request %(ref)s has been received.") % {"ref": ctx.ticket.reference})
            for warning in ctx.warnings:
                messages.warning(request, warning)
            return redirect("portal:detail", ticket_id=ctx.ticket.pk)
    template = "tickets/portal/new_ticket.html#ticket-form" if request.htmx else "tickets/portal/new_ticket.html"
    return render(request, template, {"form": form, "category": category, "categories": categories})


@login_required
def ticket_detail(request: HtmxHttpRequest, ticket_id: int) -> HttpResponse:
    ticket = selectors.access_ticket(request.user, ticket_id)  # type: ignore[arg-type]
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            uploads = prepare_uploaded_files(form.cleaned_data["attachments"])
            ctx = process_inbound(
                InboundMessage(
                    channel=Channel.WEB,
                    author=request.user,  # type: ignore[arg-type]
                    body=form.cleaned_data["body"],
                    attachments=uploads,
                    thread_hint=ThreadHint(ticket_id=ticket.pk),
                )
            )
        except UploadRejected as exc:
            form.add_error("attachments", str(exc.message))
        except DomainError as exc:
            form.add_error("body", str(exc.message))
        else:
            for warning in ctx.warnings:
                messages.warning(request, warning)
            return redirect("portal:detail", ticket_id=ticket.pk)
    context = {
        "ticket": ticket,
        "fields": ticket_field_rows(ticket.category.fields, ticket.fields),
        "verification_code": ticket_verification_code(ticket.pk),
        "thread": selectors.thread(request.user, ticket),  # type: ignore[arg-type]
        "form": form,
        "can_close": ticket.status != Status.CLOSED,
        "can_reopen": ticket.status in {Status.SOLVED, Status.CLOSED},
    }
    return render(request, "tickets/portal/ticket_detail.html", context)


@login_required
@require_POST
def set_status(request: HtmxHttpRequest, ticket_id: int) -> HttpResponse:
    ticket = selectors.access_ticket(request.user, ticket_id)  # type: ignore[arg-type]
    target = request.POST.get("status", "")
    try:
        services.change_status(request.user, ticket, target)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Your request is now %(status)s.") % {"status": Status(target).label})
    return redirect("portal:detail", ticket_id=ticket.pk)


@login_required
def download_attachment(request: HtmxHttpRequest, attachment_id: int) -> FileResponse:
    attachment = selectors.access_attachment(request.user, attachment_id)  # type: ignore[arg-type]
    return attachment_response(attachment)
