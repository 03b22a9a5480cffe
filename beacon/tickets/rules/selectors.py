"""Reads for priority rules: the active rule set, evaluation on a new ticket, the editor's list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from beacon.accounts.models import Team, User
from beacon.core.errors import NotFound
from beacon.tickets.rules.conditions import Conditions, FieldCondition, TicketFacts, clean_words, matches
from beacon.tickets.rules.models import PriorityRule

if TYPE_CHECKING:
    from beacon.tickets.triage_config import TriageConfig


@dataclass(frozen=True)
class TriageOutcome:
    priority: int | None = None
    team: Team | None = None
    matched: list[str] = field(default_factory=list)


def conditions_of(rule: PriorityRule) -> Conditions:
    """The rule's conditions (categories must be prefetched or this costs a query)."""
    return Conditions(
        categories=frozenset(c.slug for c in rule.categories.all()),
        channels=frozenset(rule.channels or ()),
        min_vip_level=rule.min_vip_level or None,
        words=clean_words(rule.words or ()),
        fields=tuple(FieldCondition(str(n), str(op), str(v)) for n, op, v in rule.field_conditions or ()),
    )


def rules_for_editor() -> QuerySet[PriorityRule]:
    return PriorityRule.objects.select_related("team").prefetch_related("categories").order_by("position", "id")


def active_rules() -> list[PriorityRule]:
    return list(rules_for_editor().filter(is_active=True))


def evaluate(rules: Sequence[PriorityRule], facts: TicketFacts) -> TriageOutcome:
    """Of all matching rules the most urgent priority wins; the team comes from the first matching
    rule (in position order) that names one."""
    return evaluate_prepared([(rule, conditions_of(rule)) for rule in rules], facts)


def evaluate_prepared(rules: Sequence[tuple[PriorityRule, Conditions]], facts: TicketFacts) -> TriageOutcome:
    """evaluate() with each rule's conditions already built (the cached triage configuration)."""
    priority: int | None = None
    team: Team | None = None
    matched: list[str] = []
    for rule, conditions in rules:
        if not matches(conditions, facts):
            continue
        matched.append(rule.name)
        if rule.priority is not None and (priority is None or rule.priority < priority):
            priority = rule.priority
        if team is None and rule.team is not None:
            team = rule.team
    return TriageOutcome(priority=priority, team=team, matched=matched)


def triage_outcome(facts: TicketFacts, config: TriageConfig | None = None) -> TriageOutcome:
    """`config`: the triage configuration the caller already holds (no query then)."""
    if config is not None:
        return evaluate_prepared(config.rules, facts)
    return evaluate(active_rules(), facts)


def access_rule(actor: User, rule_id: int | str) -> PriorityRule:
    try:
        pk = int(rule_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such rule.")) from None
    rule = rules_for_editor().filter(pk=pk).first() if actor.is_supervisor else None
    if rule is None:
        raise NotFound(_("No such rule."))
    return rule
