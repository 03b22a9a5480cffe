"""A member's forum notifications, and the unsubscribe link of the notification mails."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from beacon.accounts.models import User
from beacon.core.errors import NotFound
from beacon.core.http import HtmxHttpRequest
from beacon.forum import selectors
from beacon.forum.mail import read_unsubscribe_token
from beacon.forum.models import Thread
from beacon.forum.services import notifications
from beacon.tickets.selectors import paginate


@login_required
def inbox(request: HtmxHttpRequest) -> HttpResponse:
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    page = paginate(selectors.notifications_for(request.user), number, per_page=30)  # type: ignore[arg-type]
    return render(request, "forum/notifications.html", {"page": page})


@login_required
@require_POST
def mark_all_read(request: HtmxHttpRequest) -> HttpResponse:
    notifications.mark_read(request.user)  # type: ignore[arg-type]
    return redirect("forum:notifications")


@csrf_exempt  # the signed token is the credential; mail clients POST here for one-click unsubscribe
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """GET shows what the link does (mail scanners open links: they must change nothing); POST
    unfollows the thread, or stops all forum e-mail when `scope=all`."""
    found = read_unsubscribe_token(token)
    user = User.objects.filter(pk=found[0], is_active=True).first() if found else None
    thread = Thread.objects.filter(pk=found[1]).first() if found else None
    if user is None or thread is None:
        raise NotFound(_("This unsubscribe link is not valid. Sign in to change what the forum sends you."))
    done = ""
    if request.method == "POST":
        if request.POST.get("scope") == "all":
            notifications.stop_all_mail(user)
            done = "all"
        else:
            notifications.set_following(user, thread, False)
            done = "thread"
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(status=204)
    visible = not thread.is_hidden or user.is_staff_member or thread.author_id == user.pk
    context = {"token": token, "thread": thread if visible else None, "done": done}
    if done:
        messages.success(request, _("Done: you will get no more of these e-mails."))
    return render(request, "forum/unsubscribe.html", context)
