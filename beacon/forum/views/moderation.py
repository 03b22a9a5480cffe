"""Moderator pages and actions (staff; suspensions: supervisors). The services check permissions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beacon.accounts.models import User
from beacon.core.errors import DomainError, NotFound
from beacon.core.http import HtmxHttpRequest
from beacon.forum import selectors
from beacon.forum.forms import MoveForm, SuspendForm
from beacon.forum.services import knowledge, moderation, posting
from beacon.forum.services.common import require_moderator
from beacon.helpcenter.selectors import access_announcement_by_id, published_announcements


@login_required
def reports(request: HtmxHttpRequest) -> HttpResponse:
    require_moderator(request.user)  # type: ignore[arg-type]
    context = {
        "reports": selectors.open_reports()[:100],
        "announcements": published_announcements()[:20],
        "categories": selectors.active_categories(),
    }
    return render(request, "forum/moderation.html", context)


@login_required
@require_POST
def moderate_thread(request: HtmxHttpRequest, thread_id: int) -> HttpResponse:
    thread = selectors.access_thread(request.user, thread_id)  # type: ignore[arg-type]
    action = request.POST.get("action", "")
    moderation.moderate_thread(request.user, thread, action, request.POST.get("reason", ""))  # type: ignore[arg-type]
    messages.success(request, _("Done."))
    return redirect(thread)


@login_required
@require_POST
def move_thread(request: HtmxHttpRequest, thread_id: int) -> HttpResponse:
    thread = selectors.access_thread(request.user, thread_id)  # type: ignore[arg-type]
    form = MoveForm(request.POST)
    if form.is_valid():
        target = selectors.access_category(form.cleaned_data["category"])
        moderation.move_thread(request.user, thread, target)  # type: ignore[arg-type]
        messages.success(request, _("Moved to %(category)s.") % {"category": target.name})
    return redirect(thread)


@login_required
@require_POST
def hide_post(request: HtmxHttpRequest, post_id: int) -> HttpResponse:
    post = selectors.access_post(request.user, post_id)  # type: ignore[arg-type]
    hidden = request.POST.get("hidden", "1") == "1"
    moderation.set_post_hidden(request.user, post, hidden, request.POST.get("reason", ""))  # type: ignore[arg-type]
    moderation.resolve_reports(request.user, post)  # type: ignore[arg-type]
    return redirect(request.POST.get("next") or f"{post.thread.get_absolute_url()}#p{post.pk}")


@login_required
@require_POST
def post_to_ticket(request: HtmxHttpRequest, post_id: int) -> HttpResponse:
    post = selectors.access_post(request.user, post_id)  # type: ignore[arg-type]
    ticket = moderation.move_post_to_ticket(request.user, post)  # type: ignore[arg-type]
    messages.success(
        request, _("The post is now private: %(ref)s was opened for its author.") % {"ref": ticket.reference}
    )
    return redirect(post.thread)


@login_required
@require_POST
def thread_to_article(request: HtmxHttpRequest, thread_id: int) -> HttpResponse:
    thread = selectors.access_thread(request.user, thread_id)  # type: ignore[arg-type]
    article = knowledge.draft_article_from_thread(request.user, thread)  # type: ignore[arg-type]
    messages.success(request, _("Draft article “%(title)s” created for review.") % {"title": article.title})
    return redirect(reverse("helpcenter:manage_article", kwargs={"article_id": article.pk}))


@login_required
@require_POST
def suspend(request: HtmxHttpRequest, user_id: int) -> HttpResponse:
    require_moderator(request.user)  # type: ignore[arg-type]
    member = User.objects.filter(pk=user_id).first()
    if member is None:
        raise NotFound(_("No such member."))
    form = SuspendForm(request.POST)
    next_url = request.POST.get("next") or reverse("forum:index")
    if not form.is_valid():
        messages.error(request, _("Give the number of days and a reason."))
        return redirect(next_url)
    try:
        moderation.suspend_user(request.user, member, form.cleaned_data["days"], form.cleaned_data["reason"])  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request, _("%(who)s cannot post for %(n)d days.") % {"who": member.label, "n": form.cleaned_data["days"]}
        )
    return redirect(next_url)


@login_required
@require_POST
def crosspost(request: HtmxHttpRequest) -> HttpResponse:
    announcement = access_announcement_by_id(request.user, request.POST.get("announcement", ""))  # type: ignore[arg-type]
    category = selectors.access_category(request.POST.get("category", ""))
    thread = posting.crosspost_announcement(request.user, announcement, category)  # type: ignore[arg-type]
    return redirect(thread)
