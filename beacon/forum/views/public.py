"""The forum for everyone: browse, search, ask, reply, vote, accept, report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beacon.accounts.models import User
from beacon.core.errors import DomainError, NotFound, ValidationFailed
from beacon.core.http import HtmxHttpRequest
from beacon.forum import conf, selectors
from beacon.forum.forms import EditForm, MoveForm, ReplyForm, ReportForm, SuspendForm, ThreadForm
from beacon.forum.models import Thread
from beacon.forum.services import moderation, notifications, posting
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
        "unread": selectors.unread_count(actor),
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


def _post_context(actor: User | None, current: Thread) -> dict[str, Any]:
    """What the post partial needs, for the thread page and for the live refresh alike."""
    is_moderator = selectors.is_moderator(actor)
    return {
        "thread": current,
        "my_votes": selectors.my_votes(actor, current),
        "is_moderator": is_moderator,
        "can_accept": actor is not None and (is_moderator or actor.pk == current.author_id),
        "edit_cutoff": timezone.now() - conf.edit_window(),
        "report_form": ReportForm(),
        "suspend_form": SuspendForm() if actor is not None and actor.is_supervisor else None,
        "poll_seconds": conf.live_poll_seconds(),
    }


def thread(request: HtmxHttpRequest, thread_id: int) -> HttpResponse:
    actor = _actor(request)
    current = selectors.access_thread(actor, thread_id)
    posts = list(selectors.thread_posts(actor, current))
    notifications.mark_thread_read(actor, current)
    context = {
        **_post_context(actor, current),
        "posts": posts,
        "last_post_id": posts[-1].pk if posts else 0,
        "is_following": selectors.is_following(actor, current),
        "form": ReplyForm(),
        "move_form": MoveForm(initial={"category": current.category.slug}) if selectors.is_moderator(actor) else None,
    }
    return render(request, "forum/thread.html", context)


def since(request: HtmxHttpRequest, thread_id: int) -> HttpResponse:
    """The live refresh of an open thread page: replies newer than `after`, then a new poller.
    Nothing new answers 204 (htmx swaps nothing): one indexed query per poll."""
    actor = _actor(request)
    current = selectors.access_thread(actor, thread_id)
    try:
        after = max(0, int(request.GET.get("after", "0")))
    except ValueError:
        after = 0
    posts = selectors.posts_after(actor, current, after)
    if not posts:
        return HttpResponse(status=204)
    context = {**_post_context(actor, current), "posts": posts, "last_post_id": posts[-1].pk}
    return render(request, "forum/partials/live_posts.html", context)


@login_required
@require_POST
def follow(request: HtmxHttpRequest, thread_id: int) -> HttpResponse:
    current = selectors.access_thread(request.user, thread_id)  # type: ignore[arg-type]
    following = request.POST.get("following", "1") == "1"
    notifications.set_following(request.user, current, following)  # type: ignore[arg-type]
    if following:
        messages.success(request, _("You follow this thread: you will be told about new replies."))
    else:
        messages.success(request, _("You no longer follow this thread."))
    return redirect(current)


@login_required
def edit(request: HtmxHttpRequest, post_id: int) -> HttpResponse:
    post = selectors.access_post(request.user, post_id)  # type: ignore[arg-type]
    if not posting.may_edit(request.user, post):  # type: ignore[arg-type]
        messages.error(request, _("This post can no longer be edited."))
        return redirect(f"{post.thread.get_absolute_url()}#p{post.pk}")
    initial = {"body": post.body, "title": post.thread.title}
    form = EditForm(request.POST or None, initial=initial, with_title=post.is_opening)
    if request.method == "POST" and form.is_valid():
        try:
            edited = posting.edit_post(
                request.user,  # type: ignore[arg-type]
                post,
                form.cleaned_data["body"],
                form.cleaned_data.get("title") if post.is_opening else None,
            )
        except ValidationFailed as exc:
            form.add_domain_errors(exc)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            for warning in edited.warnings:
                messages.warning(request, warning)
            return redirect(f"{post.thread.get_absolute_url()}#p{post.pk}")
    return render(request, "forum/edit.html", {"form": form, "post": post, "thread": post.thread})


@login_required
def history(request: HtmxHttpRequest, post_id: int) -> HttpResponse:
    """Earlier versions of a post: for its author and moderators."""
    post = selectors.access_post(request.user, post_id)  # type: ignore[arg-type]
    if post.author_id != request.user.pk and not selectors.is_moderator(request.user):  # type: ignore[arg-type]
        raise NotFound(_("No such post."))
    context = {"post": post, "thread": post.thread, "revisions": selectors.post_revisions(post)[:50]}
    return render(request, "forum/history.html", context)


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
