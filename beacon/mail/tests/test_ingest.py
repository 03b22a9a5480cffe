"""Receiving: bad input is handled and logged, nothing is lost and nothing is duplicated."""

from __future__ import annotations

import base64
import io
import sys
from collections.abc import Callable, Iterator

import pytest
from django.core.management import call_command
from django.test import override_settings

from beacon.accounts.models import User
from beacon.accounts.tests.factories import UserFactory
from beacon.core.inbound import InboundContext, load_stages
from beacon.core.models import AuditEvent
from beacon.core.tests.images import png_bytes
from beacon.mail.enums import InboundStatus, OutboundStatus
from beacon.mail.models import InboundMail, OutboundMail
from beacon.mail.services import DUPLICATE, ingest_mail
from beacon.tickets.enums import MessageKind
from beacon.tickets.models import Attachment, Category, Message, Ticket
from beacon.tickets.tests.factories import CategoryFactory, TicketFactory

from .conftest import corpus, sender_of


def ingest(raw: bytes) -> InboundMail:
    result = ingest_mail(raw, source="pipe")
    assert result.inbound is not None
    return result.inbound


def notes(ticket: Ticket) -> str:
    return "\n".join(ticket.messages.filter(kind=MessageKind.INTERNAL).values_list("body", flat=True))


def test_same_message_id_delivered_twice_is_one_ticket_and_one_message(general: Category) -> None:
    first = ingest_mail(corpus("gmail_new_ticket.eml"), source="imap")
    second = ingest_mail(corpus("gmail_new_ticket.eml"), source="smtp")
    assert second.status == DUPLICATE
    assert second.ticket_id == first.ticket_id
    assert Ticket.objects.count() == 1
    assert Message.objects.count() == 1
    assert InboundMail.objects.get().times_seen == 2


def test_mail_without_message_id_delivered_twice_is_deduplicated_by_content(general: Category) -> None:
    ingest(corpus("malformed_mime.eml"))
    ingest(corpus("malformed_mime.eml"))
    assert Ticket.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("autoreply_outlook_oof.eml", InboundStatus.AUTO_REPLY),
        ("autoreply_vacation_zh.eml", InboundStatus.AUTO_REPLY),
        ("bulk_newsletter.eml", InboundStatus.BULK),
        ("bounce_dsn.eml", InboundStatus.BOUNCE),
    ],
)
def test_machine_mail_is_recorded_but_opens_no_ticket_and_gets_no_reply(
    general: Category, name: str, status: str
) -> None:
    row = ingest(corpus(name))
    assert row.status == status
    assert row.ticket is None
    assert Ticket.objects.count() == 0
    assert OutboundMail.objects.count() == 0


def test_bounce_of_a_beacon_mail_is_shown_on_the_ticket(general: Category) -> None:
    ticket = TicketFactory(category=general)
    sent = OutboundMail.objects.create(
        ticket=ticket,
        to_address="typo.customer@gmial.com",
        kind="reply",
        subject="x",
        body_text="x",
        message_id="bcn.1.1679091c5a880faf6fb5@beacon.localhost",
        status=OutboundStatus.SENT,
    )
    ingest(corpus("bounce_dsn.eml"))
    sent.refresh_from_db()
    assert sent.status == OutboundStatus.FAILED
    assert "5.1.1" in sent.last_error
    assert AuditEvent.objects.filter(verb="mail.bounced", target_id=ticket.pk).exists()


@override_settings(BEACON_MAIL_RATE_LIMIT=2)
def test_sender_over_the_rate_limit_is_recorded_not_ticketed(general: Category) -> None:
    statuses = [
        ingest(f"From: flood@example.net\r\nSubject: s{n}\r\nMessage-ID: <f{n}@x>\r\n\r\nhello {n}\r\n".encode()).status
        for n in range(3)
    ]
    assert statuses == [InboundStatus.TICKETED, InboundStatus.TICKETED, InboundStatus.RATE_LIMITED]
    assert Ticket.objects.count() == 2


