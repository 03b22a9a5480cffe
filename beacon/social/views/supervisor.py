"""The supervisors' view of public mentions: answer with an official link, open a ticket, dismiss."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beacon.core.errors import DomainError
from beacon.core.http import HtmxHttpRequest
from beacon.social import selectors
from beacon.social.services import mentions


@login_required
def mention_list(request: HtmxHttpRequest) -> HttpResponse:
    status = request.GET.get("status", "new")
    rows = selectors.mentions_for(request.user, status)[:100]  # type: ignore[arg-type]
    suggestions = {m.pk: mentions.official_reply(m) for m in rows if m.status == "new"}
    return render(
        request,
        "social/mentions.html",
        {"mentions": rows, "status": status, "suggestions": suggestions, "statuses": selectors.STATUS_TABS},
    )


@login_required
@require_POST
def mention_action(request: HtmxHttpRequest, mention_id: int, action: str) -> HttpResponse:
    mention = selectors.access_mention(request.user, mention_id)  # type: ignore[arg-type]
    try:
        if action == "answer":
            mentions.answer_mention(request.user, mention, request.POST.get("response", ""))  # type: ignore[arg-type]
            messages.success(request, _("Marked as answered. Post the reply on the platform."))
        elif action == "ticket":
            ticket = mentions.mention_to_ticket(request.user, mention)  # type: ignore[arg-type]
            messages.success(request, _("Ticket %(ref)s opened.") % {"ref": ticket.reference})
        else:
            mentions.dismiss_mention(request.user, mention)  # type: ignore[arg-type]
            messages.success(request, _("Dismissed."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("social:mentions")
