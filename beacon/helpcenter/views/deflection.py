"""Deflection: while a customer describes a problem on the new-request form, articles that may
answer it appear; "this solved my problem" is counted and ends the request."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from beacon.core.http import HtmxHttpRequest
from beacon.helpcenter import selectors
from beacon.helpcenter.services import feedback

MAX_QUERY_CHARS = 300
MIN_QUERY_CHARS = 2


def _query(subject: str, body: str) -> str:
    return " ".join(f"{subject} {body}".split())[:MAX_QUERY_CHARS]


@require_GET
def suggest(request: HtmxHttpRequest) -> HttpResponse:
    query = _query(request.GET.get("subject", ""), request.GET.get("body", ""))
    hits = selectors.suggest_articles(query, selectors.content_language()) if len(query) >= MIN_QUERY_CHARS else []
    return render(request, "helpcenter/partials/suggestions.html", {"hits": hits, "query": query})


@require_POST
def solved(request: HtmxHttpRequest) -> HttpResponse:
    article = selectors.access_article(request.user, request.POST.get("article", ""))  # type: ignore[arg-type]
    feedback.record_deflection(request.user, article, request.POST.get("query", ""))  # type: ignore[arg-type]
    messages.success(request, _("Glad that solved it. No request was opened; you can always write to us later."))
    target = article.get_absolute_url()
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)
