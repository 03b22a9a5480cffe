"""Following threads and being told about them: in-app notifications, websocket events and batched
e-mail. Called by the posting services inside their transaction; everything that leaves the
database (websocket events, mail tasks) goes out after commit."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from beacon.accounts.models import User
from beacon.core.audit import record_event
from beacon.core.events import publish_many
from beacon.forum import conf
from beacon.forum.enums import MailStatus, NotificationKind, ThreadKind
from beacon.forum.models import MailOptOut, Notification, NotificationMail, Post, Subscription, Thread
from beacon.forum.services.common import require_member
from beacon.forum.tasks import send_forum_mail
from beacon.tickets.services import user_group

PENDING = (MailStatus.QUEUED, MailStatus.RETRYING)


def thread_group(thread_id: int) -> str:
    return f"forum-thread-{thread_id}"


def ensure_following(user: User, thread: Thread) -> None:
    """Posting in a thread follows it, unless the person unfollowed it before (that choice sticks)."""
    Subscription.objects.get_or_create(thread=thread, user=user, defaults={"is_following": True})


@transaction.atomic
def set_following(actor: User | None, thread: Thread, following: bool) -> Subscription:
    """Follow or unfollow a thread (the toggle on its page, the API, or a mail's unsubscribe link)."""
    person = require_member(actor)
    subscription, created = Subscription.objects.get_or_create(
        thread=thread, user=person, defaults={"is_following": following}
    )
    if not created and subscription.is_following != following:
        subscription.is_following = following
        subscription.save(update_fields=["is_following", "updated_at"])
    elif not created:
        return subscription
    record_event(person, "forum.followed" if following else "forum.unfollowed", thread, {"user": person.pk})
    if not following:
        _cancel_pending(person, [thread.pk])
    return subscription


@transaction.atomic
def stop_all_mail(actor: User | None) -> MailOptOut:
    """No forum e-mail at all for this person; in-app notifications go on."""
    person = require_member(actor)
    opt_out, created = MailOptOut.objects.get_or_create(user=person)
    if created:
        record_event(person, "forum.mail_opted_out", person, {})
        _cancel_pending(person, None)
    return opt_out


def _cancel_pending(user: User, thread_ids: list[int] | None) -> None:
    mails = NotificationMail.objects.filter(user=user, status__in=PENDING)
    if thread_ids is not None:
        mails = mails.filter(thread_id__in=thread_ids)
    mails.update(status=MailStatus.CANCELLED, updated_at=timezone.now())


def _recipients(thread: Thread, candidates: Iterable[int], author_id: int) -> list[User]:
    """Of `candidates`, the active people who still follow the thread and may see it (a hidden
    thread: only staff and its author); never the author of the post itself."""
    ids = set(candidates) - {author_id}
    if not ids:
        return []
    unfollowed = Subscription.objects.filter(thread=thread, user_id__in=ids, is_following=False)
    ids -= set(unfollowed.values_list("user_id", flat=True))
    people = list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))
    if thread.is_hidden:
        people = [u for u in people if u.is_staff_member or u.pk == thread.author_id]
    return people


def notify_new_post(thread: Thread, post: Post) -> list[Notification]:
    """A reply was posted: tell every follower (caller's transaction). The asker of a question
    hears of a staff reply as an official answer."""
    followers = Subscription.objects.filter(thread=thread, is_following=True).values_list("user_id", flat=True)
    official = post.is_official and thread.kind == ThreadKind.QUESTION
    notifications = _notify_all(
        _recipients(thread, followers, post.author_id),
        thread,
        post,
        lambda person: (
            NotificationKind.OFFICIAL if official and person.pk == thread.author_id else NotificationKind.REPLY
        ),
    )
    events: list[tuple[str, str, dict[str, Any]]] = [
        (user_group(n.user_id), "forum.reply", _payload(n)) for n in notifications
    ]
    events.append((thread_group(thread.pk), "forum.post_added", {"thread": thread.pk, "post": post.pk}))
    publish_many(events)
    return notifications


