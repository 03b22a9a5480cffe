"""Agent views of the e-mail channel (thin: one selector or service call each)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, user_passes_test
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from beacon.accounts.models import User
from beacon.core.http import HtmxHttpRequest
from beacon.mail import selectors, services
from beacon.tickets.models import Ticket
from beacon.tickets.selectors import access_ticket

staff_required = user_passes_test(lambda u: u.is_authenticated and u.is_staff_member)


def _log(request: HtmxHttpRequest, ticket: Ticket) -> HttpResponse:
    context = {"ticket": ticket, "mails": selectors.ticket_mail_log(ticket)}
    return render(request, "mail/partials/mail_log.html", context)


@login_required
@staff_required
def ticket_log(request: HtmxHttpRequest, ticket_id: int) -> HttpResponse:
    """The mails sent about a ticket, with their status and errors (loaded into the ticket page)."""
    return _log(request, access_ticket(request.user, ticket_id))  # type: ignore[arg-type]


@login_required
@staff_required
@require_POST
def retry(request: HtmxHttpRequest, mail_id: int) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    mail = selectors.access_outbound_mail(actor, mail_id)
    services.retry_outbound_now(actor, mail)
    if request.htmx:
        return _log(request, mail.ticket)
    return redirect("agent:ticket", ticket_id=mail.ticket_id)


@login_required
def message_html(request: HtmxHttpRequest, message_id: int) -> HttpResponse:
    """A received mail's original formatting, in a sandboxed frame (the thread shows its text)."""
    kept = selectors.access_mail_html(request.user, message_id)  # type: ignore[arg-type]
    return render(request, "mail/partials/message_html.html", {"kept": kept})
