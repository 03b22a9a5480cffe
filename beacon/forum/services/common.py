"""Who may post, how often, and what: shared by the posting services."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.core.errors import DomainError, PermissionDenied, ValidationFailed
from beacon.core.ratelimit import hit
from beacon.forum import selectors
from beacon.forum.models import Post
from beacon.forum.safety import has_links

MAX_TITLE = 200
MIN_TITLE = 8
MAX_BODY = 10_000
# A member's first posts may not contain links; new members (first posts, or an account younger
# than NEW_MEMBER_AGE) are held to the lower rate.
NEW_MEMBER_POSTS = 3
NEW_MEMBER_AGE = timedelta(days=3)
RATE_WINDOW = 600  # seconds
NEW_MEMBER_RATE = 3
MEMBER_RATE = 12
EDIT_RATE = 20
DUPLICATE_WINDOW = timedelta(minutes=10)


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429


def require_member(actor: User | None) -> User:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied(_("Sign in to take part in the forum."))
    return actor


def require_moderator(actor: User | None) -> User:
    if not selectors.is_moderator(actor):
        raise PermissionDenied(_("Only the support team can moderate the forum."))
    return actor  # type: ignore[return-value]


def require_supervisor(actor: User | None) -> User:
    if actor is None or not actor.is_authenticated or not actor.is_supervisor:
        raise PermissionDenied(_("Only a supervisor can do this."))
    return actor


def clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if len(title) < MIN_TITLE:
        raise ValidationFailed({"title": [_("Give a title of at least %(n)d characters.") % {"n": MIN_TITLE}]})
    if len(title) > MAX_TITLE:
        raise ValidationFailed({"title": [_("The title is too long (at most %(n)d characters).") % {"n": MAX_TITLE}]})
    return title


def clean_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationFailed({"body": [_("Write a message.")]})
    if len(body) > MAX_BODY:
        raise ValidationFailed(
            {
                "body": [
                    _("The message is too long (at most %(n)d characters). Split it or shorten it.") % {"n": MAX_BODY}
                ]
            }
        )
    return body


def _check_not_suspended(actor: User) -> None:
    suspension = selectors.active_suspension(actor)
    if suspension is not None:
        raise PermissionDenied(
            _("You cannot post until %(until)s: %(reason)s")
            % {"until": timezone.localtime(suspension.until).strftime("%Y-%m-%d %H:%M"), "reason": suspension.reason}
        )


def _check_link_rule(actor: User, text: str) -> bool:
    """New members may not post links; returns whether the actor is still within their first posts."""
    first_posts = selectors.posts_by(actor) < NEW_MEMBER_POSTS
    if first_posts and has_links(text):
        raise ValidationFailed(
            {
                "body": [
                    _(
                        "New members cannot post links in their first %(n)d posts (it stops spam). Describe the "
                        "page instead, e.g. “the deposit page of the app”."
                    )
                    % {"n": NEW_MEMBER_POSTS}
                ]
            }
        )
    return first_posts


def check_may_edit(actor: User, text: str) -> None:
    """Edits follow the posting rules that still make sense: suspensions, the new-member link
    rule and a rate limit. Staff are exempt."""
    if actor.is_staff_member:
        return
    _check_not_suspended(actor)
    _check_link_rule(actor, text)
    if not hit(f"forum-edit:{actor.pk}", EDIT_RATE, RATE_WINDOW):
        raise RateLimited(
            _("You are editing too fast: at most %(n)d edits in %(m)d minutes. Wait a little and try again.")
            % {"n": EDIT_RATE, "m": RATE_WINDOW // 60}
        )


def check_may_post(actor: User, body: str, title: str = "", *, stored_body: str | None = None) -> None:
    """Suspensions, the new-member link rule, flood and duplicate limits. Staff are exempt.

    `body` is what the author wrote (links are looked for there); `stored_body` what would be saved."""
    if actor.is_staff_member:
        return
    _check_not_suspended(actor)
    first_posts = _check_link_rule(actor, f"{title}\n{body}")
    since = timezone.now() - DUPLICATE_WINDOW
    if Post.objects.filter(
        Q(author=actor) & Q(created_at__gte=since) & Q(body=stored_body if stored_body is not None else body)
    ).exists():
        raise RateLimited(_("You just posted the same message. It is already in the forum."))
    is_new = first_posts or actor.date_joined > timezone.now() - NEW_MEMBER_AGE
    limit = NEW_MEMBER_RATE if is_new else MEMBER_RATE
    if not hit(f"forum-post:{actor.pk}", limit, RATE_WINDOW):
        raise RateLimited(
            _("You are posting too fast: at most %(n)d posts in %(m)d minutes. Wait a little and try again.")
            % {"n": limit, "m": RATE_WINDOW // 60}
        )
