"""Customer portal: suggest the category of a new request from a short description."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from beacon.bot import selectors
from beacon.core.http import HtmxHttpRequest
from beacon.core.ratelimit import hit
from beacon.tickets.selectors import active_categories

MAX_DESCRIPTION = 500
PER_MINUTE = 60  # the box asks at most every 400 ms while the customer types
OTHERS_FROM = 0.1  # alternatives less likely than this are not worth offering


@login_required
@require_GET
def suggest_category(request: HtmxHttpRequest) -> HttpResponse:
    """htmx: the category grid with the suggested category marked. Without htmx (Enter pressed,
    no JavaScript): straight to the suggested category's form, or back to the choice."""
    description = " ".join(request.GET.get("description", "").split())[:MAX_DESCRIPTION]
    categories = list(active_categories())
    result = None
    if description and hit(f"triage-suggest:{request.user.pk}", PER_MINUTE, 60):
        result = selectors.classify(description).prediction
    by_slug = {c.slug: c for c in categories}
    suggestion = by_slug.get(result.category) if result is not None and result.category else None
    if not request.htmx:
        if suggestion is not None:
            return redirect("portal:new_in_category", slug=suggestion.slug)
        return redirect("portal:new")
    alternatives = result.alternatives[1:] if result is not None else []
    others = [by_slug[slug] for slug, confidence in alternatives if slug in by_slug and confidence >= OTHERS_FROM]
    context = {
        "categories": categories,
        "suggestion": suggestion,
        "others": others if suggestion is not None else [],
        "unsure": result is not None and suggestion is None,
    }
    return render(request, "bot/partials/category_choice.html", context)
