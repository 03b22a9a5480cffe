"""Threads, replies, votes, accepted answers and announcement cross-posts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.core.audit import record_event
from beacon.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from beacon.core.events import publish
from beacon.core.inbound import Channel
from beacon.forum import conf
from beacon.forum.enums import ThreadKind
from beacon.forum.indexing import schedule_thread
from beacon.forum.models import ForumCategory, Post, PostRevision, Thread, Vote
from beacon.forum.safety import Screened, record_screening, screen_text
from beacon.forum.services import notifications
from beacon.forum.services.common import (
    check_may_edit,
    check_may_post,
    clean_body,
    clean_title,
    require_member,
    require_moderator,
)
from beacon.helpcenter.models import Announcement
from beacon.helpcenter.rendering import plain_text

_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class Posted:
    """A stored post and what the author must be told (secrets removed, suspicious links)."""

    post: Post
    warnings: list[str] = field(default_factory=list)

    @property
    def thread(self) -> Thread:
        return self.post.thread


def _language(text: str) -> str:
    return "zh-hans" if _CJK.search(text) else "en"


def _screen(title: str, body: str) -> tuple[Screened, Screened]:
    return screen_text(title), screen_text(body)


@transaction.atomic
def start_thread(actor: User | None, category: ForumCategory, kind: str, title: str, body: str) -> Posted:
    """Open a thread with its first post. Secrets are redacted and suspicious links defanged before
    anything is stored; the author is warned and the security team sees the event."""
    author = require_member(actor)
    if kind not in ThreadKind.values:
        raise ValidationFailed({"kind": [_("Choose question or discussion.")]})
    title, body = clean_title(title), clean_body(body)
    screened_title, screened = _screen(title, body)
    check_may_post(author, f"{title}\n{body}", stored_body=screened.text)
    thread = Thread.objects.create(
        category=category,
        author=author,
        kind=kind,
        title=screened_title.text[:200],
        language=_language(f"{title} {body}"),
        security=screened_title.security,
    )
    post = Post.objects.create(
        thread=thread,
        author=author,
        body=screened.text,
        is_opening=True,
        is_official=author.is_staff_member,
        security=screened.security,
    )
    for part in (screened_title, screened):
        record_screening(part, user=author, channel=Channel.FORUM, detail={"forum_thread": thread.pk})
    record_event(author, "forum.thread_created", thread, {"category": category.slug, "kind": kind})
    notifications.ensure_following(author, thread)
    schedule_thread(thread)
    publish("forum", "forum.thread_created", {"thread": thread.pk, "category": category.slug})
    return Posted(post, [*screened_title.warnings, *screened.warnings])


@transaction.atomic
def reply(actor: User | None, thread: Thread, body: str) -> Posted:
    """Answer in a thread. Staff replies are official (verified badge). A locked thread takes only
    staff replies. The author now follows the thread; every other follower is notified (in-app,
    websocket and a batched e-mail after commit)."""
    author = require_member(actor)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.is_locked and not author.is_staff_member:
        raise InvalidTransition(_("This thread is locked: it takes no more replies."))
    body = clean_body(body)
    screened = screen_text(body)
    check_may_post(author, body, stored_body=screened.text)
    post = Post.objects.create(
        thread=thread, author=author, body=screened.text, is_official=author.is_staff_member, security=screened.security
    )
    Thread.objects.filter(pk=thread.pk).update(reply_count=F("reply_count") + 1, last_activity_at=timezone.now())
    record_screening(screened, user=author, channel=Channel.FORUM, detail={"forum_thread": thread.pk, "post": post.pk})
    record_event(author, "forum.replied", thread, {"post": post.pk, "official": post.is_official})
    if post.is_official:
        schedule_thread(thread)
    notifications.ensure_following(author, thread)
    notifications.notify_new_post(thread, post)
    return Posted(post, screened.warnings)


def may_edit(actor: User | None, post: Post) -> bool:
    """Whether the edit button shows: the author within the edit window, moderators always."""
    if actor is None or not actor.is_authenticated:
        return False
    if actor.is_staff_member:
        return True
    return post.author_id == actor.pk and not post.is_hidden and post.created_at >= timezone.now() - conf.edit_window()


@transaction.atomic
def edit_post(actor: User | None, post: Post, body: str, title: str | None = None) -> Posted:
    """Change a post's text (and, for an opening post, the thread's title). Members edit their own
    visible posts within the edit window and not in a locked thread; moderators edit any post.
    The new text goes through the same screening as a new post; the old text is kept as a
    revision, the edit is audited and the post shows "edited"."""
    editor = require_member(actor)
    post = Post.objects.select_for_update(of=("self",)).select_related("thread").get(pk=post.pk)
    thread = post.thread
    if not editor.is_staff_member:
        if post.author_id != editor.pk:
            raise PermissionDenied(_("You can only edit your own posts."))
        if post.is_hidden or post.moved_to_ticket_id is not None:
            raise PermissionDenied(_("A hidden post cannot be edited."))
        if thread.is_locked:
            raise InvalidTransition(_("This thread is locked: its posts can no longer be edited."))
        if post.created_at < timezone.now() - conf.edit_window():
            hours = int(conf.edit_window().total_seconds() // 3600)
            raise InvalidTransition(
                _("Posts can be edited for %(n)d hours after posting. Add a reply instead.") % {"n": hours}
            )
    body = clean_body(body)
    new_title = clean_title(title) if title is not None and post.is_opening else None
    check_may_edit(editor, f"{new_title or ''}\n{body}")
    screened = screen_text(body)
    screened_title = screen_text(new_title) if new_title is not None else None
    title_changes = screened_title is not None and screened_title.text[:200] != thread.title
    if screened.text == post.body and not title_changes:
        return Posted(post, screened.warnings)
    revision = PostRevision.objects.create(
        post=post, title=thread.title if title_changes else "", body=post.body, security=post.security, edited_by=editor
    )
    post.body, post.security, post.edited_at = screened.text, screened.security, timezone.now()
    post.save(update_fields=["body", "security", "edited_at"])
    warnings = list(screened.warnings)
    if screened_title is not None and title_changes:
        thread.title = screened_title.text[:200]
        thread.security = screened_title.security
        thread.save(update_fields=["title", "security"])
        warnings = [*screened_title.warnings, *warnings]
        record_screening(screened_title, user=editor, channel=Channel.FORUM, detail={"forum_thread": thread.pk})
    record_screening(screened, user=editor, channel=Channel.FORUM, detail={"forum_thread": thread.pk, "post": post.pk})
    record_event(
        editor,
        "forum.post_edited",
        thread,
        {"post": post.pk, "revision": revision.pk, "title": title_changes, "by_author": editor.pk == post.author_id},
    )
    if post.is_opening or post.is_official or post.pk == thread.accepted_post_id:
        schedule_thread(thread)
    publish(notifications.thread_group(thread.pk), "forum.post_edited", {"thread": thread.pk, "post": post.pk})
    return Posted(post, warnings)


@transaction.atomic
def vote(actor: User | None, post: Post, value: int) -> Post:
    """Up (+1) or down (-1) once per person; the same vote again takes it back. Not on your own post."""
    voter = require_member(actor)
    if value not in (1, -1):
        raise ValidationFailed({"value": [_("Vote up or down.")]})
    if post.author_id == voter.pk:
        raise PermissionDenied(_("You cannot vote on your own post."))
    existing = Vote.objects.filter(post=post, user=voter).first()
    if existing is not None and existing.value == value:
        existing.delete()
    elif existing is not None:
        existing.value = value
        existing.save(update_fields=["value"])
    else:
        Vote.objects.create(post=post, user=voter, value=value)
    score = Vote.objects.filter(post=post).aggregate(total=Sum("value"))["total"] or 0
    Post.objects.filter(pk=post.pk).update(score=score)
    post.score = score
    return post


@transaction.atomic
def accept_answer(actor: User | None, post: Post) -> Thread:
    """The asker (or staff) marks the reply that solved a question. Choosing again replaces it."""
    person = require_member(actor)
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    if thread.author_id != person.pk and not person.is_staff_member:
        raise PermissionDenied(_("Only the person who asked, or the support team, can accept an answer."))
    if thread.kind != ThreadKind.QUESTION:
        raise InvalidTransition(_("Only questions have an accepted answer."))
    if post.is_opening or post.is_hidden or post.thread_id != thread.pk:
        raise ValidationFailed({"post": [_("Choose one of the visible replies.")]})
    old = thread.accepted_post_id
    thread.accepted_post = post
    thread.save(update_fields=["accepted_post"])
    record_event(person, "forum.answer_accepted", thread, {"post": [old, post.pk]})
    schedule_thread(thread)
    if old != post.pk:
        notifications.notify_accepted(person, thread, post)
    return thread


@transaction.atomic
def crosspost_announcement(actor: User | None, announcement: Announcement, category: ForumCategory) -> Thread:
    """Publish a help-center announcement as an official, pinned discussion (once per announcement)."""
    staff = require_moderator(actor)
    existing = Thread.objects.filter(announcement=announcement).first()
    if existing is not None:
        return existing
    if not announcement.is_published:
        raise InvalidTransition(_("Publish the announcement first."))
    sections = []
    for label, title, html in (
        ("English", announcement.title_en, announcement.body_html_en),
        ("简体中文", announcement.title_zh, announcement.body_html_zh),
    ):
        if title:
            sections.append(f"【{label}】{title}\n\n{plain_text(html)}")
    sections.append(_("Full announcement: %(url)s") % {"url": announcement.get_absolute_url()})
    thread = Thread.objects.create(
        category=category,
        author=staff,
        kind=ThreadKind.DISCUSSION,
        title=(announcement.title_en or announcement.title_zh)[:200],
        language="en" if announcement.title_en else "zh-hans",
        is_pinned=True,
        announcement=announcement,
    )
    Post.objects.create(thread=thread, author=staff, body="\n\n".join(sections), is_opening=True, is_official=True)
    record_event(staff, "forum.announcement_crossposted", thread, {"announcement": announcement.pk})
    schedule_thread(thread)
    return thread
