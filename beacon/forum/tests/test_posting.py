from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from beacon.accounts.models import User
from beacon.accounts.tests.factories import UserFactory
from beacon.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from beacon.core.models import AuditEvent
from beacon.forum.enums import ThreadKind
from beacon.forum.models import Post
from beacon.forum.services import posting
from beacon.forum.services.common import MAX_BODY, RateLimited
from beacon.forum.tests.factories import ForumCategoryFactory, answer, question
from beacon.trust.models import SecurityEvent

pytestmark = pytest.mark.django_db

SEED = "abandon " * 11 + "about"
PHISHING = "Claim your bonus at https://beaconex.com.secure-login.io/claim now"


def seasoned(user: User) -> User:
    """A member past the new-account limits (three visible posts)."""
    thread = question(UserFactory())
    for n in range(3):
        Post.objects.create(thread=thread, author=user, body=f"earlier post {n}")
    return user


def test_member_asks_and_staff_answer_is_official(customer: User, agent: User) -> None:
    thread = question(customer)
    reply = answer(agent, thread)
    assert reply.is_official
    assert not thread.posts.get(is_opening=True).is_official
    assert AuditEvent.objects.filter(verb="forum.thread_created", target_id=thread.pk).exists()
    thread.refresh_from_db()
    assert thread.reply_count == 1


def test_official_badge_shows_the_agents_public_id_linked_to_verify(customer: User, agent: User) -> None:
    thread = question(customer)
    answer(agent, thread)
    page = Client().get(thread.get_absolute_url()).content.decode()
    assert f"?public_id={agent.public_id}" in page
    assert "Official" in page
    assert page.count("verified-badge") == 1


def test_secret_in_a_post_is_redacted_the_author_warned_and_security_told(customer: User) -> None:
    posted = posting.start_thread(
        customer, ForumCategoryFactory(), ThreadKind.QUESTION, "My wallet is empty, help", f"My phrase is {SEED}"
    )
    post = posted.post
    assert "abandon" not in post.body
    assert "[hidden: seed phrase]" in post.body
    assert any("new wallet" in w for w in posted.warnings)
    assert SecurityEvent.objects.filter(kind="secret_redacted", user=customer, channel="forum").exists()


def test_phishing_link_is_defanged_and_shown_with_a_warning(customer: User, settings: object) -> None:
    settings.BEACON_OFFICIAL_DOMAINS = ["beaconex.com"]  # type: ignore[attr-defined]
    seasoned(customer)
    thread = question(customer)
    reply = posting.reply(customer, thread, PHISHING)
    assert "https://beaconex.com.secure-login.io" not in reply.post.body
    assert "hxxps://beaconex[.]com[.]secure-login[.]io" in reply.post.body
    assert reply.warnings
    page = Client().get(thread.get_absolute_url()).content.decode()
    assert "Suspicious link" in page
    assert SecurityEvent.objects.filter(kind="phishing_link", channel="forum").exists()


def test_html_and_markdown_are_shown_as_text(customer: User) -> None:
    thread = question(customer, body="<script>alert(1)</script> **bold** [x](javascript:alert(1))")
    page = Client().get(thread.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<strong>bold</strong>" not in page


def test_oversized_post_is_refused(customer: User) -> None:
    with pytest.raises(ValidationFailed) as exc:
        question(customer, body="x" * (MAX_BODY + 1))
    assert "too long" in str(exc.value.errors["body"])


def test_new_member_cannot_post_links(customer: User) -> None:
    with pytest.raises(ValidationFailed) as exc:
        question(customer, body="Cheap signals at https://example.org/vip")
    assert "New members cannot post links" in exc.value.errors["body"][0]


def test_established_member_may_post_ordinary_links(customer: User) -> None:
    seasoned(customer)
    thread = question(customer, body="See the explorer at https://mempool.space for your tx.")
    assert "https://mempool.space" in thread.posts.get().body


def test_spam_flood_from_a_new_account_is_rate_limited(customer: User) -> None:
    thread = question(customer)
    posting.reply(customer, thread, "bump one")
    posting.reply(customer, thread, "bump two")
    with pytest.raises(RateLimited):
        posting.reply(customer, thread, "bump three")
    assert thread.posts.count() == 3


def test_the_same_message_twice_is_refused(customer: User) -> None:
    seasoned(customer)
    thread = question(customer)
    posting.reply(customer, thread, "Same text")
    with pytest.raises(RateLimited):
        posting.reply(customer, thread, "Same text")


def test_asker_accepts_an_answer_but_other_members_cannot(customer: User, other_customer: User, agent: User) -> None:
    thread = question(customer)
    reply = answer(agent, thread)
    with pytest.raises(PermissionDenied):
        posting.accept_answer(other_customer, reply)
    thread = posting.accept_answer(customer, reply)
    assert thread.accepted_post == reply
    page = Client().get(thread.get_absolute_url()).content.decode()
    assert "Accepted answer" in page


def test_staff_may_accept_an_answer(customer: User, other_customer: User, agent: User) -> None:
    thread = question(customer)
    reply = answer(other_customer, thread)
    assert posting.accept_answer(agent, reply).accepted_post == reply


def test_discussions_have_no_accepted_answer(customer: User, agent: User) -> None:
    thread = posting.start_thread(
        customer, ForumCategoryFactory(), ThreadKind.DISCUSSION, "Favourite L2s?", "Go"
    ).thread
    with pytest.raises(InvalidTransition):
        posting.accept_answer(customer, answer(agent, thread))


def test_votes_count_once_and_not_on_your_own_post(customer: User, other_customer: User, agent: User) -> None:
    thread = question(customer)
    reply = answer(agent, thread)
    assert posting.vote(customer, reply, 1).score == 1
    assert posting.vote(other_customer, reply, 1).score == 2
    assert posting.vote(other_customer, reply, 1).score == 1  # the same vote again takes it back
    with pytest.raises(PermissionDenied):
        posting.vote(agent, reply, 1)


def test_reply_notifies_the_asker_in_app(
    customer: User, agent: User, django_capture_on_commit_callbacks: object
) -> None:
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(f"user-{customer.pk}", channel)
    thread = question(customer)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        answer(agent, thread)
    event = async_to_sync(layer.receive)(channel)
    assert event["event"] == "forum.reply"
    assert event["payload"]["thread"] == thread.pk
    assert event["payload"]["official"] is True


def test_locked_thread_takes_only_staff_replies(customer: User, agent: User) -> None:
    from beacon.forum.services.moderation import moderate_thread

    thread = question(customer)
    moderate_thread(agent, thread, "lock")
    with pytest.raises(InvalidTransition):
        posting.reply(customer, thread, "one more thing")
    assert answer(agent, thread).is_official


def test_reply_through_the_page(customer: User, agent: User) -> None:
    thread = question(customer)
    client = Client()
    client.force_login(customer)
    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Thanks, it arrived!"}, follow=True)
    assert "Thanks, it arrived!" in response.content.decode()
