"""Reads. Every id or slug that comes from a user resolves through an access_* function."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.core.errors import NotFound
from beacon.core.search.engine import SearchHit
from beacon.core.search.engine import search as search_index
from beacon.forum.enums import SEARCH_KIND
from beacon.forum.models import (
    ForumCategory,
    Notification,
    Post,
    PostRevision,
    Report,
    Subscription,
    Suspension,
    Thread,
    Vote,
)


def is_moderator(user: User | None) -> bool:
    return user is not None and user.is_authenticated and user.is_staff_member


def active_categories() -> QuerySet[ForumCategory]:
    return ForumCategory.objects.filter(is_active=True)


def categories_with_counts(actor: User | None) -> QuerySet[ForumCategory]:
    visible = Q() if is_moderator(actor) else Q(threads__is_hidden=False)
    return active_categories().annotate(thread_count=Count("threads", filter=visible))


def access_category(slug: str) -> ForumCategory:
    category = active_categories().filter(slug=slug).first()
    if category is None:
        raise NotFound(_("No such forum category."))
    return category


def _visible_threads(actor: User | None) -> QuerySet[Thread]:
    threads = Thread.objects.all()
    if is_moderator(actor):
        return threads
    if actor is not None and actor.is_authenticated:
        return threads.filter(Q(is_hidden=False) | Q(author=actor))
    return threads.filter(is_hidden=False)


def thread_list(actor: User | None, category: ForumCategory | None = None) -> QuerySet[Thread]:
    """Pinned first, then most recently active; the author and category come with each thread."""
    threads = _visible_threads(actor).filter(category__is_active=True)
    if category is not None:
        threads = threads.filter(category=category)
    return threads.select_related("author", "category").order_by("-is_pinned", "-last_activity_at", "-id")


def access_thread(actor: User | None, thread_id: int | str) -> Thread:
    """A thread the actor may see: hidden ones only for staff and their author."""
    try:
        pk = int(thread_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such thread.")) from None
    thread = _visible_threads(actor).select_related("author", "category", "accepted_post").filter(pk=pk).first()
    if thread is None:
        raise NotFound(_("No such thread."))
    return thread


def access_post(actor: User | None, post_id: int | str) -> Post:
    try:
        pk = int(post_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such post.")) from None
    post = Post.objects.select_related("thread", "author", "thread__author").filter(pk=pk).first()
    if post is None or (post.is_hidden and not is_moderator(actor) and post.author != actor):
        raise NotFound(_("No such post."))
    access_thread(actor, post.thread_id)
    return post


def thread_posts(actor: User | None, thread: Thread) -> QuerySet[Post]:
    """The posts as the actor sees them: hidden posts show as a placeholder, except to staff."""
    return thread.posts.select_related("author", "moved_to_ticket").order_by("created_at", "id")


def my_votes(actor: User | None, thread: Thread) -> dict[int, int]:
    if actor is None or not actor.is_authenticated:
        return {}
    return dict(Vote.objects.filter(post__thread=thread, user=actor).values_list("post_id", "value"))


def active_suspension(user: User) -> Suspension | None:
    return Suspension.objects.filter(user=user, lifted_at__isnull=True, until__gt=timezone.now()).first()


def open_reports() -> QuerySet[Report]:
    return (
        Report.objects.filter(resolved_at__isnull=True)
        .select_related("reporter", "post", "post__author", "post__thread")
        .order_by("-created_at")
    )


def posts_by(user: User) -> int:
    return Post.objects.filter(author=user, is_hidden=False).count()


def search(query: str, languages: Sequence[str] = (), limit: int = 20) -> list[SearchHit]:
    """Forum threads matching `query`, through the same search backend as the help center."""
    return search_index(query, languages=list(languages), kinds=[SEARCH_KIND], limit=limit)


def recent_announcement_threads() -> QuerySet[Thread]:
    return Thread.objects.filter(announcement__isnull=False).select_related("announcement")


def with_reply_preview(threads: QuerySet[Thread]) -> QuerySet[Thread]:
    return threads.prefetch_related(Prefetch("posts", queryset=Post.objects.filter(is_opening=True)))


def posts_after(actor: User | None, thread: Thread, after_id: int) -> list[Post]:
    """Posts added to a thread after `after_id` (the live refresh of an open page); hidden ones
    only for staff."""
    posts = thread.posts.filter(pk__gt=after_id)
    if not is_moderator(actor):
        posts = posts.filter(is_hidden=False)
    return list(posts.select_related("author", "moved_to_ticket").order_by("created_at", "id")[:50])


def is_following(actor: User | None, thread: Thread) -> bool:
    if actor is None or not actor.is_authenticated:
        return False
    return Subscription.objects.filter(thread=thread, user=actor, is_following=True).exists()


def notifications_for(actor: User) -> QuerySet[Notification]:
    """The actor's notifications, newest first, without posts or threads hidden since (staff see
    everything; a hidden thread stays visible to its author)."""
    items = Notification.objects.filter(user=actor)
    if not is_moderator(actor):
        items = items.filter(post__is_hidden=False).filter(Q(thread__is_hidden=False) | Q(thread__author=actor))
    return items.select_related("thread", "post__author").order_by("-created_at", "-id")


def unread_count(actor: User | None) -> int:
    if actor is None or not actor.is_authenticated:
        return 0
    return notifications_for(actor).filter(read_at__isnull=True).count()


def post_revisions(post: Post) -> QuerySet[PostRevision]:
    return post.revisions.select_related("edited_by").order_by("-created_at", "-id")
