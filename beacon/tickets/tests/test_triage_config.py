from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beacon.accounts.models import Team, User
from beacon.accounts.tests.factories import TeamFactory
from beacon.core.errors import NotFound
from beacon.core.inbound import Channel, InboundMessage, process_inbound
from beacon.tickets import triage_config
from beacon.tickets.enums import Priority
from beacon.tickets.models import Category, Ticket
from beacon.tickets.rules.services import RuleInput, save_rule
from beacon.tickets.sla.models import SlaPolicy
from beacon.tickets.tests.workflow_factories import PolicyFactory

pytestmark = pytest.mark.django_db


def general_ticket(customer: User, body: str = "Where is my money?") -> Ticket:
    return process_inbound(
        InboundMessage(channel=Channel.WEB, author=customer, subject="Help", body=body, category="general")
    ).ticket


def test_the_cached_configuration_costs_one_query_when_nothing_changed(general: Category) -> None:
    triage_config.current()
    with CaptureQueriesContext(connection) as queries:
        config = triage_config.current()
    assert len(queries) == 1
    assert config.category("general") == general


def test_a_rule_saved_after_caching_applies_to_the_next_ticket(
    supervisor: User, customer: User, general: Category
) -> None:
    assert general_ticket(customer).priority == Priority.P3
    save_rule(supervisor, RuleInput(name="Urgent words", words=["hacked"], priority=Priority.P1))
    assert general_ticket(customer, "My account was hacked").priority == Priority.P1


def test_a_category_changed_after_caching_is_seen(customer: User, general: Category) -> None:
    general_ticket(customer)
    general.default_priority = Priority.P2
    general.save()
    assert general_ticket(customer).priority == Priority.P2


def test_a_category_deleted_in_bulk_is_no_longer_offered(customer: User, general: Category) -> None:
    triage_config.current()
    Category.objects.filter(pk=general.pk).delete()
    with pytest.raises(NotFound):
        general_ticket(customer)


def test_an_sla_policy_changed_in_bulk_then_saved_is_seen(customer: User, general: Category) -> None:
    policy = PolicyFactory(name="Normal", priority=Priority.P3, first_response_minutes=60)
    assert general_ticket(customer).sla_policy == policy
    SlaPolicy.objects.filter(pk=policy.pk).update(is_active=False)
    policy.refresh_from_db()
    policy.save()  # any save writes a new version token
    assert general_ticket(customer).sla_policy is None


def test_a_renamed_team_is_seen_without_a_version_change(customer: User, general: Category) -> None:
    team = TeamFactory(slug="helpdesk", name_en="Helpdesk", name_zh="服务台")
    general.default_team = team
    general.save()
    general_ticket(customer)
    Team.objects.filter(pk=team.pk).update(slug="front-desk")
    assert triage_config.current().category("general").default_team.slug == "front-desk"  # type: ignore[union-attr]