@override_settings(BEACON_MAIL_MAX_BYTES=2000)
def test_oversized_mail_is_rejected_from_its_headers_without_a_ticket(general: Category) -> None:
    row = ingest(b"From: big@example.net\r\nSubject: huge\r\nMessage-ID: <big@x>\r\n\r\n" + b"a" * 5000)
    assert row.status == InboundStatus.REJECTED
    assert row.subject == "huge"
    assert "5" in row.reason and "limit is 2000" in row.reason
    assert Ticket.objects.count() == 0


def test_30_mb_attachment_is_refused_but_the_mail_reaches_the_ticket(general: Category) -> None:
    big = base64.encodebytes(b"%PDF-1.4\n" + b"0" * (30 * 1024 * 1024)).decode()
    raw = (
        "From: Ana <ana@example.com>\r\nSubject: bank statement\r\nMessage-ID: <ana-1@x>\r\n"
        "Content-Type: multipart/mixed; boundary=q\r\n\r\n--q\r\nContent-Type: text/plain\r\n\r\n"
        "Statement attached.\r\n--q\r\nContent-Type: application/pdf\r\n"
        'Content-Disposition: attachment; filename="statement.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        f"{big}\r\n--q--\r\n"
    ).encode()
    row = ingest(raw)
    ticket = Ticket.objects.get()
    assert row.status == InboundStatus.TICKETED
    assert row.flags == ["attachments_refused"]
    assert Attachment.objects.count() == 0
    assert "statement.pdf" in notes(ticket) and "the limit is" in notes(ticket)


def test_zip_bomb_is_never_unpacked_and_the_text_still_arrives(general: Category) -> None:
    row = ingest(corpus("zip_bomb.eml"))
    ticket = Ticket.objects.get()
    assert row.status == InboundStatus.TICKETED
    assert Attachment.objects.count() == 0
    assert "logs.zip" in notes(ticket)
    assert "the app crashes when I open futures" in ticket.messages.get(kind=MessageKind.PUBLIC).body


def test_inline_image_and_pdf_become_checked_attachments(general: Category) -> None:
    ingest(corpus("inline_image_iphone.eml"))
    names = sorted(Attachment.objects.values_list("name", "content_type"))
    assert names == [("IMG_4412.png", "image/png"), ("statement.pdf", "application/pdf")]


def test_image_attachment_is_re_encoded_like_a_portal_upload(general: Category) -> None:
    photo = base64.encodebytes(png_bytes(exif_gps=True)).decode()
    raw = (
        "From: p@example.com\r\nSubject: photo\r\nMessage-ID: <p-1@x>\r\n"
        "Content-Type: multipart/mixed; boundary=q\r\n\r\n--q\r\nContent-Type: text/plain\r\n\r\nsee\r\n"
        '--q\r\nContent-Type: image/jpeg; name="me.jpg"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        f"{photo}\r\n--q--\r\n"
    ).encode()
    ingest(raw)
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/jpeg"
    assert b"PhoneMaker" not in attachment.file.read()


def test_html_mail_with_scripts_becomes_plain_text(general: Category) -> None:
    ingest(corpus("html_tracker_script.eml"))
    body = Message.objects.get(kind=MessageKind.PUBLIC).body
    assert body.startswith("Hello, why was my account limited?")
    assert "script" not in body and "cookie" not in body


def test_header_injection_leaves_a_one_line_subject(general: Category) -> None:
    ingest(corpus("header_injection.eml"))
    assert Ticket.objects.get().subject == "Help me Bcc: victim@example.org injected body"


def test_malformed_mime_still_opens_a_readable_ticket(general: Category) -> None:
    row = ingest(corpus("malformed_mime.eml"))
    assert row.status == InboundStatus.TICKETED
    assert "network error" in Message.objects.get(kind=MessageKind.PUBLIC).body


def test_chinese_mail_from_a_new_sender_gets_a_chinese_speaking_account(general: Category) -> None:
    ingest(corpus("big5_new_ticket.eml"))
    user = sender_of("taiman.chan@netvigator.com")
    assert user.language == "zh-hans"
    assert user.display_name == "陳大文"
    assert Ticket.objects.get().subject == "帳戶被凍結，無法登入"


