from __future__ import annotations

import pytest

from beacon.accounts.models import Team, User
from beacon.accounts.tests.factories import TeamFactory
from beacon.core.audit import events_for
from beacon.core.errors import PermissionDenied, ValidationFailed
from beacon.core.inbound import FLAG_SECURITY_REPORT, Channel, InboundMessage, process_inbound
from beacon.tickets import services
from beacon.tickets.enums import Priority
from beacon.tickets.models import Category, Ticket
from beacon.tickets.rules.conditions import parse_field_conditions
from beacon.tickets.rules.services import RuleInput, save_rule
from beacon.tickets.tests.factories import ETH_TXID, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def security_team(db: None) -> Team:
    return TeamFactory(slug="security", name_en="Security", name_zh="安全")


def deposit_ticket(
    customer: User, *, amount: str = "100", body: str = "Sent USDT", channel: str = Channel.WEB
) -> Ticket:
    return process_inbound(
        InboundMessage(
            channel=channel,
            author=customer,
            subject="Deposit missing",
            body=body,
            category="deposit",
            fields={"asset": "USDT", "network": "ETH", "txid": ETH_TXID, "amount": amount},
        )
    ).ticket


def general_ticket(customer: User, body: str, channel: str = Channel.WEB) -> Ticket:
    return process_inbound(
        InboundMessage(channel=channel, author=customer, subject="Help", body=body, category="general")
    ).ticket


def test_large_deposits_become_p1_for_funds(supervisor: User, customer: User, deposit: Category) -> None:
    save_rule(
        supervisor,
        RuleInput(
            name="Big deposits",
            categories=[deposit],
            field_conditions=parse_field_conditions("amount > 10000"),
            priority=Priority.P1,
        ),
    )
    assert deposit_ticket(customer, amount="25000").priority == Priority.P1
    assert deposit_ticket(customer, amount="100").priority == Priority.P2  # the category's default


@pytest.mark.parametrize(
    "body", ["我的账户被盗了，资产被转走", "My account was HACKED last night", "ｓｔｏｌｅｎ funds", "有未授权的提现"]
)
def test_theft_words_in_chinese_or_english_route_to_security(
    supervisor: User, customer: User, general: Category, security_team: Team, body: str
) -> None:
    save_rule(
        supervisor,
        RuleInput(
            name="Theft",
            words=["被盗", "未授权", "stolen", "hacked", "unauthorized"],
            priority=Priority.P1,
            team=security_team,
        ),
    )
    ticket = general_ticket(customer, body)
    assert (ticket.priority, ticket.team) == (Priority.P1, security_team)
    assert events_for(ticket).get(verb="ticket.triaged").data["rules"] == ["Theft"]


def test_english_words_match_whole_words_only(
    supervisor: User, customer: User, general: Category, security_team: Team
) -> None:
    save_rule(supervisor, RuleInput(name="Hack", words=["hack"], priority=Priority.P1, team=security_team))
    assert general_ticket(customer, "Is there a hackathon this year?").priority == Priority.P3


def test_vip_customers_and_channels(supervisor: User, customer: User, general: Category) -> None:
    vip_team = TeamFactory(slug="vip", name_en="VIP desk")
    save_rule(supervisor, RuleInput(name="VIP", min_vip_level=3, priority=Priority.P2, team=vip_team))
    save_rule(supervisor, RuleInput(name="Forum is slow", channels=[Channel.FORUM], priority=Priority.P4))
    assert general_ticket(customer, "hello").team is None
    assert general_ticket(customer, "hello", channel=Channel.FORUM).priority == Priority.P4
    customer.vip_level = 5
    customer.save()
    ticket = general_ticket(customer, "hello", channel=Channel.FORUM)
    assert (ticket.priority, ticket.team) == (Priority.P2, vip_team)  # most urgent wins


def test_security_finding_outranks_every_rule(
    supervisor: User, customer: User, general: Category, security_team: Team
) -> None:
    save_rule(supervisor, RuleInput(name="Forum", channels=[Channel.FORUM], priority=Priority.P4, team=TeamFactory()))
    ticket = process_inbound(
        InboundMessage(
            channel=Channel.FORUM,
            author=customer,
            subject="Fake support",
            body="Someone pretending to be support DMed me",
            category="general",
            flags=frozenset({FLAG_SECURITY_REPORT}),
        )
    ).ticket
    assert (ticket.priority, ticket.team) == (Priority.P1, security_team)


def test_agent_override_is_audited(supervisor: User, agent: User, customer: User, deposit: Category) -> None:
    save_rule(
        supervisor,
        RuleInput(
            name="Big", categories=[deposit], field_conditions=parse_field_conditions("amount >= 5000"), priority=1
        ),
    )
    ticket = deposit_ticket(customer, amount="5000")
    services.update_ticket(agent, ticket, priority=Priority.P3)
    event = events_for(ticket).get(verb="ticket.updated")
    assert (event.actor, event.data) == (agent, {"priority": [1, 3]})


