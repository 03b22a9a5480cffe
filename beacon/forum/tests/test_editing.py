"""Editing posts: the author within the edit window, moderators always; same screening; history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from beacon.accounts.models import User
from beacon.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from beacon.core.models import AuditEvent
from beacon.forum.models import Post, PostRevision
from beacon.forum.services import moderation, posting
from beacon.forum.tests.factories import answer, question
from beacon.forum.tests.test_posting import PHISHING, SEED, seasoned
from beacon.trust.models import SecurityEvent

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_author_edits_and_the_old_text_is_kept_and_audited(customer: User) -> None:
    thread = question(customer)
    opening = thread.posts.get()
    edited = posting.edit_post(customer, opening, "It arrived after 40 minutes, thanks.", "BTC deposit took 40 minutes")
    post = Post.objects.get(pk=edited.post.pk)
    thread.refresh_from_db()
    assert (post.body, thread.title) == ("It arrived after 40 minutes, thanks.", "BTC deposit took 40 minutes")
    assert post.edited_at is not None
    revision = PostRevision.objects.get(post=post)
    assert (revision.body, revision.title, revision.edited_by) == (
        "I sent BTC an hour ago and it still shows pending.",
        "How long do BTC deposits take?",
        customer,
    )
    event = AuditEvent.objects.get(verb="forum.post_edited", target_id=thread.pk)
    assert event.data == {"post": post.pk, "revision": revision.pk, "title": True, "by_author": True}


def test_an_edit_is_screened_like_a_new_post(customer: User, settings: object) -> None:
    settings.BEACON_OFFICIAL_DOMAINS = ["beaconex.com"]  # type: ignore[attr-defined]
    seasoned(customer)
    thread = question(customer)
    reply = answer(customer, thread, "Still pending after two hours.")
    edited = posting.edit_post(customer, reply, f"My phrase is {SEED}. {PHISHING}")
    assert "abandon" not in edited.post.body
    assert "[hidden: seed phrase]" in edited.post.body
    assert "hxxps://beaconex[.]com[.]secure-login[.]io" in edited.post.body
    assert any("new wallet" in w for w in edited.warnings)
    assert SecurityEvent.objects.filter(kind="secret_redacted", user=customer, detail__post=reply.pk).exists()
    assert SecurityEvent.objects.filter(kind="phishing_link", user=customer, detail__post=reply.pk).exists()


def test_new_members_cannot_add_links_by_editing(customer: User) -> None:
    thread = question(customer)
    with pytest.raises(ValidationFailed):
        posting.edit_post(customer, thread.posts.get(), "See https://example.org/help for the details")


def test_members_edit_only_their_own_posts_within_the_window(customer: User, other_customer: User) -> None:
    thread = question(customer)
    reply = answer(other_customer, thread, "Two confirmations are needed.")
    with pytest.raises(PermissionDenied):
        posting.edit_post(customer, reply, "Changed by someone else")
    Post.objects.filter(pk=reply.pk).update(created_at=timezone.now() - timedelta(hours=25))
    with pytest.raises(InvalidTransition):
        posting.edit_post(other_customer, Post.objects.get(pk=reply.pk), "Too late to change")


def test_moderators_edit_any_post_any_time_but_locked_and_hidden_posts_stay_for_members(
    customer: User, agent: User
) -> None:
    thread = question(customer)
    reply = answer(customer, thread, "My UID is 12345678, please check it.")
    Post.objects.filter(pk=reply.pk).update(created_at=timezone.now() - timedelta(days=30))
    edited = posting.edit_post(agent, Post.objects.get(pk=reply.pk), "[UID removed by a moderator]")
    assert edited.post.body == "[UID removed by a moderator]"
    assert AuditEvent.objects.get(verb="forum.post_edited").data["by_author"] is False
    fresh = answer(customer, thread, "One more detail about it.")
    moderation.moderate_thread(agent, thread, "lock")
    with pytest.raises(InvalidTransition):
        posting.edit_post(customer, fresh, "Changed after the lock")
    moderation.moderate_thread(agent, thread, "unlock")
    moderation.set_post_hidden(agent, fresh, True, "off topic")
    with pytest.raises(PermissionDenied):
        posting.edit_post(customer, Post.objects.get(pk=fresh.pk), "Changed while hidden")


def test_edit_page_shows_edited_and_history_to_the_author_only(
    customer: User, other_customer: User, login: object
) -> None:
    thread = question(customer)
    post = thread.posts.get()
    client: Client = login(customer)  # type: ignore[operator]
    assert client.get(reverse("forum:edit", args=[post.pk])).status_code == 200
    response = client.post(
        reverse("forum:edit", args=[post.pk]),
        {"title": "How long do BTC deposits take?", "body": "Sent at 10:00 UTC, still pending."},
        follow=True,
    )
    page = response.content.decode()
    assert "Sent at 10:00 UTC, still pending." in page
    assert "edited" in page
    history = client.get(reverse("forum:history", args=[post.pk])).content.decode()
    assert "I sent BTC an hour ago" in history
    other: Client = login(other_customer)  # type: ignore[operator]
    assert reverse("forum:edit", args=[post.pk]) in client.get(thread.get_absolute_url()).content.decode()
    assert reverse("forum:edit", args=[post.pk]) not in other.get(thread.get_absolute_url()).content.decode()
    assert other.get(reverse("forum:history", args=[post.pk])).status_code == 404
    refused = other.post(reverse("forum:edit", args=[post.pk]), {"body": "Hijacked"}, follow=True)
    assert "Hijacked" not in refused.content.decode()
    assert Post.objects.get(pk=post.pk).body == "Sent at 10:00 UTC, still pending."


def test_edit_through_the_api(customer: User, other_customer: User, login: object) -> None:
    thread = question(customer)
    post = answer(customer, thread, "First version of my reply.")
    client: Client = login(customer)  # type: ignore[operator]
    edited = client.patch(f"/api/v1/forum/posts/{post.pk}", {"body": f"My key {SEED}"}, content_type=JSON)
    assert edited.status_code == 200
    assert "[hidden: seed phrase]" in edited.json()["post"]["body"]
    assert edited.json()["post"]["edited_at"] is not None
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(days=2))
    late = client.patch(f"/api/v1/forum/posts/{post.pk}", {"body": "Too late"}, content_type=JSON)
    assert (late.status_code, late.json()["code"]) == (409, "invalid_transition")
    assert Client().patch(f"/api/v1/forum/posts/{post.pk}", {"body": "Anonymous"}, content_type=JSON).status_code == 401
