"""Community forum: categories, threads (questions or discussions), posts, votes, reports, suspensions.

A thread's first post holds its question; replies are the other posts. Post bodies are plain text
that already went through the trust scanners (secrets redacted, phishing links defanged): they are
rendered escaped, never as HTML or Markdown.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from beacon.forum.enums import LANGUAGES, MailStatus, NotificationKind, ThreadKind


def _zh() -> bool:
    return (get_language() or "").startswith("zh")


class ForumCategory(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80)
    description_en = models.CharField(_("description (English)"), max_length=240, blank=True)
    description_zh = models.CharField(_("description (Chinese)"), max_length=240, blank=True)
    # Where a solved thread's draft article goes in the knowledge base (empty: the first category).
    helpcenter_category = models.ForeignKey(
        "helpcenter.Category",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("knowledge-base category"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("forum category")
        verbose_name_plural = _("forum categories")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum:category", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return self.name_zh if _zh() else self.name_en

    @property
    def description(self) -> str:
        return self.description_zh if _zh() else self.description_en


class Thread(models.Model):
    category = models.ForeignKey(ForumCategory, on_delete=models.PROTECT, related_name="threads")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_threads")
    kind = models.CharField(_("type"), max_length=16, choices=ThreadKind.choices, default=ThreadKind.QUESTION)
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGES, default="en")
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    accepted_post = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("accepted answer")
    )
    announcement = models.OneToOneField(
        "helpcenter.Announcement", null=True, blank=True, on_delete=models.SET_NULL, related_name="forum_thread"
    )
    article = models.ForeignKey(
        "helpcenter.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reply_count = models.PositiveIntegerField(default=0)
    security: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [models.Index(fields=["category", "is_hidden", "-is_pinned", "-last_activity_at"], name="forum_list")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forum:thread", kwargs={"thread_id": self.pk})

    @property
    def is_solved(self) -> bool:
        return self.accepted_post_id is not None


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_posts")
    body = models.TextField(_("message"))
    is_opening = models.BooleanField(default=False)
    # An answer from staff: the badge shows the agent's public ID, checkable on /verify/.
    is_official = models.BooleanField(default=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(max_length=200, blank=True)
    moved_to_ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    score = models.IntegerField(default=0)
    security: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the author (or a moderator) changed the text; earlier versions are PostRevisions.
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["thread", "created_at"], name="forum_post_thread")]

    def __str__(self) -> str:
        return f"post {self.pk} in {self.thread_id}"


class Vote(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="forum_vote_once")]

    def __str__(self) -> str:
        return f"{self.value:+d} on {self.post_id}"


class Report(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="forum_report_once")]

    def __str__(self) -> str:
        return f"report on {self.post_id}"


class Suspension(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_suspensions")
    reason = models.CharField(_("reason"), max_length=300)
    until = models.DateTimeField(_("until"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} until {self.until:%Y-%m-%d}"


class PostRevision(models.Model):
    """The text a post had before an edit (already screened when it was stored)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200, blank=True)  # the thread's title, when an opening post changed it
    body = models.TextField()
    security: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"revision of {self.post_id}"


class Subscription(models.Model):
    """Who hears about new replies in a thread. The asker and everyone who replies follow it
    automatically; anyone may follow or unfollow, and an explicit unfollow sticks."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_subscriptions")
    is_following = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="forum_subscription_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {'follows' if self.is_following else 'unfollowed'} {self.thread_id}"


class NotificationMail(models.Model):
    """One e-mail about one thread for one person, gathering every notification that came while it
    waited: at most one mail per thread and person per batching window. Its text is composed when it
    is sent, from the posts that are still visible then."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=MailStatus.choices, default=MailStatus.QUEUED)
    send_after = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    to_address = models.EmailField(blank=True)
    subject = models.CharField(max_length=250, blank=True)
    message_id = models.CharField(max_length=250, blank=True)
    language = models.CharField(max_length=10, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["user", "thread", "status"], name="forum_mail_batch"),
            models.Index(fields=["status", "send_after"], name="forum_mail_due"),
        ]

    def __str__(self) -> str:
        return f"forum mail {self.pk} to {self.user_id} ({self.status})"


class Notification(models.Model):
    """An in-app notification: a reply in a followed thread, an official answer, an accepted answer."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_notifications")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    mail = models.ForeignKey(
        NotificationMail, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"], name="forum_notif_inbox")]
        constraints = [models.UniqueConstraint(fields=["user", "post", "kind"], name="forum_notif_once")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id} on {self.post_id}"


class MailOptOut(models.Model):
    """A person who asked for no forum e-mail at all (in-app notifications go on)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"no forum mail for {self.user_id}"
