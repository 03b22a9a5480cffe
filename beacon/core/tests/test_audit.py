from __future__ import annotations

import pytest
from django.db import transaction

from beacon.accounts.tests.factories import UserFactory
from beacon.core.audit import events_for, record_event, recorded_together

pytestmark = pytest.mark.django_db


def test_events_recorded_together_are_written_in_order_by_one_insert(
    django_assert_num_queries: object,
) -> None:
    user = UserFactory()
    with django_assert_num_queries(1), recorded_together():  # type: ignore[operator]
        record_event(user, "first", user)
        record_event(None, "second", user, {"n": 2})

    assert [(e.verb, e.actor, e.data) for e in events_for(user)] == [("first", user, {}), ("second", None, {"n": 2})]


def test_events_recorded_together_are_not_written_when_the_block_fails() -> None:
    user = UserFactory()
    with pytest.raises(ValueError), transaction.atomic(), recorded_together():
        record_event(user, "never", user)
        raise ValueError

    assert not events_for(user).exists()
