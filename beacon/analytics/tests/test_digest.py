"""The daily digest, sent through a real SMTP server on 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from beacon.accounts.enums import Role
from beacon.accounts.models import User
from beacon.accounts.tests.factories import staff
from beacon.analytics import rollups
from beacon.analytics.digest import send_daily_digests
from beacon.analytics.models import DigestDelivery, DigestOptOut
from beacon.analytics.tests.factories import ticket_at
from beacon.mail.tests.conftest import SmtpSink, smtp_sink  # noqa: F401  (the fixture)
from beacon.tickets.models import Category

pytestmark = pytest.mark.django_db
YESTERDAY = datetime(2026, 3, 2, 9, tzinfo=UTC)
MORNING = datetime(2026, 3, 3, 8, tzinfo=UTC)


@pytest.fixture
def yesterday_tickets(general: Category) -> None:
    ticket_at(YESTERDAY, first_response=YESTERDAY + timedelta(minutes=10), category=general)
    ticket_at(YESTERDAY, solved=YESTERDAY + timedelta(hours=2), category=general, status="solved")
    rollups.recompute(YESTERDAY - timedelta(hours=9), MORNING)


def test_each_supervisor_gets_the_digest_once_in_their_language(
    smtp_sink: SmtpSink,  # noqa: F811
    supervisor: User,
    agent: User,
    yesterday_tickets: None,
) -> None:
    chinese = staff(Role.ADMIN, email="boss@example.com", display_name="王总", language="zh-hans")
    quiet = staff(Role.SUPERVISOR, email="quiet@example.com")
    DigestOptOut.objects.create(user=quiet)
    assert send_daily_digests(MORNING) == {"sent": 2, "failed": 0}
    assert send_daily_digests(MORNING + timedelta(hours=1)) == {"sent": 0, "failed": 0}
    by_recipient = {message["To"]: message for message in smtp_sink.messages}
    assert set(by_recipient) == {supervisor.email, chinese.email}
    english = by_recipient[supervisor.email]
    assert english["Subject"] == "[Beacon] Support digest for 2026-03-02"
    text = english.get_body(("plain",)).get_content()
    assert "Created: 2" in text
    assert "Solved: 1" in text
    assert "/agent/analytics/?range=yesterday" in text
    assert english.get_body(("html",)) is not None
    assert "2026-03-02" in by_recipient[chinese.email]["Subject"]
    assert "王总" in by_recipient[chinese.email].get_body(("plain",)).get_content()
    assert DigestDelivery.objects.filter(day=YESTERDAY.date()).count() == 2


def test_nothing_goes_out_before_the_digest_hour(smtp_sink: SmtpSink, supervisor: User) -> None:  # noqa: F811
    assert send_daily_digests(MORNING.replace(hour=6)) == {"sent": 0}
    assert smtp_sink.messages == []


def test_a_refused_mail_is_sent_at_the_next_turn(smtp_sink: SmtpSink, supervisor: User) -> None:  # noqa: F811
    smtp_sink.refuse = True
    assert send_daily_digests(MORNING) == {"sent": 0, "failed": 1}
    assert not DigestDelivery.objects.exists()
    smtp_sink.refuse = False
    assert send_daily_digests(MORNING) == {"sent": 1, "failed": 0}
    assert len(smtp_sink.messages) == 1
