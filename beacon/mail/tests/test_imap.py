"""IMAP polling against a real Dovecot on 127.0.0.1: nothing skipped, nothing processed twice,
nothing lost when the process dies between fetching and committing."""

from __future__ import annotations

import imaplib
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.tasks.signals import task_enqueued
from django.test import override_settings

from beacon.core.inbound import InboundContext, load_stages
from beacon.mail.enums import ImapSecurity, InboundStatus, OutboundStatus
from beacon.mail.imap import FAILED_KEYWORD, PROCESSED_KEYWORD, poll_all, poll_mailbox, wait_for_new_mail
from beacon.mail.models import InboundMail, Mailbox, OutboundMail
from beacon.mail.services import ingest_mail, retry_failed
from beacon.tickets.models import Category, Message, Ticket

from .conftest import IMAP_PASSWORD, IMAP_USER, Dovecot, SmtpSink, corpus, free_port


@pytest.fixture
def mailbox_(dovecot: Dovecot, general: Category) -> Mailbox:
    return Mailbox.objects.create(
        name="Support",
        address="support@beacon.localhost",
        host="127.0.0.1",
        port=dovecot.port,
        security=ImapSecurity.NONE,
        username=IMAP_USER,
        password=IMAP_PASSWORD,
    )


class Crash(BaseException):
    """The process dying mid-mail (a BaseException, like SystemExit or KeyboardInterrupt)."""


CRASH_ON = {"subject": "", "fail": ""}


def crashing_triage(ctx: InboundContext) -> None:
    from beacon.tickets.pipeline import triage

    if ctx.message.subject == CRASH_ON["subject"]:
        raise Crash
    if ctx.message.subject == CRASH_ON["fail"]:
        raise RuntimeError("classifier unavailable")
    triage(ctx)


@pytest.fixture
def crash_on_subject(settings: object) -> Iterator[dict[str, str]]:
    from django.conf import settings as django_settings

    pipeline = {**django_settings.INBOUND_PIPELINE, "triage": "beacon.mail.tests.test_imap.crashing_triage"}
    load_stages.cache_clear()
    with override_settings(INBOUND_PIPELINE=pipeline):
        yield CRASH_ON
    load_stages.cache_clear()
    CRASH_ON.update(subject="", fail="")


def test_new_mail_becomes_tickets_and_is_marked_on_the_server(dovecot: Dovecot, mailbox_: Mailbox) -> None:
    dovecot.deliver(corpus("gmail_new_ticket.eml"), corpus("big5_new_ticket.eml"), corpus("autoreply_outlook_oof.eml"))
    report = poll_mailbox(mailbox_)
    assert report.outcomes == {"ticketed": 2, "auto_reply": 1}
    assert Ticket.objects.count() == 2
    assert dovecot.uids(criteria=f"KEYWORD {PROCESSED_KEYWORD}") == dovecot.uids()
    assert dovecot.uids(criteria="UNSEEN") == []
    mailbox_.refresh_from_db()
    assert mailbox_.last_uid == max(dovecot.uids())
    assert mailbox_.uidvalidity is not None


def test_second_poll_reads_only_new_mail(dovecot: Dovecot, mailbox_: Mailbox) -> None:
    dovecot.deliver(corpus("gmail_new_ticket.eml"))
    poll_mailbox(mailbox_)
    dovecot.deliver(corpus("gmail_reply.eml"))
    report = poll_mailbox(mailbox_)
    assert report.fetched == 1
    assert report.outcomes == {"ticketed": 1}
    assert Ticket.objects.count() == 1
    assert Message.objects.count() == 2


def test_processed_mail_can_be_moved_to_a_folder(dovecot: Dovecot, mailbox_: Mailbox) -> None:
    mailbox_.processed_folder = "Beacon Processed"
    mailbox_.save()
    dovecot.deliver(corpus("gmail_new_ticket.eml"), corpus("qq_reply_gbk.eml"))
    poll_mailbox(mailbox_)
    assert dovecot.uids() == []
    assert len(dovecot.uids("Beacon Processed")) == 2


