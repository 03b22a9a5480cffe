from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from beacon.accounts.models import User
from beacon.core.errors import PermissionDenied
from beacon.helpcenter.enums import AnnouncementKind
from beacon.helpcenter.services import announcements as services
from beacon.helpcenter.tests.factories import announcement, committed


def test_an_active_incident_shows_as_a_banner_on_every_page(db: None, client: Client) -> None:
    announcement("Delayed BTC deposits", kind=AnnouncementKind.INCIDENT)
    page = client.get("/").content.decode()
    assert 'class="banner incident"' in page
    assert "Delayed BTC deposits" in page


def test_maintenance_shows_from_a_day_before_and_other_kinds_never(db: None, client: Client) -> None:
    now = timezone.now()
    announcement(
        "TRC20 upgrade",
        kind=AnnouncementKind.MAINTENANCE,
        starts_at=now + timedelta(hours=5),
        ends_at=now + timedelta(hours=7),
    )
    announcement(
        "Far away",
        kind=AnnouncementKind.MAINTENANCE,
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, hours=1),
    )
    announcement("New listing", kind=AnnouncementKind.LISTING)
    announcement("Old incident", starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=1))
    page = client.get("/help/en/").content.decode()
    banners = page.split("<main")[0]
    assert "TRC20 upgrade" in banners and "upcoming" in banners
    assert "Far away" not in banners and "New listing" not in banners and "Old incident" not in banners


def test_the_banner_costs_no_query_once_cached(db: None, client: Client, django_assert_num_queries: object) -> None:
    announcement("Delayed BTC deposits")
    client.get("/help/en/faq/")
    with django_assert_num_queries(1):  # type: ignore[operator]  (the FAQ list itself)
        page = client.get("/help/en/faq/").content.decode()
    assert "Delayed BTC deposits" in page


def test_ending_an_incident_removes_the_banner(db: None, client: Client, supervisor: User) -> None:
    item = announcement("Delayed BTC deposits")
    assert "Delayed BTC deposits" in client.get("/").content.decode()
    with committed():
        services.end_announcement(supervisor, item)
    assert "Delayed BTC deposits" not in client.get("/").content.decode()


def test_only_supervisors_publish_announcements(db: None, agent: User, supervisor: User) -> None:
    values = {
        "kind": AnnouncementKind.RULE_CHANGE,
        "title_en": "New P2P rules",
        "title_zh": "P2P 新规则",
        "body_en": "",
        "body_zh": "",
        "starts_at": timezone.now(),
        "affected": "usdt, trc20, USDT",
        "is_published": True,
    }
    with pytest.raises(PermissionDenied):
        services.save_announcement(agent, None, **values)
    with committed():
        item = services.save_announcement(supervisor, None, **values)
    assert (item.slug, item.affected) == ("new-p2p-rules", ["USDT", "TRC20"])


def test_staff_form_creates_an_announcement(db: None, supervisor: User, login: object) -> None:
    client: Client = login(supervisor)  # type: ignore[operator]
    response = client.post(
        "/help/manage/announcements/new/",
        {
            "kind": "incident",
            "title_en": "Login problems",
            "title_zh": "登录异常",
            "body_en": "We are on it.",
            "body_zh": "正在处理。",
            "starts_at": "2026-01-01T10:00",
            "affected": "",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    assert "Login problems" in client.get("/help/en/").content.decode().split("<main")[0]
