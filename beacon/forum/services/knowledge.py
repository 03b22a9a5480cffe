"""The knowledge loop: a solved thread becomes a draft knowledge-base article in one step."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.core.audit import record_event
from beacon.core.errors import InvalidTransition
from beacon.forum.models import Thread
from beacon.forum.services.common import require_moderator
from beacon.helpcenter.models import Article, Category
from beacon.helpcenter.services.articles import create_article


def article_body(thread: Thread) -> str:
    """Markdown for the draft: the question, then the accepted answer; a link back to the thread."""
    opening = thread.posts.filter(is_opening=True).first()
    answer = thread.accepted_post
    parts = [
        _("## Question"),
        opening.body if opening is not None else thread.title,
        _("## Answer"),
        answer.body if answer is not None else "",
        "---",
        _("Drafted from the community thread %(url)s") % {"url": thread.get_absolute_url()},
    ]
    return "\n\n".join(parts)


@transaction.atomic
def draft_article_from_thread(actor: User | None, thread: Thread) -> Article:
    """Staff: create a draft article from a thread with an accepted answer (once; later calls return
    the same draft). A supervisor reviews and publishes it in the help center as usual."""
    staff = require_moderator(actor)
    thread = (
        Thread.objects.select_for_update(of=("self",)).select_related("category", "accepted_post").get(pk=thread.pk)
    )
    if thread.article_id is not None:
        return thread.article  # type: ignore[return-value]
    if thread.accepted_post is None or thread.accepted_post.is_hidden:
        raise InvalidTransition(_("Only a solved thread (with an accepted answer) can become an article."))
    category = thread.category.helpcenter_category or Category.objects.filter(is_active=True).first()
    if category is None:
        raise InvalidTransition(_("Create a knowledge-base category first."))
    article = create_article(
        staff,
        language=thread.language,
        category=category,
        title=thread.title,
        body=article_body(thread),
        phrasings=[thread.title],
    )
    thread.article = article
    thread.save(update_fields=["article"])
    record_event(staff, "forum.article_drafted", thread, {"article": article.pk})
    return article
