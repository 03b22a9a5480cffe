"""Reports and moderator actions. Every moderator action is audited (forum.<action>)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.core.audit import record_event
from beacon.core.errors import InvalidTransition, ValidationFailed
from beacon.core.inbound import Channel, InboundMessage, process_inbound
from beacon.forum.enums import ModerationAction
from beacon.forum.indexing import schedule_thread
from beacon.forum.models import ForumCategory, Post, Report, Suspension, Thread
from beacon.forum.services.common import require_member, require_moderator, require_supervisor
from beacon.tickets.models import Ticket

MAX_SUSPENSION_DAYS = 365


@transaction.atomic
def report_post(actor: User | None, post: Post, reason: str) -> Report:
    """Flag a post for moderators (once per person and post)."""
    reporter = require_member(actor)
    reason = " ".join((reason or "").split())[:300]
    if not reason:
        raise ValidationFailed({"reason": [_("Say what is wrong with this post.")]})
    report, created = Report.objects.get_or_create(post=post, reporter=reporter, defaults={"reason": reason})
    if created:
        record_event(reporter, "forum.post_reported", post.thread, {"post": post.pk})
    return report


@transaction.atomic
def resolve_reports(actor: User | None, post: Post) -> int:
    moderator = require_moderator(actor)
    count = Report.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=moderator
    )
    if count:
        record_event(moderator, "forum.reports_resolved", post.thread, {"post": post.pk, "reports": count})
    return count


_THREAD_FLAGS = {
    ModerationAction.LOCK: ("is_locked", True),
    ModerationAction.UNLOCK: ("is_locked", False),
    ModerationAction.PIN: ("is_pinned", True),
    ModerationAction.UNPIN: ("is_pinned", False),
    ModerationAction.HIDE: ("is_hidden", True),
    ModerationAction.UNHIDE: ("is_hidden", False),
}


@transaction.atomic
def moderate_thread(actor: User | None, thread: Thread, action: str, reason: str = "") -> Thread:
    """Lock, unlock, pin, unpin, hide or show a thread."""
    moderator = require_moderator(actor)
    if action not in _THREAD_FLAGS:
        raise ValidationFailed({"action": [_("Unknown moderation action.")]})
    attribute, value = _THREAD_FLAGS[ModerationAction(action)]
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if getattr(thread, attribute) == value:
        return thread
    setattr(thread, attribute, value)
    thread.save(update_fields=[attribute])
    record_event(moderator, f"forum.thread_{action}", thread, {"reason": reason[:300]})
    schedule_thread(thread)
    return thread


@transaction.atomic
def move_thread(actor: User | None, thread: Thread, category: ForumCategory) -> Thread:
    moderator = require_moderator(actor)
    thread = Thread.objects.select_for_update(of=("self",)).select_related("category").get(pk=thread.pk)
    if thread.category_id == category.pk:
        return thread
    old = thread.category.slug
    thread.category = category
    thread.save(update_fields=["category"])
    record_event(moderator, "forum.thread_moved", thread, {"category": [old, category.slug]})
    schedule_thread(thread)
    return thread


@transaction.atomic
def set_post_hidden(actor: User | None, post: Post, hidden: bool, reason: str = "") -> Post:
    """Hide a post (it shows as a placeholder) or show it again. An opening post hides its thread."""
    moderator = require_moderator(actor)
    if post.is_opening:
        moderate_thread(moderator, post.thread, ModerationAction.HIDE if hidden else ModerationAction.UNHIDE, reason)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.is_hidden == hidden:
        return post
    post.is_hidden, post.hidden_reason = hidden, (reason[:200] if hidden else "")
    post.save(update_fields=["is_hidden", "hidden_reason"])
    record_event(moderator, "forum.post_hidden" if hidden else "forum.post_shown", post.thread, {"post": post.pk})
    if hidden:
        Thread.objects.filter(pk=post.thread_id, accepted_post=post).update(accepted_post=None)
    schedule_thread(post.thread)
    return post


@transaction.atomic
def suspend_user(actor: User | None, user: User, days: int, reason: str) -> Suspension:
    """Stop someone posting for `days` (supervisors only; staff cannot be suspended)."""
    supervisor = require_supervisor(actor)
    reason = " ".join((reason or "").split())[:300]
    if user.is_staff_member:
        raise InvalidTransition(_("Staff accounts cannot be suspended from the forum."))
    if not reason:
        raise ValidationFailed({"reason": [_("Give a reason: the member sees it.")]})
    if not 1 <= days <= MAX_SUSPENSION_DAYS:
        raise ValidationFailed({"days": [_("Suspend for 1 to %(n)d days.") % {"n": MAX_SUSPENSION_DAYS}]})
    suspension = Suspension.objects.create(
        user=user, reason=reason, until=timezone.now() + timedelta(days=days), created_by=supervisor
    )
    record_event(supervisor, "forum.user_suspended", user, {"days": days, "reason": reason})
    return suspension


@transaction.atomic
def lift_suspensions(actor: User | None, user: User) -> int:
    supervisor = require_supervisor(actor)
    count = Suspension.objects.filter(user=user, lifted_at__isnull=True).update(lifted_at=timezone.now())
    if count:
        record_event(supervisor, "forum.suspension_lifted", user, {"suspensions": count})
    return count


@transaction.atomic
def move_post_to_ticket(actor: User | None, post: Post) -> Ticket:
    """A post reveals account details: take it out of public view and continue privately.

    The post (already redacted) becomes a new ticket for its author through the inbound pipeline,
    so the ticket gets the same triage, security flags and notifications as any other channel.
    """
    moderator = require_moderator(actor)
    post = Post.objects.select_for_update(of=("self",)).select_related("thread", "author").get(pk=post.pk)
    if post.moved_to_ticket_id is not None:
        return post.moved_to_ticket  # type: ignore[return-value]
    if post.author.is_staff_member:
        raise InvalidTransition(_("Staff posts are not moved into tickets."))
    ctx = process_inbound(
        InboundMessage(
            channel=Channel.FORUM,
            author=post.author,
            subject=_("From the forum: %(title)s") % {"title": post.thread.title[:150]},
            body=post.body,
            metadata={"forum_post": post.pk, "forum_thread": post.thread_id, "moved_by": moderator.pk},
        )
    )
    post.moved_to_ticket = ctx.ticket
    post.is_hidden = True
    post.hidden_reason = _("Moved to a private support request for its author.")
    post.save(update_fields=["moved_to_ticket", "is_hidden", "hidden_reason"])
    record_event(moderator, "forum.post_moved_to_ticket", post.thread, {"post": post.pk, "ticket": ctx.ticket.pk})
    if post.is_opening:
        Thread.objects.filter(pk=post.thread_id).update(is_hidden=True)
        record_event(moderator, "forum.thread_hide", post.thread, {"reason": "moved_to_ticket"})
    Thread.objects.filter(pk=post.thread_id, accepted_post=post).update(accepted_post=None)
    schedule_thread(post.thread)
    return ctx.ticket
