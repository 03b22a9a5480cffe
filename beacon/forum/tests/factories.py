from __future__ import annotations

import factory

from beacon.accounts.models import User
from beacon.forum.enums import ThreadKind
from beacon.forum.models import ForumCategory, Post, Thread
from beacon.forum.services import posting


class ForumCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumCategory
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"forum-{n}")
    name_en = factory.LazyAttribute(lambda o: o.slug.title())
    name_zh = factory.LazyAttribute(lambda o: f"版块{o.slug}")


def question(
    author: User,
    category: ForumCategory | None = None,
    title: str = "How long do BTC deposits take?",
    body: str = "I sent BTC an hour ago and it still shows pending.",
) -> Thread:
    """A thread made through the service, as a member would post it."""
    return posting.start_thread(author, category or ForumCategoryFactory(), ThreadKind.QUESTION, title, body).thread


def answer(author: User, thread: Thread, body: str = "Bitcoin needs 2 confirmations, about 20 minutes.") -> Post:
    return posting.reply(author, thread, body).post