def test_crash_between_fetching_and_committing_neither_loses_nor_duplicates(
    dovecot: Dovecot, mailbox_: Mailbox, crash_on_subject: dict[str, str]
) -> None:
    dovecot.deliver(
        corpus("gmail_new_ticket.eml"), corpus("big5_new_ticket.eml"), corpus("outlook_forward_attached.eml")
    )
    crash_on_subject["subject"] = "帳戶被凍結，無法登入"
    with pytest.raises(Crash):
        poll_mailbox(mailbox_)
    # The three mails were one batch, one transaction: the crash left none of them behind.
    assert Ticket.objects.count() == 0
    assert dovecot.uids(criteria="UNSEEN") == dovecot.uids()

    crash_on_subject["subject"] = ""
    mailbox_.refresh_from_db()
    report = poll_mailbox(mailbox_)
    assert report.outcomes == {"ticketed": 3}
    assert sorted(Ticket.objects.values_list("subject", flat=True)) == [
        "USDT deposit (TRC20) not credited after 3 hours",
        "Your withdrawal of 0.5 BTC",
        "帳戶被凍結，無法登入",
    ]
    assert dovecot.uids(criteria="UNSEEN") == []


def test_crash_after_committing_but_before_marking_is_not_ticketed_twice(dovecot: Dovecot, mailbox_: Mailbox) -> None:
    dovecot.deliver(corpus("gmail_new_ticket.eml"))
    # The ticket was committed, then the process died before it could mark the message.
    ingest_mail(corpus("gmail_new_ticket.eml"), source="imap", mailbox=mailbox_, imap_uid=1)
    report = poll_mailbox(mailbox_)
    assert report.outcomes == {"duplicate": 1}
    assert Ticket.objects.count() == 1
    assert dovecot.uids(criteria="UNSEEN") == []
    assert InboundMail.objects.get().times_seen == 2


def test_new_uidvalidity_rereads_the_folder_without_duplicates(dovecot: Dovecot, mailbox_: Mailbox) -> None:
    dovecot.deliver(corpus("gmail_new_ticket.eml"))
    poll_mailbox(mailbox_)
    Mailbox.objects.filter(pk=mailbox_.pk).update(uidvalidity=1, last_uid=999)
    mailbox_.refresh_from_db()
    report = poll_mailbox(mailbox_)
    assert report.outcomes == {"duplicate": 1}
    mailbox_.refresh_from_db()
    assert mailbox_.last_uid == max(dovecot.uids())
    assert Ticket.objects.count() == 1


@override_settings(BEACON_MAIL_MAX_BYTES=3000)
def test_oversized_message_is_recorded_from_its_headers_only(dovecot: Dovecot, mailbox_: Mailbox) -> None:
    dovecot.deliver(corpus("zip_bomb.eml"))
    report = poll_mailbox(mailbox_)
    assert report.fetched == 0
    row = InboundMail.objects.get()
    assert row.status == InboundStatus.REJECTED
    assert row.subject == "my logs"
    assert dovecot.uids(criteria="UNSEEN") == []


def test_wrong_password_is_recorded_on_the_mailbox_and_mail_stays(dovecot: Dovecot, mailbox_: Mailbox) -> None:
    mailbox_.password = "wrong"
    mailbox_.save()
    dovecot.deliver(corpus("gmail_new_ticket.eml"))
    [report] = poll_all()
    mailbox_.refresh_from_db()
    assert report.error
    assert "authentication failed" in mailbox_.last_error.lower()
    assert dovecot.uids(criteria="UNSEEN") == dovecot.uids()


def test_mail_worker_command_polls_once(
    dovecot: Dovecot, mailbox_: Mailbox, capsys: pytest.CaptureFixture[str]
) -> None:
    dovecot.deliver(corpus("qq_reply_gbk.eml"))
    call_command("mail_worker", "--once")
    assert "Support: ticketed: 1" in capsys.readouterr().out
    assert Ticket.objects.get().requester.email == "zhaolei1988@qq.com"