def test_mail_from_beacons_own_address_is_a_loop(general: Category) -> None:
    row = ingest(b"From: Beacon Support <support@beacon.localhost>\r\nSubject: x\r\nMessage-ID: <l@x>\r\n\r\nx\r\n")
    assert row.status == InboundStatus.REJECTED
    assert Ticket.objects.count() == 0


def test_mail_from_a_disabled_account_is_rejected(general: Category) -> None:
    UserFactory(email="banned@example.com", is_active=False)
    row = ingest(b"From: banned@example.com\r\nSubject: let me in\r\nMessage-ID: <b@x>\r\n\r\nplease\r\n")
    assert row.status == InboundStatus.REJECTED
    assert Ticket.objects.count() == 0


def broken_triage(ctx: InboundContext) -> None:
    raise RuntimeError("triage service unavailable")


@pytest.fixture
def broken_pipeline() -> Iterator[Callable[[], None]]:
    """The triage stage fails until the returned function repairs it."""
    from django.conf import settings

    real = dict(settings.INBOUND_PIPELINE)
    broken = override_settings(INBOUND_PIPELINE={**real, "triage": "beacon.mail.tests.test_ingest.broken_triage"})
    broken.enable()
    load_stages.cache_clear()
    repaired: list[bool] = []

    def repair() -> None:
        broken.disable()
        repaired.append(True)
        load_stages.cache_clear()

    yield repair
    if not repaired:
        broken.disable()
    load_stages.cache_clear()


def test_failure_is_recorded_and_the_redelivered_mail_is_ticketed_once(
    general: Category, broken_pipeline: Callable[[], None]
) -> None:
    result = ingest_mail(corpus("gmail_new_ticket.eml"), source="smtp")
    row = InboundMail.objects.get()
    assert result.status == InboundStatus.FAILED and not result.done
    assert "triage service unavailable" in row.reason
    assert Ticket.objects.count() == 0
    broken_pipeline()
    again = ingest_mail(corpus("gmail_new_ticket.eml"), source="smtp")
    assert again.status == InboundStatus.TICKETED
    row.refresh_from_db()
    assert row.status == InboundStatus.TICKETED and row.attempts == 2
    assert Ticket.objects.count() == 1


def test_ingest_email_command_reads_the_mail_from_standard_input(
    general: Category, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(corpus("qq_reply_gbk.eml"))))
    call_command("ingest_email")
    ticket = Ticket.objects.get()
    assert ticket.requester.email == "zhaolei1988@qq.com"
    assert InboundMail.objects.get().source == "pipe"


def test_ingest_email_command_imports_a_maildir(general: Category, tmp_path: object) -> None:
    import mailbox
    from pathlib import Path

    box = mailbox.Maildir(Path(str(tmp_path)) / "Maildir", create=True)
    for name in ("gmail_new_ticket.eml", "gmail_reply.eml", "autoreply_outlook_oof.eml"):
        box.add(corpus(name))
    out = io.StringIO()
    call_command("ingest_email", maildir=str(Path(str(tmp_path)) / "Maildir"), stdout=out)
    assert out.getvalue().strip() == "auto_reply: 1, ticketed: 2"
    assert Ticket.objects.count() == 1
    assert OutboundMail.objects.count() == 0  # an import of old mail sends no acknowledgements


def test_unknown_customer_and_existing_customer_are_told_apart(general: Category, customer: User) -> None:
    ingest(b"From: Alice <ALICE@example.com>\r\nSubject: hi\r\nMessage-ID: <a-1@x>\r\n\r\nhello\r\n")
    assert Ticket.objects.get().requester == customer


def test_mail_that_cannot_be_ticketed_for_lack_of_a_category_is_kept_not_rejected(db: None) -> None:
    assert ingest_mail(corpus("gmail_new_ticket.eml"), source="pipe").status == InboundStatus.FAILED
    CategoryFactory(slug="general")
    assert ingest_mail(corpus("gmail_new_ticket.eml"), source="pipe").status == InboundStatus.TICKETED
    assert Ticket.objects.count() == 1
