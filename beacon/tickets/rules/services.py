"""Writes for priority rules: supervisors create, change and delete them. A rule that could never
match, or that conflicts with another active rule, is refused with a message saying why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from beacon.accounts.models import Team, User
from beacon.core.audit import record_event
from beacon.core.errors import PermissionDenied, ValidationFailed
from beacon.core.inbound import Channel
from beacon.tickets.enums import Priority
from beacon.tickets.models import Category
from beacon.tickets.rules.conditions import (
    Conditions,
    FieldCondition,
    clean_words,
    never_match_problems,
    subsumes,
)
from beacon.tickets.rules.models import PriorityRule
from beacon.tickets.rules.selectors import active_rules, conditions_of
from beacon.tickets.versioning import bump_config_version

MAX_VIP_LEVEL = 9
RULE_CHANNELS = tuple(c for c in Channel.values if c != Channel.AGENT)


@dataclass
class RuleInput:
    name: str
    priority: int | None = None
    team: Team | None = None
    categories: Sequence[Category] = ()
    channels: Sequence[str] = ()
    min_vip_level: int | None = None
    words: Sequence[str] = ()
    field_conditions: Sequence[FieldCondition] = field(default_factory=list)
    position: int = 100
    is_active: bool = True

    @property
    def conditions(self) -> Conditions:
        return Conditions(
            categories=frozenset(c.slug for c in self.categories),
            channels=frozenset(self.channels),
            min_vip_level=self.min_vip_level or None,
            words=clean_words(self.words),
            fields=tuple(self.field_conditions),
        )


def _require_supervisor(actor: User) -> None:
    if not actor.is_supervisor:
        raise PermissionDenied(_("Only supervisors can change triage settings."))


def check_rule(data: RuleInput, *, rule_id: int | None = None) -> None:
    """Raise ValidationFailed (field → messages) when the rule is malformed, could never match, or
    conflicts with another active rule."""
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors["name"] = [_("Give the rule a name.")]
    if data.priority is None and data.team is None:
        errors.setdefault("__all__", []).append(_("A rule must set a priority, a team, or both."))
    if data.priority is not None and data.priority not in Priority.values:
        errors["priority"] = [_("Priority must be P1, P2, P3 or P4.")]
    if len(data.words) > 100 or any(len(w) > 60 for w in data.words):
        errors["words"] = [_("At most 100 words of up to 60 characters each.")]
    field_types = {
        c.slug: {str(spec["name"]): str(spec["type"]) for spec in c.fields}
        for c in Category.objects.filter(is_active=True)
    }
    problems = never_match_problems(
        data.conditions, field_types, known_channels=RULE_CHANNELS, max_vip_level=MAX_VIP_LEVEL
    )
    for name, messages in problems.items():
        errors.setdefault(name, []).extend(messages)
    if not errors and data.is_active:
        conflicts = _conflicts(data, rule_id)
        if conflicts:
            errors["__all__"] = conflicts
    if errors:
        raise ValidationFailed(errors)


def _describe(priority: int | None, team: Team | None) -> str:
    parts = [str(Priority(priority).label)] if priority else []
    if team is not None:
        parts.append(team.name)
    return " · ".join(parts)


def _conflicts(data: RuleInput, rule_id: int | None) -> list[str]:
    mine = data.conditions
    messages: list[str] = []
    for other in active_rules():
        if other.pk == rule_id:
            continue
        theirs = conditions_of(other)
        other_first = (other.position, other.pk) < (data.position, rule_id or 10**12)
        same_outcome = other.priority == data.priority and other.team_id == (data.team.pk if data.team else None)
        if theirs == mine:
            if same_outcome:
                messages.append(_("Rule “%(r)s” already does exactly this.") % {"r": other.name})
            else:
                messages.append(
                    _(
                        "Rule “%(r)s” has the same conditions but sets %(what)s: two rules for the same tickets "
                        "conflict. Change that rule instead."
                    )
                    % {"r": other.name, "what": _describe(other.priority, other.team)}
                )
            continue
        if data.team is not None and other.team is not None and other.team_id != data.team.pk:
            if other_first and subsumes(theirs, mine):
                messages.append(
                    _(
                        "Rule “%(r)s” comes first and matches every ticket this rule matches, so this rule would "
                        "never route to %(team)s. Give this rule a lower position or narrow “%(r)s”."
                    )
                    % {"r": other.name, "team": data.team.name}
                )
            elif not other_first and subsumes(mine, theirs):
                messages.append(
                    _(
                        "This rule comes before “%(r)s” and matches every ticket it matches, so “%(r)s” would "
                        "never route to %(team)s. Give this rule a higher position or narrow it."
                    )
                    % {"r": other.name, "team": other.team.name}
                )
        if (
            data.team is None
            and data.priority is not None
            and other.priority is not None
            and other.priority < data.priority
            and subsumes(theirs, mine)
        ):
            messages.append(
                _(
                    "Rule “%(r)s” already makes every ticket this rule matches %(p)s, so this rule's %(mine)s "
                    "would never apply."
                )
                % {"r": other.name, "p": Priority(other.priority).label, "mine": Priority(data.priority).label}
            )
    return messages


def _snapshot(rule: PriorityRule) -> dict[str, object]:
    return {
        "name": rule.name,
        "position": rule.position,
        "active": rule.is_active,
        "categories": sorted(c.slug for c in rule.categories.all()),
        "channels": rule.channels,
        "min_vip_level": rule.min_vip_level,
        "words": rule.words,
        "fields": rule.field_conditions,
        "priority": rule.priority,
        "team": rule.team.slug if rule.team else None,
    }


@transaction.atomic
def save_rule(actor: User, data: RuleInput, rule: PriorityRule | None = None) -> PriorityRule:
    """Create (rule=None) or change a rule after check_rule(); audited with old and new values."""
    _require_supervisor(actor)
    check_rule(data, rule_id=rule.pk if rule else None)
    old = _snapshot(rule) if rule is not None else None
    rule = rule or PriorityRule(created_by=actor)
    rule.name = data.name.strip()
    rule.position = data.position
    rule.is_active = data.is_active
    rule.channels = sorted(set(data.channels))
    rule.min_vip_level = data.min_vip_level or None
    rule.words = sorted({" ".join(w.split()) for w in data.words if w.strip()})
    rule.field_conditions = [[c.name, c.op, c.value] for c in data.field_conditions]
    rule.priority = data.priority
    rule.team = data.team
    rule.save()
    rule.categories.set(data.categories)
    bump_config_version()  # the categories changed after save()
    rule = PriorityRule.objects.prefetch_related("categories").select_related("team").get(pk=rule.pk)
    record_event(actor, "rule.saved", rule, {"old": old, "new": _snapshot(rule)})
    return rule


@transaction.atomic
def delete_rule(actor: User, rule: PriorityRule) -> None:
    _require_supervisor(actor)
    record_event(actor, "rule.deleted", rule, {"old": _snapshot(rule)})
    rule.delete()
