"""REST API of the community forum. Reading is public (hidden threads and posts only for staff and,
for a hidden thread, its author); every write goes through the forum's services, so the API gets
the same screening (secrets redacted, links checked), rate limits, anti-spam rules and
suspensions as the web pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from beacon.accounts.api_auth import api_auth
from beacon.accounts.models import User
from beacon.forum import selectors
from beacon.forum.models import Notification, Post, Thread
from beacon.forum.schemas import (
    CategoryOut,
    EditIn,
    FollowIn,
    FollowOut,
    HideIn,
    ModerateIn,
    MoveIn,
    NotificationPage,
    PageQuery,
    Posted,
    PostOut,
    ReadIn,
    ReadOut,
    ReplyIn,
    ThreadDetail,
    ThreadIn,
    ThreadOut,
    ThreadPage,
    ThreadQuery,
    VoteIn,
    VoteOut,
)
from beacon.forum.services import moderation, notifications, posting
from beacon.tickets.schemas import ErrorOut
from beacon.tickets.selectors import paginate

router = Router(tags=["forum"])
ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def _anonymous(request: HttpRequest) -> bool:
    """Reading needs no account; a token or session still identifies staff (who see hidden posts)."""
    return True


READ_AUTH = [*api_auth, _anonymous]


def _actor(request: HttpRequest) -> User | None:
    user = request.user
    return user if user.is_authenticated else None  # type: ignore[return-value]


def _author(user: User, official: bool) -> dict[str, Any]:
    return {"name": user.label, "official": official, "public_id": user.public_id if official else None}


def thread_out(thread: Thread) -> dict[str, Any]:
    return {
        "id": thread.pk,
        "title": thread.title,
        "kind": thread.kind,
        "category": thread.category.slug,
        "language": thread.language,
        "author": _author(thread.author, False),
        "reply_count": thread.reply_count,
        "is_pinned": thread.is_pinned,
        "is_locked": thread.is_locked,
        "is_hidden": thread.is_hidden,
        "is_solved": thread.is_solved,
        "accepted_post": thread.accepted_post_id,
        "url": thread.get_absolute_url(),
        "created_at": thread.created_at,
        "last_activity_at": thread.last_activity_at,
    }


def post_out(post: Post, thread: Thread, my_vote: int = 0) -> dict[str, Any]:
    return {
        "id": post.pk,
        "thread": post.thread_id,
        "author": _author(post.author, post.is_official),
        "body": post.body,
        "is_opening": post.is_opening,
        "is_official": post.is_official,
        "is_accepted": post.pk == thread.accepted_post_id,
        "is_hidden": post.is_hidden,
        "score": post.score,
        "my_vote": my_vote,
        "security": post.security,
        "created_at": post.created_at,
        "edited_at": post.edited_at,
    }


def _posted(posted: posting.Posted) -> dict[str, Any]:
    thread = Thread.objects.select_related("author", "category").get(pk=posted.post.thread_id)
    post = Post.objects.select_related("author").get(pk=posted.post.pk)
    return {"thread": thread_out(thread), "post": post_out(post, thread), "warnings": posted.warnings}


# --- reading --------------------------------------------------------------------------------------


@router.get("/categories", auth=READ_AUTH, response=list[CategoryOut], summary="Forum categories")
def list_categories(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"slug": c.slug, "name": c.name, "description": c.description, "thread_count": c.thread_count}  # type: ignore[attr-defined]
        for c in selectors.categories_with_counts(_actor(request))
    ]


@router.get(
    "/threads", auth=READ_AUTH, response={200: ThreadPage, **ERRORS}, summary="Threads: latest first, or searched"
)
def list_threads(request: HttpRequest, query: Query[ThreadQuery]) -> dict[str, Any]:
    actor = _actor(request)
    category = selectors.access_category(query.category) if query.category else None
    threads = selectors.thread_list(actor, category)
    if query.q.strip():
        hits = selectors.search(query.q.strip(), limit=100)
        order = {hit.object_id: n for n, hit in enumerate(hits)}
        found = sorted(threads.filter(pk__in=order), key=lambda t: order[t.pk])
        start = (query.page - 1) * query.per_page
        items = found[start : start + query.per_page]
        return {
            "items": [thread_out(t) for t in items],
            "page": query.page,
            "has_next": len(found) > start + len(items),
        }
    page = paginate(threads, query.page, query.per_page)
    return {"items": [thread_out(t) for t in page.items], "page": page.number, "has_next": page.has_next}


@router.get(
    "/threads/{thread_id}",
    auth=READ_AUTH,
    response={200: ThreadDetail, **ERRORS},
    summary="A thread with its posts (hidden posts only for staff)",
)
def get_thread(request: HttpRequest, thread_id: int) -> dict[str, Any]:
    actor = _actor(request)
    thread = selectors.access_thread(actor, thread_id)
    posts = selectors.thread_posts(actor, thread)
    if not selectors.is_moderator(actor):
        posts = posts.filter(is_hidden=False)
    votes = selectors.my_votes(actor, thread)
    return {
        **thread_out(thread),
        "posts": [post_out(p, thread, votes.get(p.pk, 0)) for p in posts],
        "following": selectors.is_following(actor, thread),
    }


# --- taking part ----------------------------------------------------------------------------------


@router.post("/threads", response={201: Posted, **ERRORS}, summary="Ask a question or start a discussion")
def create_thread(request: HttpRequest, payload: ThreadIn) -> Status[dict[str, Any]]:
    category = selectors.access_category(payload.category)
    posted = posting.start_thread(_actor(request), category, payload.kind, payload.title, payload.body)
    return Status(201, _posted(posted))


@router.post("/threads/{thread_id}/posts", response={201: Posted, **ERRORS}, summary="Reply in a thread")
def reply(request: HttpRequest, thread_id: int, payload: ReplyIn) -> Status[dict[str, Any]]:
    thread = selectors.access_thread(_actor(request), thread_id)
    return Status(201, _posted(posting.reply(_actor(request), thread, payload.body)))


@router.patch(
    "/posts/{post_id}",
    response={200: Posted, **ERRORS},
    summary="Edit your own post (within the edit window; moderators: any post)",
)
def edit_post(request: HttpRequest, post_id: int, payload: EditIn) -> dict[str, Any]:
    post = selectors.access_post(_actor(request), post_id)
    return _posted(posting.edit_post(_actor(request), post, payload.body, payload.title))


@router.post("/posts/{post_id}/vote", response={200: VoteOut, **ERRORS}, summary="Vote a post up or down")
def vote(request: HttpRequest, post_id: int, payload: VoteIn) -> dict[str, Any]:
    post = selectors.access_post(_actor(request), post_id)
    voted = posting.vote(_actor(request), post, payload.value)
    return {"post": voted.pk, "score": voted.score}


@router.post(
    "/posts/{post_id}/accept", response={200: ThreadOut, **ERRORS}, summary="Accept an answer (the asker or staff)"
)
def accept(request: HttpRequest, post_id: int) -> dict[str, Any]:
    post = selectors.access_post(_actor(request), post_id)
    posting.accept_answer(_actor(request), post)
    return thread_out(selectors.access_thread(_actor(request), post.thread_id))


@router.post("/threads/{thread_id}/follow", response={200: FollowOut, **ERRORS}, summary="Follow or unfollow")
def follow(request: HttpRequest, thread_id: int, payload: FollowIn) -> dict[str, Any]:
    thread = selectors.access_thread(_actor(request), thread_id)
    subscription = notifications.set_following(_actor(request), thread, payload.following)
    return {"thread": thread.pk, "following": subscription.is_following}


@router.get("/notifications", response={200: NotificationPage, **ERRORS}, summary="Your forum notifications")
def list_notifications(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    actor: User = request.user  # type: ignore[assignment]
    page = paginate(selectors.notifications_for(actor), query.page, query.per_page)
    return {
        "items": [_notification_out(n) for n in page.items],
        "page": page.number,
        "has_next": page.has_next,
        "unread": selectors.unread_count(actor),
    }


def _notification_out(notification: Notification) -> dict[str, Any]:
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "thread": notification.thread_id,
        "title": notification.thread.title,
        "post": notification.post_id,
        "author": notification.post.author.label,
        "url": f"{notification.thread.get_absolute_url()}#p{notification.post_id}",
        "created_at": notification.created_at,
        "read": notification.read_at is not None,
    }


@router.post("/notifications/read", response={200: ReadOut, **ERRORS}, summary="Mark notifications read")
def read_notifications(request: HttpRequest, payload: ReadIn) -> dict[str, Any]:
    return {"marked": notifications.mark_read(_actor(request), payload.ids)}


# --- moderation (staff) ---------------------------------------------------------------------------


@router.post(
    "/threads/{thread_id}/moderate",
    response={200: ThreadOut, **ERRORS},
    summary="Lock, unlock, pin, unpin, hide or show a thread (staff)",
)
def moderate_thread(request: HttpRequest, thread_id: int, payload: ModerateIn) -> dict[str, Any]:
    thread = selectors.access_thread(_actor(request), thread_id)
    moderation.moderate_thread(_actor(request), thread, payload.action, payload.reason)
    return thread_out(selectors.access_thread(_actor(request), thread.pk))


@router.post("/threads/{thread_id}/move", response={200: ThreadOut, **ERRORS}, summary="Move a thread (staff)")
def move_thread(request: HttpRequest, thread_id: int, payload: MoveIn) -> dict[str, Any]:
    thread = selectors.access_thread(_actor(request), thread_id)
    moderation.move_thread(_actor(request), thread, selectors.access_category(payload.category))
    return thread_out(selectors.access_thread(_actor(request), thread.pk))


@router.post("/posts/{post_id}/hide", response={200: PostOut, **ERRORS}, summary="Hide or show a post (staff)")
def hide_post(request: HttpRequest, post_id: int, payload: HideIn) -> dict[str, Any]:
    post = selectors.access_post(_actor(request), post_id)
    changed = moderation.set_post_hidden(_actor(request), post, payload.hidden, payload.reason)
    thread = Thread.objects.get(pk=changed.thread_id)
    return post_out(Post.objects.select_related("author").get(pk=changed.pk), thread)
