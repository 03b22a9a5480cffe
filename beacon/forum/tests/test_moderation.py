from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from beacon.accounts.models import User
from beacon.core.errors import PermissionDenied
from beacon.core.models import AuditEvent
from beacon.forum.models import Report
from beacon.forum.services import moderation, posting
from beacon.forum.tests.factories import ForumCategoryFactory, answer, question
from beacon.tickets.models import Category

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("action", ["lock", "pin", "hide"])
def test_members_cannot_moderate_threads(
    customer: User, other_customer: User, login: Callable[[User], Client], action: str
) -> None:
    thread = question(customer)
    with pytest.raises(PermissionDenied):
        moderation.moderate_thread(other_customer, thread, action)
    response = login(other_customer).post(reverse("forum:moderate", args=[thread.pk]), {"action": action})
    assert response.status_code == 403


@pytest.mark.parametrize("action", ["lock", "unlock", "pin", "unpin", "hide", "unhide"])
def test_agent_moderates_and_every_action_is_audited(
    customer: User, agent: User, login: Callable[[User], Client], action: str
) -> None:
    thread = question(customer)
    if action.startswith("un"):
        moderation.moderate_thread(agent, thread, action[2:])
    response = login(agent).post(reverse("forum:moderate", args=[thread.pk]), {"action": action})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(verb=f"forum.thread_{action}", actor=agent, target_id=thread.pk).exists()


def test_hidden_thread_disappears_for_members_but_not_for_its_author_or_staff(
    customer: User, other_customer: User, agent: User, login: Callable[[User], Client]
) -> None:
    thread = question(customer)
    moderation.moderate_thread(agent, thread, "hide")
    assert login(other_customer).get(thread.get_absolute_url()).status_code == 404
    assert Client().get(thread.get_absolute_url()).status_code == 404
    assert login(customer).get(thread.get_absolute_url()).status_code == 200
    assert login(agent).get(thread.get_absolute_url()).status_code == 200


def test_move_thread_is_audited(customer: User, agent: User) -> None:
    thread = question(customer)
    target = ForumCategoryFactory(slug="trading")
    moderation.move_thread(agent, thread, target)
    thread.refresh_from_db()
    assert thread.category == target
    assert AuditEvent.objects.filter(verb="forum.thread_moved", target_id=thread.pk).exists()


def test_report_then_hide_post_shows_a_placeholder(
    customer: User, other_customer: User, agent: User, login: Callable[[User], Client]
) -> None:
    thread = question(customer)
    rude = answer(other_customer, thread, "You are an idiot")
    login(customer).post(reverse("forum:report", args=[rude.pk]), {"reason": "insult"})
    assert Report.objects.filter(post=rude, reporter=customer).exists()
    queue = login(agent).get(reverse("forum:moderation")).content.decode()
    assert "insult" in queue
    login(agent).post(reverse("forum:hide_post", args=[rude.pk]), {"hidden": "1"})
    page = Client().get(thread.get_absolute_url()).content.decode()
    assert "You are an idiot" not in page
    assert "hidden by a moderator" in page
    assert AuditEvent.objects.filter(verb="forum.post_hidden", actor=agent).exists()
    assert not Report.objects.filter(resolved_at__isnull=True).exists()


def test_members_cannot_see_the_moderation_queue(customer: User, login: Callable[[User], Client]) -> None:
    assert login(customer).get(reverse("forum:moderation")).status_code == 403


def test_only_supervisors_suspend_and_a_suspended_member_cannot_post(
    customer: User, agent: User, supervisor: User, login: Callable[[User], Client]
) -> None:
    thread = question(customer)
    with pytest.raises(PermissionDenied):
        moderation.suspend_user(agent, customer, 7, "spam")
    login(supervisor).post(reverse("forum:suspend", args=[customer.pk]), {"days": 7, "reason": "spam links"})
    assert AuditEvent.objects.filter(verb="forum.user_suspended", actor=supervisor, target_id=customer.pk).exists()
    with pytest.raises(PermissionDenied) as exc:
        posting.reply(customer, thread, "let me back in")
    assert "spam links" in str(exc.value.message)
    moderation.lift_suspensions(supervisor, customer)
    assert posting.reply(customer, thread, "thanks").post.pk


def test_post_revealing_account_details_moves_into_a_private_ticket(
    customer: User, other_customer: User, agent: User, general: Category, login: Callable[[User], Client]
) -> None:
    thread = question(customer)
    personal = answer(other_customer, thread, "Same here, my UID is 12345678 and my withdrawal W-998 is stuck")
    response = login(agent).post(reverse("forum:to_ticket", args=[personal.pk]), follow=True)
    personal.refresh_from_db()
    ticket = personal.moved_to_ticket
    assert ticket is not None
    assert ticket.requester == other_customer
    assert ticket.channel == "forum"
    assert "UID is 12345678" in ticket.messages.get().body
    assert ticket.reference in response.content.decode()
    public = Client().get(thread.get_absolute_url()).content.decode()
    assert "12345678" not in public
    assert "moved to a private support request" in public
    assert login(other_customer).get(reverse("portal:detail", args=[ticket.pk])).status_code == 200
    assert AuditEvent.objects.filter(verb="forum.post_moved_to_ticket", actor=agent).exists()


def test_members_cannot_move_posts_into_tickets(
    customer: User, other_customer: User, login: Callable[[User], Client]
) -> None:
    thread = question(customer)
    post = answer(other_customer, thread)
    assert login(customer).post(reverse("forum:to_ticket", args=[post.pk])).status_code == 403