def test_only_supervisors_edit_rules(agent: User, deposit: Category) -> None:
    with pytest.raises(PermissionDenied):
        save_rule(agent, RuleInput(name="x", categories=[deposit], priority=1))


@pytest.mark.parametrize(
    ("rule", "field", "message"),
    [
        (RuleInput(name="Nothing", priority=1), "__all__", "at least one condition"),
        (RuleInput(name="No action", channels=["email"]), "__all__", "must set a priority, a team, or both"),
        (RuleInput(name="Bad channel", channels=["fax"], priority=1), "channels", "Unknown channel(s): fax"),
        (RuleInput(name="VIP 12", min_vip_level=12, priority=1), "min_vip_level", "never match"),
        (
            RuleInput(name="Typo", field_conditions=parse_field_conditions("amout > 5"), priority=1),
            "field_conditions",
            "No field “amout” in any active category",
        ),
        (
            RuleInput(name="Text", field_conditions=parse_field_conditions("asset > 5"), priority=1),
            "field_conditions",
            "“asset” is not a number field",
        ),
        (
            RuleInput(name="Never", field_conditions=parse_field_conditions("amount > 1000\namount < 500"), priority=1),
            "field_conditions",
            "contradict each other",
        ),
        (
            RuleInput(
                name="Two assets", field_conditions=parse_field_conditions("asset = BTC\nasset = ETH"), priority=1
            ),
            "field_conditions",
            "contradict each other",
        ),
    ],
)
def test_rules_that_would_never_match_are_refused(
    supervisor: User, deposit: Category, rule: RuleInput, field: str, message: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        save_rule(supervisor, rule)
    assert message in " ".join(caught.value.errors[field])


def test_field_of_another_category_never_matches(supervisor: User, deposit: Category) -> None:
    other = CategoryFactory(slug="login")
    with pytest.raises(ValidationFailed, match="No field “amount” in the chosen categories"):
        save_rule(
            supervisor,
            RuleInput(name="x", categories=[other], field_conditions=parse_field_conditions("amount > 1"), priority=1),
        )


def test_inactive_category_never_matches(supervisor: User) -> None:
    closed = CategoryFactory(slug="old", is_active=False)
    with pytest.raises(ValidationFailed, match="not active"):
        save_rule(supervisor, RuleInput(name="x", categories=[closed], priority=1))


def test_malformed_field_condition_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="Line 2: “amount is big” is not a condition"):
        parse_field_conditions("amount > 5\namount is big")
    with pytest.raises(ValueError, match="“lots” is not a number"):
        parse_field_conditions("amount > lots")


def test_conflicting_rules_are_refused(supervisor: User, deposit: Category, security_team: Team) -> None:
    funds = Team.objects.get(slug="funds")
    save_rule(supervisor, RuleInput(name="Deposits to funds", categories=[deposit], team=funds, position=10))
    with pytest.raises(ValidationFailed, match="same conditions but sets"):
        save_rule(supervisor, RuleInput(name="Deposits to security", categories=[deposit], team=security_team))
    with pytest.raises(ValidationFailed, match="comes first and matches every ticket this rule matches"):
        save_rule(
            supervisor,
            RuleInput(name="Stolen deposits", categories=[deposit], words=["stolen"], team=security_team, position=20),
        )
    # Placed before the general rule, the narrower one is fine.
    save_rule(
        supervisor,
        RuleInput(name="Stolen deposits", categories=[deposit], words=["stolen"], team=security_team, position=5),
    )


def test_a_rule_whose_priority_can_never_apply_is_refused(supervisor: User, deposit: Category) -> None:
    save_rule(supervisor, RuleInput(name="All deposits urgent", categories=[deposit], priority=Priority.P1))
    with pytest.raises(ValidationFailed, match="would never apply"):
        save_rule(
            supervisor,
            RuleInput(
                name="Small deposits normal",
                categories=[deposit],
                field_conditions=parse_field_conditions("amount < 10"),
                priority=Priority.P3,
            ),
        )


def test_rule_changes_are_audited(supervisor: User, deposit: Category) -> None:
    rule = save_rule(supervisor, RuleInput(name="Deposits", categories=[deposit], priority=Priority.P2))
    save_rule(supervisor, RuleInput(name="Deposits", categories=[deposit], priority=Priority.P1), rule)
    event = events_for(rule).order_by("-id").first()
    assert event is not None
    assert (event.data["old"]["priority"], event.data["new"]["priority"]) == (2, 1)
