"""The forum for everyone: browse, search, ask, reply, vote, accept, report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beacon.core.errors import DomainError, ValidationFailed
from beacon.core.http import HtmxHttpRequest
from beacon.forum import selectors
from beacon.forum.forms import MoveForm, ReplyForm, ReportForm, SuspendForm, ThreadForm
from beacon.forum.services import moderation, posting
from beacon.tickets.selectors import paginate


def _page_number(request: HtmxHttpRequest) -> int:
    try:
        return int(request.GET.get("page", "1"))
    except ValueError:
        return 1


def _actor(request: HtmxHttpRequest):  # type: ignore[no-untyped-def]
    return request.user if request.user.is_authenticated else None


def index(request: HtmxHttpRequest) -> HttpResponse:
    actor = _actor(request)
    context = {
        "categories": selectors.categories_with_counts(actor),
        "page": paginate(selectors.thread_list(actor), _page_number(request), per_page=20),
    }
    return render(request, "forum/index.html", context)


def category(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    actor = _actor(request)
    current = selectors.access_category(slug)
    page = paginate(selectors.thread_list(actor, current), _page_number(request), per_page=20)
    template = "forum/category.html#threads" if request.htmx else "forum/category.html"
    return render(request, template, {"category": current, "page": page})


def search(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    hits = selectors.search(query) if query else []
    return render(request, "forum/search.html", {"query": query, "hits": hits})


def thread(request: HtmxHttpRequest, thread_id: int) -> HttpResponse:
    actor = _actor(request)
    current = selectors.access_thread(actor, thread_id)
    is_moderator = selectors.is_moderator(actor)
    context = {
        "thread": current,
        "posts": selectors.thread_posts(actor, current),
        "my_votes": selectors.my_votes(actor, current),
        "is_moderator": is_moderator,
        "can_accept": actor is not None and (is_moderator or actor.pk == current.author_id),
        "form": ReplyForm(),
        "report_form": ReportForm(),
        "move_form": MoveForm(initial={"category": current.category.slug}) if is_moderator else None,
        "suspend_form": SuspendForm() if actor is not None and actor.is_supervisor else None,
    }
    return render(request, "forum/thread.html", context)


@login_required
def new_thread(request: HtmxHttpRequest) -> HttpResponse:
    form = ThreadForm(request.POST or None, initial={"category": request.GET.get("category", "")})
    if request.method == "POST" and form.is_valid():
        try:
            posted = posting.start_thread(
                request.user,  # type: ignore[arg-type]
                selectors.access_category(form.cleaned_data["category"]),
                form.cleaned_data["kind"],
                form.cleaned_data["title"],
                form.cleaned_data["body"],
            )
        except ValidationFailed as exc:
            form.add_domain_errors(exc)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            for warning in posted.warnings:
                messages.warning(request, warning)
            return redirect(posted.thread)
    return render(request, "forum/new_thread.html", {"form": form})


@login_required
@require_POST
def reply(request: HtmxHttpRequest, thread_id: int) -> HttpResponse:
    current = selectors.access_thread(request.user, thread_id)  # type: ignore[arg-type]
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            posted = posting.reply(request.user, current, form.cleaned_data["body"])  # type: ignore[arg-type]
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            for warning in posted.warnings:
                messages.warning(request, warning)
            return redirect(f"{current.get_absolute_url()}#p{posted.post.pk}")
    else:
        messages.error(request, _("Write a reply of at most %(n)d characters.") % {"n": 10_000})
    return redirect(current)


@login_required
@require_POST
def vote(request: HtmxHttpRequest, post_id: int) -> HttpResponse:
    post = selectors.access_post(request.user, post_id)  # type: ignore[arg-type]
    try:
        value = int(request.POST.get("value", "0"))
        posting.vote(request.user, post, value)  # type: ignore[arg-type]
    except ValueError:
        messages.error(request, _("Vote up or down."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect(f"{post.thread.get_absolute_url()}#p{post.pk}")


@login_required
@require_POST
def accept(request: HtmxHttpRequest, post_id: int) -> HttpResponse:
    post = selectors.access_post(request.user, post_id)  # type: ignore[arg-type]
    posting.accept_answer(request.user, post)  # type: ignore[arg-type]
    messages.success(request, _("Marked as the accepted answer."))
    return redirect(f"{post.thread.get_absolute_url()}#p{post.pk}")


@login_required
@require_POST
def report(request: HtmxHttpRequest, post_id: int) -> HttpResponse:
    post = selectors.access_post(request.user, post_id)  # type: ignore[arg-type]
    form = ReportForm(request.POST)
    if form.is_valid():
        moderation.report_post(request.user, post, form.cleaned_data["reason"])  # type: ignore[arg-type]
        messages.success(request, _("Thank you. A moderator will look at this post."))
    else:
        messages.error(request, _("Say what is wrong with this post."))
    return redirect(post.thread)
