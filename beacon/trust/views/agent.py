"""Supervisor view of security events."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, user_passes_test
from django.http import HttpResponse
from django.shortcuts import render

from beacon.core.http import HtmxHttpRequest
from beacon.tickets.selectors import paginate
from beacon.trust.forms import EventFilterForm
from beacon.trust.selectors import security_events

supervisor_required = user_passes_test(lambda u: u.is_authenticated and u.is_supervisor)


@login_required
@supervisor_required
def events(request: HtmxHttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    page = paginate(security_events(kind), number, per_page=50)
    query = f"kind={kind}" if kind else ""
    return render(request, "trust/events.html", {"form": form, "page": page, "query": query})
