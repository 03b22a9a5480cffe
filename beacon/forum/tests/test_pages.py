from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from beacon.accounts.models import User
from beacon.accounts.tests.factories import UserFactory
from beacon.forum.models import Post, Thread
from beacon.forum.tests.factories import ForumCategoryFactory, answer, question
from beacon.helpcenter.models import Announcement

pytestmark = pytest.mark.django_db


def many_threads(n: int) -> None:
    category = ForumCategoryFactory(slug="deposits-withdrawals")
    authors = [UserFactory(), UserFactory(), UserFactory()]
    for i in range(n):
        author = authors[i % 3]
        thread = Thread.objects.create(category=category, author=author, title=f"Thread number {i}")
        Post.objects.create(thread=thread, author=author, body="body", is_opening=True)


def test_index_and_category_pages_cost_the_same_for_5_or_25_threads(
    django_assert_max_num_queries: Callable[..., object], customer: User, login: Callable[[User], Client]
) -> None:
    many_threads(25)
    client = login(customer)
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        assert client.get(reverse("forum:index")).status_code == 200
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        page = client.get(reverse("forum:category", args=["deposits-withdrawals"]))
    assert page.content.decode().count('class="forum-row') == 20


def test_thread_page_query_count_does_not_grow_with_replies(
    django_assert_max_num_queries: Callable[..., object], customer: User, agent: User, login: Callable[[User], Client]
) -> None:
    thread = question(customer)
    members = [UserFactory(), UserFactory(), UserFactory()]
    for n in range(15):
        Post.objects.create(thread=thread, author=members[n % 3], body=f"reply {n}")
    answer(agent, thread)
    client = login(customer)
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        response = client.get(thread.get_absolute_url())
    assert response.content.decode().count('class="message forum-post') == 17


def test_search_finds_threads_through_the_shared_index(
    customer: User, agent: User, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        thread = question(customer, title="Withdrawal stuck on the Solana network", body="Pending for two hours")
        question(customer, title="How do I enable two-factor login?", body="Looking for the settings page")
    page = Client().get(reverse("forum:search"), {"q": "solana withdrawal"}).content.decode()
    assert thread.get_absolute_url() in page
    assert "two-factor" not in page


def test_hidden_threads_leave_the_search_index(
    customer: User, agent: User, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    from beacon.forum.services.moderation import moderate_thread

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        thread = question(customer, title="Withdrawal stuck on the Solana network")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        moderate_thread(agent, thread, "hide")
    page = Client().get(reverse("forum:search"), {"q": "solana"}).content.decode()
    assert thread.get_absolute_url() not in page


def test_announcement_is_cross_posted_once_as_an_official_pinned_thread(
    agent: User, login: Callable[[User], Client]
) -> None:
    category = ForumCategoryFactory(slug="news")
    announcement = Announcement.objects.create(
        slug="eth-maintenance",
        kind="maintenance",
        title_en="ETH wallet maintenance",
        title_zh="ETH钱包维护",
        body_html_en="<p>Deposits pause for one hour.</p>",
        body_html_zh="<p>充值暂停一小时。</p>",
        starts_at=timezone.now(),
        is_published=True,
    )
    client = login(agent)
    client.post(reverse("forum:crosspost"), {"announcement": announcement.pk, "category": category.slug})
    client.post(reverse("forum:crosspost"), {"announcement": announcement.pk, "category": category.slug})
    thread = Thread.objects.get(announcement=announcement)
    assert thread.is_pinned
    opening = thread.posts.get()
    assert opening.is_official
    assert "Deposits pause for one hour." in opening.body
    assert "充值暂停一小时" in opening.body


def test_live_refresh_answers_204_until_a_reply_comes_then_only_the_new_visible_ones(
    customer: User, agent: User, django_assert_max_num_queries: object
) -> None:
    from beacon.forum.services.moderation import set_post_hidden

    thread = question(customer)
    last = thread.posts.get().pk
    url = reverse("forum:since", args=[thread.pk])
    client = Client()
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        assert client.get(url, {"after": last}).status_code == 204
    first = answer(agent, thread, "Two confirmations, about 20 minutes.")
    scam = answer(UserFactory(), thread, "DM me your seed for a refund")
    set_post_hidden(agent, scam, True, "scam")
    page = client.get(url, {"after": last}).content.decode()
    assert "Two confirmations" in page
    assert "DM me" not in page
    assert f"after={first.pk}" in page
    assert client.get(url, {"after": "junk"}).status_code == 200
    assert client.get(url, {"after": scam.pk}).status_code == 204


def test_live_refresh_of_a_hidden_thread_is_404_for_others(customer: User, agent: User) -> None:
    from beacon.forum.services.moderation import moderate_thread

    thread = question(customer)
    moderate_thread(agent, thread, "hide")
    assert Client().get(reverse("forum:since", args=[thread.pk]), {"after": 0}).status_code == 404
