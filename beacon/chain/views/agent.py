"""Agent side: ask for fresh on-chain facts on a ticket."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beacon.accounts.models import User
from beacon.chain import services
from beacon.core.http import HtmxHttpRequest
from beacon.tickets.selectors import access_ticket

staff_required = user_passes_test(lambda u: u.is_authenticated and u.is_staff_member)


@login_required
@staff_required
@require_POST
def recheck(request: HtmxHttpRequest, ticket_id: int) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    ticket = access_ticket(actor, ticket_id)
    services.recheck_ticket_now(actor, ticket)
    messages.success(request, _("On-chain facts are being checked again; the result appears as an internal note."))
    return redirect("agent:ticket", ticket_id=ticket.pk)