def test_mail_worker_without_mailboxes_runs_quietly(general: Category, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("mail_worker", "--once")
    assert capsys.readouterr().out == ""


def test_dovecot_is_real_imap(dovecot: Dovecot) -> None:
    conn = imaplib.IMAP4("127.0.0.1", dovecot.port)
    assert b"IMAP4rev1" in conn.capability()[1][0]
    conn.logout()


@override_settings(BEACON_MAIL_MAX_ATTEMPTS=2)
def test_mail_that_keeps_failing_is_flagged_on_the_server_and_can_be_fetched_again(
    dovecot: Dovecot, mailbox_: Mailbox, crash_on_subject: dict[str, str]
) -> None:
    dovecot.deliver(corpus("big5_new_ticket.eml"), corpus("gmail_new_ticket.eml"))
    crash_on_subject["fail"] = "帳戶被凍結，無法登入"
    first_uid = dovecot.uids()[0]
    assert poll_mailbox(mailbox_).outcomes == {"failed": 1, "ticketed": 1}
    mailbox_.refresh_from_db()
    assert mailbox_.last_uid < first_uid
    assert dovecot.uids(criteria="UNSEEN") == [first_uid]

    assert poll_mailbox(mailbox_).outcomes == {"failed": 1, "duplicate": 1}
    assert dovecot.uids(criteria=f"KEYWORD {FAILED_KEYWORD}") == [first_uid]
    assert dovecot.uids(criteria="UNSEEN") == [first_uid]
    assert poll_mailbox(mailbox_).outcomes == {}
    failed = InboundMail.objects.get(status=InboundStatus.FAILED)
    assert failed.attempts == 2 and "classifier unavailable" in failed.reason

    crash_on_subject["fail"] = ""
    assert retry_failed(None, failed)
    mailbox_.refresh_from_db()
    assert poll_mailbox(mailbox_).outcomes == {"ticketed": 1, "duplicate": 1}
    assert Ticket.objects.count() == 2
    assert dovecot.uids(criteria="UNSEEN") == []


def test_failing_mail_in_a_batch_does_not_hold_back_the_others(
    dovecot: Dovecot, mailbox_: Mailbox, crash_on_subject: dict[str, str]
) -> None:
    dovecot.deliver(
        corpus("gmail_new_ticket.eml"), corpus("big5_new_ticket.eml"), corpus("outlook_forward_attached.eml")
    )
    crash_on_subject["fail"] = "帳戶被凍結，無法登入"
    report = poll_mailbox(mailbox_)
    assert report.outcomes == {"ticketed": 2, "failed": 1}
    assert Ticket.objects.count() == 2
    [failed_uid] = dovecot.uids(criteria="UNSEEN")
    assert InboundMail.objects.get(status=InboundStatus.FAILED).imap_uid == failed_uid
    mailbox_.refresh_from_db()
    assert mailbox_.last_uid == failed_uid - 1  # the failed mail is read again at the next poll

    crash_on_subject["fail"] = ""
    report = poll_mailbox(mailbox_)
    assert report.outcomes == {"duplicate": 1, "ticketed": 1}
    assert Ticket.objects.count() == 3
    assert dovecot.uids(criteria="UNSEEN") == []


def test_mails_of_a_batch_are_acknowledged_by_one_send_task(
    dovecot: Dovecot, mailbox_: Mailbox, smtp_sink: SmtpSink, django_capture_on_commit_callbacks: Any
) -> None:
    dovecot.deliver(corpus("gmail_new_ticket.eml"), corpus("big5_new_ticket.eml"))
    enqueued: list[str] = []

    def remember(sender: Any, task_result: Any, **kwargs: Any) -> None:
        enqueued.append(task_result.task.name)

    task_enqueued.connect(remember)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            poll_mailbox(mailbox_)
    finally:
        task_enqueued.disconnect(remember)
    assert enqueued == ["send_outbound_mails"]
    assert sorted(to for _sender, [to] in smtp_sink.envelopes) == sorted(
        Ticket.objects.values_list("requester__email", flat=True)
    )
    assert set(OutboundMail.objects.values_list("status", flat=True)) == {OutboundStatus.SENT}


def test_idle_wakes_up_when_new_mail_arrives(dovecot: Dovecot, mailbox_: Mailbox) -> None:
    delivery = threading.Timer(0.5, dovecot.deliver, args=[corpus("gmail_new_ticket.eml")])
    started = time.monotonic()
    delivery.start()
    try:
        announced = wait_for_new_mail([mailbox_], timeout=20)
    finally:
        delivery.join()
    assert announced is True
    assert time.monotonic() - started < 10
    assert poll_mailbox(mailbox_).outcomes == {"ticketed": 1}


def test_idle_times_out_without_new_mail_and_leaves_the_mail_alone(dovecot: Dovecot, mailbox_: Mailbox) -> None:
    dovecot.deliver(corpus("gmail_new_ticket.eml"))
    poll_mailbox(mailbox_)
    assert wait_for_new_mail([mailbox_], timeout=1) is False
    assert dovecot.uids(criteria="UNSEEN") == []


def test_idle_is_not_available_when_the_mailbox_cannot_connect(db: None, general: Category) -> None:
    broken = Mailbox.objects.create(
        name="Down", address="down@example.com", host="127.0.0.1", port=free_port(), security=ImapSecurity.NONE
    )
    assert wait_for_new_mail([broken], timeout=1) is None
