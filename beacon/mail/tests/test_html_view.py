"""The original formatting of received mail: sanitised HTML kept only when it holds no secret,
shown on demand in a sandboxed frame to the agents and to the customer whose ticket it is."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse

from beacon.accounts.models import User
from beacon.mail.models import MailHtml
from beacon.mail.services import ingest_mail
from beacon.tickets.models import Attachment, Category, Message, Ticket

from .conftest import corpus

Capture = Callable[..., Any]
PRIVATE_KEY = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"


def received(name: str, capture: Capture, replace: dict[str, str] | None = None) -> Message:
    with capture(execute=True):
        result = ingest_mail(corpus(name, replace), source="pipe")
    assert result.ticket_id is not None, result
    return Message.objects.filter(ticket_id=result.ticket_id, channel="email").latest("id")


def frame_document(page: str) -> str:
    """The document inside the srcdoc frame, as the browser reads it."""
    match = re.search(r'<iframe[^>]*\ssandbox="([^"]*)"[^>]*\ssrcdoc="([^"]*)"', page)
    assert match, page
    assert "allow-scripts" not in match.group(1)
    return html.unescape(match.group(2))


def test_html_mail_is_kept_without_scripts_or_trackers_and_with_its_inline_image(
    general: Category, login: Callable[[User], Client], agent: User, django_capture_on_commit_callbacks: Capture
) -> None:
    message = received("outlook_html_inline_tracker.eml", django_capture_on_commit_callbacks)
    [image] = Attachment.objects.filter(message=message)
    stored = MailHtml.objects.get(message=message).html
    assert "<b>我的 USDT 充值还没到账</b>" in stored
    assert f'src="{reverse("attachment", args=[image.pk])}"' in stored  # cid: → the stored attachment
    for gone in ("script", "document.cookie", "onload", "onclick", "tracker.example", "javascript:", "<style", "cid:"):
        assert gone not in stored
    assert 'href="https://tronscan.org/#/transaction/abc"' in stored
    assert 'target="_blank"' in stored and 'rel="noopener noreferrer nofollow"' in stored
    assert message.body.startswith("我的 USDT 充值还没到账")  # the text stays what the thread shows

    client = login(agent)
    page = client.get(reverse("agent:ticket", args=[message.ticket_id])).content.decode()
    assert "Show original formatting" in page
    assert reverse("mail:message_html", args=[message.pk]) in page
    assert "<b>我的 USDT" not in page  # text by default; the formatted version loads on demand
    fragment = client.get(reverse("mail:message_html", args=[message.pk]), headers={"HX-Request": "true"})
    document = frame_document(fragment.content.decode())
    assert "<b>我的 USDT 充值还没到账</b>" in document and "<script" not in document
    assert client.get(reverse("attachment", args=[image.pk])).status_code == 200  # the frame's image loads


def test_customer_sees_the_formatting_of_their_own_mail_and_never_another_customers(
    general: Category, login: Callable[[User], Client], django_capture_on_commit_callbacks: Capture
) -> None:
    message = received("outlook_html_inline_tracker.eml", django_capture_on_commit_callbacks)
    owner = Ticket.objects.get(pk=message.ticket_id).requester
    url = reverse("mail:message_html", args=[message.pk])

    mine = login(owner)
    assert url in mine.get(reverse("portal:detail", args=[message.ticket_id])).content.decode()  # the toggle
    assert "我的 USDT" in frame_document(mine.get(url).content.decode())

    stranger = User.objects.create_user(email="eve@example.com", password="correct horse battery")
    response = login(stranger).get(url)
    assert response.status_code == 404
    assert "USDT" not in response.content.decode()
    assert Client().get(url).status_code == 302  # signed out: to the login page


def test_html_with_a_secret_is_not_kept(
    general: Category, login: Callable[[User], Client], agent: User, django_capture_on_commit_callbacks: Capture
) -> None:
    # The private key is only in the HTML part: the text part (the message body) is clean.
    message = received(
        "outlook_html_inline_tracker.eml",
        django_capture_on_commit_callbacks,
        {"<td>TRC20</td>": f"<td>my private key {PRIVATE_KEY}</td>"},
    )
    assert PRIVATE_KEY not in message.body
    assert not MailHtml.objects.filter(message=message).exists()
    fragment = login(agent).get(reverse("mail:message_html", args=[message.pk])).content.decode()
    assert "<iframe" not in fragment and PRIVATE_KEY not in fragment
    assert "No formatted version was kept" in fragment


def test_html_of_a_mail_whose_text_was_redacted_is_not_kept(
    general: Category, django_capture_on_commit_callbacks: Capture
) -> None:
    seed = "abandon ability able about above absent absorb abstract absurd abuse access accident"
    message = received(
        "html_tracker_script.eml",
        django_capture_on_commit_callbacks,
        {"why was my account limited?": f"why was my account limited? my words: {seed}"},
    )
    assert message.security.get("redacted")
    assert "absurd" not in message.body
    assert not MailHtml.objects.filter(message=message).exists()


def test_html_only_mail_with_script_and_tracker_keeps_only_safe_markup(
    general: Category, django_capture_on_commit_callbacks: Capture
) -> None:
    message = received("html_tracker_script.eml", django_capture_on_commit_callbacks)
    stored = MailHtml.objects.get(message=message).html
    assert "Hello, why was my account limited?" in stored
    for gone in ("<script", "<iframe", "<form", "<input", "tracker.example", "evil.example", "javascript:", "onload"):
        assert gone not in stored
