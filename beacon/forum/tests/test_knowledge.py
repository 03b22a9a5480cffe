from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from beacon.accounts.models import User
from beacon.core.errors import InvalidTransition, PermissionDenied
from beacon.forum.services import knowledge, posting
from beacon.forum.tests.factories import answer, question
from beacon.helpcenter.models import Category as HelpCategory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kb_category(db: None) -> HelpCategory:
    return HelpCategory.objects.create(slug="deposits", name_en="Deposits", name_zh="充值")


def test_staff_turn_a_solved_thread_into_a_draft_article_in_one_step(
    customer: User, agent: User, kb_category: HelpCategory, login: Callable[[User], Client]
) -> None:
    thread = question(customer)
    posting.accept_answer(customer, answer(agent, thread, "Two confirmations, about 20 minutes."))
    response = login(agent).post(reverse("forum:to_article", args=[thread.pk]))
    thread.refresh_from_db()
    article = thread.article
    assert article is not None
    assert response.status_code == 302
    assert response["Location"] == reverse("helpcenter:manage_article", args=[article.pk])
    assert article.status == "draft"
    assert article.title == thread.title
    assert "Two confirmations" in article.body
    assert "still shows pending" in article.body
    assert article.category == kb_category
    assert knowledge.draft_article_from_thread(agent, thread) == article  # a second click changes nothing


def test_unsolved_thread_cannot_become_an_article(customer: User, agent: User, kb_category: HelpCategory) -> None:
    with pytest.raises(InvalidTransition):
        knowledge.draft_article_from_thread(agent, question(customer))


def test_members_cannot_draft_articles(customer: User, agent: User, kb_category: HelpCategory) -> None:
    thread = question(customer)
    posting.accept_answer(customer, answer(agent, thread))
    with pytest.raises(PermissionDenied):
        knowledge.draft_article_from_thread(customer, thread)
