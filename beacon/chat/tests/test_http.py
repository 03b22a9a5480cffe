"""HTTP around the chat: uploads, files, the widget's texts, the console and supervisor pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from beacon.accounts.models import User
from beacon.chat.enums import SessionStatus
from beacon.chat.models import CannedReply, ChatSession
from beacon.chat.services import queue as queue_services
from beacon.chat.services.conversation import post_customer_message
from beacon.chat.services.sessions import open_session
from beacon.chat.tokens import resume_token
from beacon.core.tests.images import png_bytes
from beacon.tickets.models import Attachment, Category

pytestmark = pytest.mark.django_db


def portal_chat(user: User | None) -> ChatSession:
    return open_session(portal_user=user, identity_token=None, resume=None)


def upload(token: str, name: str, data: bytes, **headers: str) -> object:
    file = SimpleUploadedFile(name, data)
    return Client().post(reverse("chat:upload"), {"file": file}, headers={"X-Beacon-Chat": token, **headers})


def test_an_image_sent_in_the_chat_becomes_a_ticket_attachment_the_widget_can_show(
    customer: User, general: Category
) -> None:
    session = portal_chat(customer)
    response = upload(resume_token(session.public_id), "wallet.png", png_bytes((120, 80)))
    key = response.json()["key"]
    posted = post_customer_message(session.pk, "Here is the screenshot", client_key="with-image-1", upload_keys=[key])
    attachment = Attachment.objects.get()
    from beacon.chat.payloads import entry_payload
    from beacon.chat.selectors import entry_with_relations

    payload = entry_payload(entry_with_relations(posted.entry.pk), session.public_id, staff=False)
    shown = Client().get(payload["attachments"][0]["url"])
    assert response.status_code == 200
    assert attachment.message_id == posted.entry.message_id
    assert attachment.content_type == "image/png"
    assert payload["attachments"][0]["is_image"] is True
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/png"


def test_a_disguised_file_is_refused_like_a_ticket_attachment(customer: User, general: Category) -> None:
    session = portal_chat(customer)
    response = upload(resume_token(session.public_id), "invoice.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    assert response.status_code == 400
    assert response.json()["code"] == "upload_rejected"


def test_an_anonymous_visitor_cannot_send_files(general: Category) -> None:
    session = portal_chat(None)
    response = upload(resume_token(session.public_id), "wallet.png", png_bytes())
    assert response.status_code == 403
    assert response.json()["code"] == "needs_identity"


def test_an_upload_without_a_valid_chat_token_is_refused(customer: User, general: Category) -> None:
    response = upload("forged", "wallet.png", png_bytes())
    assert response.status_code == 403


def test_uploads_answer_the_exchanges_site_with_cors_and_nobody_else(customer: User, general: Category) -> None:
    session = portal_chat(customer)
    token = resume_token(session.public_id)
    with override_settings(BEACON_CHAT_ALLOWED_ORIGINS=["https://exchange.example"]):
        allowed = Client().options(reverse("chat:upload"), headers={"Origin": "https://exchange.example"})
        foreign = upload(token, "wallet.png", png_bytes(), Origin="https://evil.example")
    assert allowed.status_code == 204
    assert allowed["Access-Control-Allow-Origin"] == "https://exchange.example"
    assert "Access-Control-Allow-Origin" not in foreign


def test_a_file_link_only_opens_its_own_chats_file(customer: User, other_customer: User, general: Category) -> None:
    mine = portal_chat(customer)
    theirs = portal_chat(other_customer)
    key = upload(resume_token(theirs.public_id), "their.png", png_bytes()).json()["key"]
    post_customer_message(theirs.pk, "their file", client_key="their-file-01", upload_keys=[key])
    attachment = Attachment.objects.get()
    from beacon.chat.tokens import file_token

    forged = Client().get(reverse("chat:file", args=[attachment.pk]), {"t": file_token(mine.public_id, attachment.pk)})
    assert forged.status_code == 404


def test_the_widget_texts_come_translated_from_the_server() -> None:
    english = Client().get(reverse("chat:strings"), {"lang": "en"}).json()
    chinese = Client().get(reverse("chat:strings"), {"lang": "zh-hans"}).json()
    assert english["strings"]["talk_to_person"] == "Talk to a person"
    assert chinese["language"] == "zh-hans"
    assert set(chinese["strings"]) == set(english["strings"])


def test_the_portal_has_a_full_page_chat(customer_client: Client) -> None:
    response = customer_client.get(reverse("chat:portal"))
    assert response.status_code == 200
    assert b'data-mode="inline"' in response.content


def test_the_embed_demo_page_loads_the_widget_with_one_script_tag() -> None:
    response = Client().get(reverse("chat:embed_demo"))
    assert response.content.count(b"chat/widget.js") == 2  # the shown snippet and the real tag


def test_the_console_lists_canned_replies_and_transfer_targets(agent: User, login: Callable[[User], Client]) -> None:
    CannedReply.objects.create(title="Greeting", body_en="Hello, how can I help?", body_zh="您好，请问有什么可以帮您？")
    response = login(agent).get(reverse("chat_agent:console"))
    assert response.status_code == 200
    assert '"title": "Greeting"' in response.content.decode()


def test_customers_cannot_open_the_console(customer_client: Client) -> None:
    assert customer_client.get(reverse("chat_agent:console")).status_code == 302


def test_the_customer_context_is_shown_to_staff_who_may_see_the_chat(
    customer: User, agent: User, login: Callable[[User], Client], general: Category
) -> None:
    session = portal_chat(customer)
    post_customer_message(session.pk, "Hello", client_key="context-line-1", upload_keys=[])
    response = login(agent).get(reverse("chat_agent:context", args=[session.public_id]))
    forbidden = login(customer).get(reverse("chat_agent:context", args=[session.public_id]))
    assert response.status_code == 200
    assert "alice@example.com" in response.content.decode()
    assert forbidden.status_code == 302


def test_the_supervisor_sees_the_queue_and_the_agents_in_a_few_queries(
    customer: User,
    other_customer: User,
    agent: User,
    supervisor: User,
    login: Callable[[User], Client],
    general: Category,
    django_assert_max_num_queries: Callable[[int], object],
) -> None:
    queue_services.agent_connected(agent)
    for user in (customer, other_customer):
        session = portal_chat(user)
        post_customer_message(session.pk, "Please help", client_key=f"help-{user.pk:08d}", upload_keys=[])
        queue_services.request_hand_over(session.pk)
    client = login(supervisor)
    client.get(reverse("chat_agent:supervisor"))  # session set-up queries
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        response = client.get(reverse("chat_agent:supervisor"), headers={"HX-Request": "true"})
    text = response.content.decode()
    assert ChatSession.objects.filter(status=SessionStatus.QUEUED).count() == 2
    assert "2 customers waiting" in text
    assert "Alice" in text and "Bob" in text
    assert "Mia" in text


def test_agents_cannot_open_the_supervisor_view(agent: User, login: Callable[[User], Client]) -> None:
    assert login(agent).get(reverse("chat_agent:supervisor")).status_code == 302
