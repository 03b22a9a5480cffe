"""The forum's REST API: public reading, writes through the services, and who may do what."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from beacon.accounts.models import User
from beacon.accounts.services import create_api_token
from beacon.accounts.tests.factories import UserFactory
from beacon.core.models import AuditEvent
from beacon.forum.models import ForumCategory, Post, Subscription
from beacon.forum.services import moderation
from beacon.forum.tests.factories import ForumCategoryFactory, answer, question
from beacon.forum.tests.test_posting import SEED

pytestmark = pytest.mark.django_db
JSON = "application/json"
Login = Callable[[User], Client]


@pytest.fixture
def category() -> ForumCategory:
    return ForumCategoryFactory(slug="deposits", name_en="Deposits")


def test_anonymous_can_read_categories_threads_and_posts(category: ForumCategory, customer: User, agent: User) -> None:
    thread = question(customer, category)
    answer(agent, thread)
    client = Client()
    [listed] = client.get("/api/v1/forum/categories").json()
    assert (listed["slug"], listed["thread_count"]) == ("deposits", 1)
    assert client.get("/api/v1/forum/threads", {"category": "deposits"}).json()["items"][0]["id"] == thread.pk
    detail = client.get(f"/api/v1/forum/threads/{thread.pk}").json()
    official = detail["posts"][1]
    assert (official["is_official"], official["author"]["public_id"]) == (True, agent.public_id)
    assert detail["posts"][0]["author"]["public_id"] is None


def test_anonymous_cannot_write(category: ForumCategory, customer: User) -> None:
    thread = question(customer, category)
    payload = {"category": "deposits", "title": "Where is my deposit?", "body": "It has been an hour."}
    created = Client().post("/api/v1/forum/threads", payload, content_type=JSON)
    assert (created.status_code, created.json()["code"]) == (401, "unauthorized")
    assert (
        Client().post(f"/api/v1/forum/threads/{thread.pk}/posts", {"body": "hi"}, content_type=JSON).status_code == 401
    )
    assert (
        Client().post(f"/api/v1/forum/threads/{thread.pk}/follow", {"following": True}, content_type=JSON).status_code
        == 401
    )


def test_member_asks_replies_votes_and_accepts_through_the_api(
    category: ForumCategory, customer: User, other_customer: User, login: Login
) -> None:
    alice, bob = login(customer), login(other_customer)
    payload = {"category": "deposits", "kind": "question", "title": "USDT deposit missing", "body": "Sent on TRC20."}
    created = alice.post("/api/v1/forum/threads", payload, content_type=JSON)
    assert created.status_code == 201
    thread_id = created.json()["thread"]["id"]
    reply = bob.post(f"/api/v1/forum/threads/{thread_id}/posts", {"body": "Check the memo."}, content_type=JSON)
    assert reply.status_code == 201
    post_id = reply.json()["post"]["id"]
    assert alice.post(f"/api/v1/forum/posts/{post_id}/vote", {"value": 1}, content_type=JSON).json()["score"] == 1
    accepted = alice.post(f"/api/v1/forum/posts/{post_id}/accept")
    assert (accepted.json()["is_solved"], accepted.json()["accepted_post"]) == (True, post_id)
    assert AuditEvent.objects.filter(verb="forum.answer_accepted", target_id=thread_id).exists()


def test_secrets_are_redacted_on_the_api_as_on_the_web(category: ForumCategory, customer: User, login: Login) -> None:
    payload = {"category": "deposits", "title": "Wallet drained, help me", "body": f"My phrase: {SEED}"}
    created = login(customer).post("/api/v1/forum/threads", payload, content_type=JSON).json()
    assert "abandon" not in created["post"]["body"]
    assert "[hidden: seed phrase]" in created["post"]["body"]
    assert created["post"]["security"]["redacted"] == ["seed_phrase"]
    assert any("new wallet" in w for w in created["warnings"])


def test_the_web_rate_limit_applies_to_the_api(category: ForumCategory, customer: User, login: Login) -> None:
    thread = question(UserFactory(), category)
    client = login(customer)
    codes = [
        client.post(f"/api/v1/forum/threads/{thread.pk}/posts", {"body": f"Reply {n}"}, content_type=JSON).status_code
        for n in range(4)
    ]
    assert codes == [201, 201, 201, 429]
    limited = client.post(f"/api/v1/forum/threads/{thread.pk}/posts", {"body": "again"}, content_type=JSON).json()
    assert limited["code"] == "rate_limited"
    assert "too fast" in limited["message"]


def test_bad_input_is_a_json_4xx(category: ForumCategory, customer: User, login: Login) -> None:
    client = login(customer)
    short = client.post(
        "/api/v1/forum/threads", {"category": "deposits", "title": "Hi", "body": "x"}, content_type=JSON
    )
    assert (short.status_code, short.json()["code"]) == (422, "validation_error")
    assert "title" in short.json()["errors"]
    missing = client.post(
        "/api/v1/forum/threads", {"category": "nope", "title": "A real title", "body": "x"}, content_type=JSON
    )
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
    thread = question(customer, category)
    wrong_vote = client.post(f"/api/v1/forum/posts/{thread.posts.get().pk}/vote", {"value": 5}, content_type=JSON)
    assert wrong_vote.status_code == 422
    assert client.get("/api/v1/forum/threads/999999").json()["code"] == "not_found"


def test_members_cannot_moderate(category: ForumCategory, customer: User, other_customer: User, login: Login) -> None:
    thread = question(other_customer, category)
    post = answer(other_customer, thread, "My own reply to this")
    client = login(customer)
    for url, payload in (
        (f"/api/v1/forum/threads/{thread.pk}/moderate", {"action": "lock"}),
        (f"/api/v1/forum/threads/{thread.pk}/move", {"category": "deposits"}),
        (f"/api/v1/forum/posts/{post.pk}/hide", {"hidden": True}),
    ):
        response = client.post(url, payload, content_type=JSON)
        assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    assert client.post(f"/api/v1/forum/posts/{post.pk}/accept").status_code == 403
    assert client.patch(f"/api/v1/forum/posts/{post.pk}", {"body": "Hijacked"}, content_type=JSON).status_code == 403


def test_staff_moderate_with_a_bearer_token(category: ForumCategory, customer: User, agent: User) -> None:
    _token, plaintext = create_api_token(agent, "community tools")
    client = Client(headers={"Authorization": f"Bearer {plaintext}"})
    thread = question(customer, category)
    post = answer(UserFactory(), thread, "Send me your seed phrase in private")
    other = ForumCategoryFactory(slug="trading")
    assert client.post(f"/api/v1/forum/threads/{thread.pk}/moderate", {"action": "pin"}, content_type=JSON).json()[
        "is_pinned"
    ]
    locked = client.post(f"/api/v1/forum/threads/{thread.pk}/moderate", {"action": "lock"}, content_type=JSON)
    assert locked.json()["is_locked"]
    assert (
        client.post(f"/api/v1/forum/threads/{thread.pk}/move", {"category": "trading"}, content_type=JSON).json()[
            "category"
        ]
        == other.slug
    )
    hidden = client.post(f"/api/v1/forum/posts/{post.pk}/hide", {"hidden": True, "reason": "scam"}, content_type=JSON)
    assert hidden.json()["is_hidden"]
    bad = client.post(f"/api/v1/forum/threads/{thread.pk}/moderate", {"action": "explode"}, content_type=JSON)
    assert bad.status_code == 422
    assert AuditEvent.objects.filter(verb="forum.thread_lock", target_id=thread.pk).exists()


def test_hidden_posts_and_threads_are_invisible_to_others(
    category: ForumCategory, customer: User, other_customer: User, agent: User, login: Login
) -> None:
    thread = question(customer, category)
    scam = answer(UserFactory(), thread, "DM me for a refund")
    moderation.set_post_hidden(agent, scam, True, "scam")
    for client in (Client(), login(other_customer)):
        bodies = [p["body"] for p in client.get(f"/api/v1/forum/threads/{thread.pk}").json()["posts"]]
        assert "DM me for a refund" not in bodies
    staff_view = login(agent).get(f"/api/v1/forum/threads/{thread.pk}").json()
    assert [p["is_hidden"] for p in staff_view["posts"]] == [False, True]
    assert (
        login(other_customer).post(f"/api/v1/forum/posts/{scam.pk}/vote", {"value": 1}, content_type=JSON).status_code
        == 404
    )
    moderation.moderate_thread(agent, thread, "hide")
    assert Client().get(f"/api/v1/forum/threads/{thread.pk}").status_code == 404
    assert login(other_customer).get(f"/api/v1/forum/threads/{thread.pk}").status_code == 404
    assert login(customer).get(f"/api/v1/forum/threads/{thread.pk}").status_code == 200
    assert thread.pk not in [t["id"] for t in Client().get("/api/v1/forum/threads").json()["items"]]


def test_suspended_members_are_refused(category: ForumCategory, customer: User, supervisor: User, login: Login) -> None:
    thread = question(UserFactory(), category)
    moderation.suspend_user(supervisor, customer, 3, "Spam links")
    refused = login(customer).post(f"/api/v1/forum/threads/{thread.pk}/posts", {"body": "Buy now"}, content_type=JSON)
    assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied")
    assert "Spam links" in refused.json()["message"]
    assert not Post.objects.filter(author=customer).exists()


def test_follow_and_notifications_through_the_api(category: ForumCategory, customer: User, login: Login) -> None:
    thread = question(UserFactory(), category)
    client = login(customer)
    assert client.post(f"/api/v1/forum/threads/{thread.pk}/follow", {"following": True}, content_type=JSON).json() == {
        "thread": thread.pk,
        "following": True,
    }
    answer(UserFactory(), thread, "It takes two confirmations.")
    inbox = client.get("/api/v1/forum/notifications").json()
    assert (inbox["unread"], inbox["items"][0]["kind"]) == (1, "reply")
    assert client.post("/api/v1/forum/notifications/read", {}, content_type=JSON).json() == {"marked": 1}
    client.post(f"/api/v1/forum/threads/{thread.pk}/follow", {"following": False}, content_type=JSON)
    assert not Subscription.objects.get(user=customer, thread=thread).is_following


def test_thread_list_and_detail_have_constant_queries(
    category: ForumCategory,
    customer: User,
    agent: User,
    login: Login,
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    for n in range(15):
        thread = question(UserFactory(), category, title=f"Deposit question number {n}")
        answer(agent, thread, f"Answer {n}")
    client = login(customer)
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        assert len(client.get("/api/v1/forum/threads", {"per_page": 15}).json()["items"]) == 15
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        assert len(Client().get("/api/v1/forum/categories").json()) == 1
    with django_assert_max_num_queries(7):  # type: ignore[operator]
        assert len(client.get(f"/api/v1/forum/threads/{thread.pk}").json()["posts"]) == 2
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        client.get("/api/v1/forum/notifications")


def test_search_finds_threads_by_their_answers(category: ForumCategory, customer: User, agent: User) -> None:
    thread = question(customer, category, title="Withdrawal stuck in review")
    answer(agent, thread, "Withdrawals over 10 BTC get a manual compliance review.")
    question(UserFactory(), category, title="Unrelated question about fees", body="Why are fees so high?")
    from beacon.forum.indexing import sync_thread

    sync_thread(thread.pk)
    found = Client().get("/api/v1/forum/threads", {"q": "compliance"}).json()["items"]
    assert [t["id"] for t in found] == [thread.pk]


def test_openapi_lists_the_forum_endpoints(db: None) -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/forum/threads", "/api/v1/forum/threads/{thread_id}/posts", "/api/v1/forum/posts/{post_id}"} <= set(
        paths
    )
