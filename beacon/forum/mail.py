"""Composing the forum's notification mails: text + HTML in the recipient's language, the
anti-phishing code as in every customer mail, and a signed unsubscribe link. Reads only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beacon.accounts.models import User
from beacon.forum.enums import NotificationKind
from beacon.forum.models import Notification, NotificationMail, Thread
from beacon.mail import conf as mail_conf
from beacon.mail.parsing.headers import one_line

UNSUBSCRIBE_SALT = "beacon.forum.unsubscribe"
UNSUBSCRIBE_MAX_AGE = 365 * 24 * 3600  # seconds: an old mail's link keeps working for a year
MAX_ITEMS = 20
MAX_EXCERPT = 1500


@dataclass(frozen=True)
class Composed:
    subject: str
    text: str
    html: str
    language: str
    unsubscribe_url: str


def unsubscribe_token(user: User, thread: Thread) -> str:
    return signing.dumps({"u": user.pk, "t": thread.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, int] | None:
    """(user id, thread id) of a genuine, unexpired token; None for anything else."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
        return int(data["u"]), int(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def unsubscribe_url(user: User, thread: Thread) -> str:
    return f"{settings.SITE_URL}{reverse('forum:unsubscribe', args=[unsubscribe_token(user, thread)])}"


def visible_items(mail: NotificationMail) -> list[Notification]:
    """The notifications of a mail whose posts are still public now (a post or thread hidden
    since is left out, so a mail never carries what a moderator took down)."""
    items = (
        mail.notifications.filter(post__is_hidden=False, thread__is_hidden=False)
        .select_related("post__author")
        .order_by("created_at", "id")
    )
    return list(items[:MAX_ITEMS])


def _subject(thread: Thread, items: list[Notification]) -> str:
    kinds = {n.kind for n in items}
    title = one_line(thread.title, 150)
    if NotificationKind.ACCEPTED in kinds:
        return _("An answer was accepted: %(title)s") % {"title": title}
    if NotificationKind.OFFICIAL in kinds:
        return _("Our support team answered: %(title)s") % {"title": title}
    return ngettext("%(n)d new reply in “%(title)s”", "%(n)d new replies in “%(title)s”", len(items)) % {
        "n": len(items),
        "title": title,
    }


def compose(mail: NotificationMail, items: list[Notification]) -> Composed:
    recipient, thread = mail.user, mail.thread
    language = recipient.language if recipient.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    unsubscribe = unsubscribe_url(recipient, thread)
    context = {
        "recipient": recipient,
        "thread": thread,
        "items": [
            {
                "kind": n.kind,
                "author": n.post.author.label,
                "official": n.post.is_official,
                "public_id": n.post.author.public_id if n.post.is_official else "",
                "body": n.post.body[:MAX_EXCERPT] + ("…" if len(n.post.body) > MAX_EXCERPT else ""),
                "url": f"{settings.SITE_URL}{thread.get_absolute_url()}#p{n.post_id}",
            }
            for n in items
        ],
        "thread_url": f"{settings.SITE_URL}{thread.get_absolute_url()}",
        "verify_url": f"{settings.SITE_URL}{reverse('trust:verify')}",
        "anti_phishing_code": recipient.anti_phishing_code.strip(),
        "unsubscribe_url": unsubscribe,
    }
    with translation.override(language):
        subject = _subject(thread, items)
        text = render_to_string("forum/email/notification.txt", context)
        html = render_to_string("forum/email/notification.html", context)
    return Composed(one_line(subject, 250), _tidy(text), html, language, unsubscribe)


def _tidy(text: str) -> str:
    out: list[str] = []
    for line in (line.rstrip() for line in text.splitlines()):
        if not line and out and not out[-1]:
            continue
        out.append(line)
    return "\n".join(out).strip() + "\n"


def new_message_id(mail: NotificationMail) -> str:
    return f"forum.{mail.thread_id}.{uuid.uuid4().hex[:20]}@{mail_conf.message_id_domain()}"


def build_email(mail: NotificationMail, composed: Composed, message_id: str) -> EmailMultiAlternatives:
    headers = {
        "Message-ID": f"<{message_id}>",
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "All",
        "X-Beacon-Loop": f"<{message_id}>",
        "List-Unsubscribe": f"<{composed.unsubscribe_url}>",
        # RFC 8058: a mail client may unsubscribe with one POST, no page to visit.
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    email = EmailMultiAlternatives(
        subject=composed.subject,
        body=composed.text,
        from_email=mail_conf.from_address(),
        to=[mail.to_address],
        headers=headers,
    )
    email.attach_alternative(composed.html, "text/html")
    return email
