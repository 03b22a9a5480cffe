from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from beacon.accounts.enums import Role
from beacon.accounts.models import Team, User
from beacon.accounts.tests.factories import TeamFactory, UserFactory, staff
from beacon.tickets.models import Category
from beacon.tickets.tests.factories import CategoryFactory, deposit_category


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Rate-limit counters, cached registries and the active language must not leak between tests."""
    cache.clear()
    yield
    translation.activate(settings.LANGUAGE_CODE)


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
