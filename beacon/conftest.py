from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings
from django.test.testcases import LiveServerThread
from django.utils import translation
from playwright.sync_api import Browser

from beacon.accounts.enums import Role
from beacon.accounts.models import Team, User
from beacon.accounts.tests.factories import TeamFactory, UserFactory, staff
from beacon.core.tests.browser import OneRequestAtATimeServer, chromium
from beacon.tickets.models import Category
from beacon.tickets.tests.factories import CategoryFactory, deposit_category

# pytest-django's live server shares the in-memory SQLite connection between its threads.
LiveServerThread.server_class = OneRequestAtATimeServer


@pytest.fixture(autouse=True)
def _fresh_cache(_in_process_layers: None) -> Iterator[None]:
    """Rate-limit counters, cached registries and the active language must not leak between tests."""
    cache.clear()
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _in_process_layers(settings: Any) -> None:
    """In-process websocket tests use the in-memory channel layer even in the services suite.

    Each async test runs its own event loop, and channels_redis keeps connections bound to the loop
    that opened them, so a shared Redis layer times out across tests. The Redis channel layer itself
    is exercised end to end by beacon/chat/tests/test_two_processes.py (two servers over Redis).
    """
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    # Parallel test workers must not share (and clear) one Redis cache: rate-limit counters and
    # cached choices would leak between them. Each worker keeps its own in-process cache.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def funds_team(db: None) -> Team:
    return TeamFactory(slug="funds", name_en="Funds", name_zh="资金")


@pytest.fixture
def deposit(db: None, funds_team: Team) -> Category:
    return deposit_category()


@pytest.fixture
def general(db: None) -> Category:
    return CategoryFactory(slug="general", name_en="Something else", name_zh="其他问题")


@pytest.fixture
def customer(db: None) -> User:
    return UserFactory(email="alice@example.com", display_name="Alice")


@pytest.fixture
def other_customer(db: None) -> User:
    return UserFactory(email="bob@example.com", display_name="Bob")


@pytest.fixture
def agent(db: None, funds_team: Team) -> User:
    return staff(Role.AGENT, email="agent@example.com", display_name="Mia", teams=[funds_team])


@pytest.fixture
def supervisor(db: None) -> User:
    return staff(Role.SUPERVISOR, email="lead@example.com", display_name="Grace")


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def login(db: None) -> Callable[[User], Client]:
    return logged_in


@pytest.fixture
def customer_client(customer: User) -> Client:
    return logged_in(customer)


@pytest.fixture
def agent_client(agent: User) -> Client:
    return logged_in(agent)


@pytest.fixture
def browser() -> Iterator[Browser]:
    """Debian's Chromium under Playwright; take it as a test's last fixture (see core/tests/browser.py)."""
    with chromium() as launched:
        yield launched


@pytest.fixture
def database_tasks() -> Iterator[None]:
    """The production task backend (django_tasks_db): tasks wait in the queue until
    beacon.core.tests.tasks.run_database_tasks() runs them."""
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        yield
