"""Agent actions on the e-mail channel (thin: one service call each)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, user_passes_test
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from beacon.accounts.models import User
from beacon.core.http import HtmxHttpRequest
from beacon.mail import selectors, services

staff_required = user_passes_test(lambda u: u.is_authenticated and u.is_staff_member)


@login_required
@staff_required
@require_POST
def retry(request: HtmxHttpRequest, mail_id: int) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    mail = selectors.access_outbound_mail(actor, mail_id)
    services.retry_outbound_now(actor, mail)
    if request.htmx:
        return render(request, "mail/partials/ticket_mail.html", {"ticket": mail.ticket})
    return redirect("agent:ticket", ticket_id=mail.ticket_id)
