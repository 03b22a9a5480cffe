"""Customer satisfaction in the portal, and the signed rating link e-mails point to."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beacon.core.errors import DomainError, ValidationFailed
from beacon.core.http import HtmxHttpRequest
from beacon.tickets import selectors
from beacon.tickets.csat.forms import RatingForm
from beacon.tickets.csat.links import ticket_from_token
from beacon.tickets.csat.selectors import can_rate, rating_of
from beacon.tickets.csat.services import rate_ticket


@login_required
@require_POST
def rate(request: HtmxHttpRequest, ticket_id: int) -> HttpResponse:
    ticket = selectors.access_ticket(request.user, ticket_id)  # type: ignore[arg-type]
    if ticket.requester_id != request.user.pk:
        messages.error(request, _("Only the customer who opened the request can rate it."))
        return redirect("agent:ticket", ticket_id=ticket.pk)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            rate_ticket(ticket, form.cleaned_data["score"], form.cleaned_data["comment"])
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Thank you for your rating."))
    else:
        messages.error(request, _("Choose a rating from 1 to 5."))
    return redirect("portal:detail", ticket_id=ticket.pk)


def rate_link(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The page an e-mail's rating link opens: no sign-in needed, the signed token identifies the
    ticket. GET only shows the form (link scanners must not rate); POST records the rating."""
    ticket = ticket_from_token(token)
    initial = {"score": request.GET.get("score")} if request.GET.get("score") in {"1", "2", "3", "4", "5"} else {}
    form = RatingForm(request.POST or None, initial=initial)
    done = False
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                rate_ticket(ticket, form.cleaned_data["score"], form.cleaned_data["comment"], via="link")
                done = True
            except ValidationFailed as exc:
                for name, errors in exc.errors.items():
                    form.add_error(name if name in form.fields else None, " ".join(errors))
            except DomainError as exc:
                form.add_error(None, str(exc.message))
        status = 200 if done else 400
    context = {"ticket": ticket, "form": form, "done": done, "can_rate": can_rate(ticket), "rating": rating_of(ticket)}
    return render(request, "tickets/portal/rate.html", context, status=status)
