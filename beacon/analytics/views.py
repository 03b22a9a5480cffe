"""Analytics pages for supervisors and admins: the dashboard, the tickets behind a figure, CSV
exports and the live wall. Agents get 403 there and see only their own figures (`mine`); customers
get 404 everywhere (they are not told the pages exist)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beacon.accounts.models import User
from beacon.analytics import exports, services
from beacon.analytics.charts import chart_data
from beacon.analytics.forms import DrilldownForm, FilterForm
from beacon.analytics.selectors import (
    Filters,
    agent_table,
    backlog_by_team,
    backlog_now,
    chat_summary,
    drilldown_tickets,
    help_summary,
    my_figures,
    ticket_breakdowns,
    ticket_series,
    top_zero_result_searches,
    wall_snapshot,
)
from beacon.core.http import HtmxHttpRequest
from beacon.tickets.selectors import paginate

FILTER_PARAMS = ("range", "start", "end", "team", "channel", "category")
View = Callable[..., HttpResponse | StreamingHttpResponse]


def staff_only(view: View) -> View:
    """Signed-in staff only: others are sent to sign in, customers get a 404."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse | StreamingHttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user.is_staff_member:  # type: ignore[union-attr]
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def supervisor_only(view: View) -> View:
    """Supervisors and administrators; other staff get a 403 that says why."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse | StreamingHttpResponse:
        if not request.user.is_supervisor:  # type: ignore[union-attr]
            raise PermissionDenied(_("Analytics are for supervisors and administrators."))
        return view(request, *args, **kwargs)

    return staff_only(wrapped)


def _filter_query(request: HttpRequest) -> str:
    query = request.GET.copy()
    for name in list(query):
        if name not in FILTER_PARAMS:
            query.pop(name)
    return query.urlencode()


def _form_or_400(request: HttpRequest) -> tuple[FilterForm, HttpResponse | None]:
    form = FilterForm(request.GET)
    if form.is_valid():
        return form, None
    return form, render(request, "analytics/invalid.html", {"form": form}, status=400)


@supervisor_only
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    form, invalid = _form_or_400(request)
    if invalid is not None:
        return invalid
    filters = form.filters()
    tickets = ticket_breakdowns(filters, form.teams, form.categories)
    series = ticket_series(filters)
    chats, chat_series = chat_summary(filters)
    backlog = backlog_now(filters)
    team_backlog = backlog_by_team(filters)
    for figures in tickets["team"]:
        team = form.teams.get(figures.key)
        figures.extra["backlog"] = team_backlog.get(team.pk if team else None, 0)
    actor: User = request.user  # type: ignore[assignment]
    first_day, last_day = form.days()
    context = {
        "form": form,
        "first_day": first_day,
        "last_day": last_day,
        "filters": filters,
        "query": _filter_query(request),
        "tickets": tickets,
        "agents": agent_table(filters),
        "chats": chats,
        "help": help_summary(filters, chats),
        "zero_searches": top_zero_result_searches(filters),
        "backlog": backlog,
        "charts": chart_data(filters, tickets, series, chat_series, backlog),
        "digest_subscribed": services.digest_subscribed(actor),
    }
    template = "analytics/dashboard.html"
    if request.htmx and not request.htmx.boosted:
        template += "#body"
    return render(request, template, context)


@staff_only
def mine(request: HttpRequest) -> HttpResponse:
    """Any staff member's own figures: only the date range applies, and no one else's figures are
    read (the agent is the signed-in user, never a parameter)."""
    form, invalid = _form_or_400(request)
    if invalid is not None:
        return invalid
    actor: User = request.user  # type: ignore[assignment]
    filters = form.filters()
    filters = Filters(start=filters.start, end=filters.end)  # team, channel, category do not apply
    figures = my_figures(actor, filters)
    first_day, last_day = form.days()
    context = {
        "form": form,
        "first_day": first_day,
        "last_day": last_day,
        "filters": filters,
        "mine": figures,
        "rows": [(moment, row) for moment, row in figures.series if row.solved or row.first_responses],
    }
    return render(request, "analytics/mine.html", context)


@supervisor_only
def drilldown(request: HtmxHttpRequest) -> HttpResponse:
    form, invalid = _form_or_400(request)
    drill_form = DrilldownForm(request.GET)
    if invalid is not None:
        return invalid
    if not drill_form.is_valid():
        return render(request, "analytics/invalid.html", {"form": drill_form}, status=400)
    filters = form.filters()
    drill = drill_form.drilldown()
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    page = paginate(drilldown_tickets(filters, drill), number, per_page=50)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filters": filters, "drill": drill, "page": page, "query": query.urlencode(), "form": form}
    return render(request, "analytics/drilldown.html", context)


@supervisor_only
def export(request: HttpRequest, table: str) -> HttpResponse | StreamingHttpResponse:
    if table not in exports.TABLES:
        raise Http404
    form, invalid = _form_or_400(request)
    if invalid is not None:
        return invalid
    filters = form.filters()
    response = StreamingHttpResponse(exports.stream(table, filters), content_type="text/csv; charset=utf-8")
    first, last = form.days()
    response["Content-Disposition"] = f'attachment; filename="beacon-{table}-{first}-{last}.csv"'
    return response


@supervisor_only
def wall(request: HttpRequest) -> HttpResponse:
    return render(request, "analytics/wall.html", {"snapshot": wall_snapshot()})


@supervisor_only
def wall_data(request: HttpRequest) -> HttpResponse:
    """The wall's figures over HTTP: the page's fallback while its websocket reconnects."""
    return HttpResponse(json.dumps(wall_snapshot()), content_type="application/json")


@supervisor_only
@require_POST
def digest(request: HttpRequest) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    services.set_digest_subscription(actor, subscribed=request.POST.get("subscribed") == "1")
    back = request.POST.get("next") or ""
    return redirect(back if back.startswith("/agent/analytics/") else "analytics:dashboard")