def notify_accepted(actor: User, thread: Thread, post: Post) -> list[Notification]:
    """An answer was accepted: tell the asker (when staff chose it) and the answer's author."""
    people = _recipients(thread, {thread.author_id, post.author_id}, actor.pk)
    notifications = _notify_all(people, thread, post, lambda _person: NotificationKind.ACCEPTED)
    publish_many([(user_group(n.user_id), "forum.answer_accepted", _payload(n)) for n in notifications])
    return notifications


def _payload(notification: Notification) -> dict[str, Any]:
    thread = notification.thread
    return {
        "thread": thread.pk,
        "post": notification.post_id,
        "kind": notification.kind,
        "title": thread.title,
        "url": f"{thread.get_absolute_url()}#p{notification.post_id}",
        "official": notification.post.is_official,
    }


def _notify_all(people: list[User], thread: Thread, post: Post, kind_for: Callable[[User], str]) -> list[Notification]:
    """One notification per person and post and kind (accepting the same answer twice does not
    notify twice), each riding in that person's mail batch for the thread. A fixed number of
    queries however many people follow the thread."""
    if not people:
        return []
    ids = [p.pk for p in people]
    done = set(Notification.objects.filter(post=post, user_id__in=ids).values_list("user_id", "kind"))
    todo = [(person, kind_for(person)) for person in people if (person.pk, kind_for(person)) not in done]
    opted_out = set(MailOptOut.objects.filter(user_id__in=ids).values_list("user_id", flat=True))
    mails = _mail_batches([p for p, _kind in todo if p.email and p.pk not in opted_out], thread)
    notifications = Notification.objects.bulk_create(
        [Notification(user=p, thread=thread, post=post, kind=kind, mail=mails.get(p.pk)) for p, kind in todo]
    )
    return notifications


def _mail_batches(people: list[User], thread: Thread) -> dict[int, NotificationMail]:
    """The mail each person's notification rides in: the one still waiting for them and this
    thread, or a new one sent no sooner than one batching window after their last one (no mail
    storm). Waiting mails are locked so a sender cannot claim one while it gains a notification."""
    if not people:
        return {}
    ids = [p.pk for p in people]
    batches: dict[int, NotificationMail] = {}
    for mail in (
        NotificationMail.objects.select_for_update()
        .filter(user_id__in=ids, thread=thread, status__in=PENDING)
        .order_by("id")
    ):
        batches.setdefault(mail.user_id, mail)
    needed = [pk for pk in ids if pk not in batches]
    if not needed:
        return batches
    now = timezone.now()
    previous = {
        row["user_id"]: row
        for row in NotificationMail.objects.filter(user_id__in=needed, thread=thread)
        .values("user_id")
        .annotate(sent=Max("sent_at"), sending=Count("pk", filter=Q(status=MailStatus.SENDING)))
    }
    window = conf.mail_batch_window()
    new = []
    for pk in needed:
        row = previous.get(pk)
        last_sent = (now if row["sending"] else row["sent"]) if row else None
        new.append(
            NotificationMail(user_id=pk, thread=thread, send_after=max(now, last_sent + window) if last_sent else now)
        )
    for mail in NotificationMail.objects.bulk_create(new):
        batches[mail.user_id] = mail
        transaction.on_commit(partial(enqueue_mail, mail.pk, mail.send_after), robust=True)
    return batches


def enqueue_mail(mail_id: int, when: Any) -> None:
    """Run the send task at `when` where the task backend can defer, else now (the task then
    leaves a mail that is not due yet to the sweep, `deliver_due_mail`)."""
    task = send_forum_mail
    if when > timezone.now() + timedelta(seconds=1) and task.get_backend().supports_defer:
        task = task.using(run_after=when)
    task.enqueue(mail_id)


@transaction.atomic
def mark_read(actor: User | None, notification_ids: list[int] | None = None) -> int:
    """Mark some (or all) of the actor's unread notifications read."""
    person = require_member(actor)
    unread = Notification.objects.filter(user=person, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def mark_thread_read(actor: User | None, thread: Thread) -> int:
    """Opening a thread reads its notifications (one UPDATE; nothing to audit)."""
    if actor is None or not actor.is_authenticated:
        return 0
    return Notification.objects.filter(user=actor, thread=thread, read_at__isnull=True).update(read_at=timezone.now())
