"""The triage configuration, kept in memory by each process: active categories, priority rules and
SLA policies with their calendars.

Every new ticket needs all of them; reading them from the database cost five queries and more CPU
than the ticket's own rows. `current()` checks with one small query that the copy is still what the
database holds (the version token of beacon.tickets.versioning, the row counts of the tables, for
bulk deletes, and the teams' ids and slugs, which the copy refers to; and whether surge mode is on) and reloads it
otherwise.
The pipeline reads it once per message and passes it on; its objects are shared between threads
and must not be changed.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from beacon.accounts.models import Team
from beacon.tickets.models import Category, ConfigVersion, PriorityRule, SlaPolicy, SurgeState
from beacon.tickets.rules.conditions import Conditions
from beacon.tickets.sla.models import BusinessCalendar


@dataclass(frozen=True)
class TriageConfig:
    fingerprint: tuple[object, ...]
    categories: dict[str, Category]  # active ones, by slug, with their default team
    rules: Sequence[tuple[PriorityRule, Conditions]]  # active ones, in position order
    policies: Sequence[SlaPolicy]  # active ones, with their calendar
    surge_active: bool  # surge mode is on (read with the fingerprint: a switch reloads the copy)

    def category(self, slug: str) -> Category | None:
        return self.categories.get(slug)

    def policy_for(self, priority: int, category_id: int | None, vip_level: int) -> SlaPolicy | None:
        """As beacon.tickets.sla.selectors.policy_for, without a query."""
        candidates = [
            p
            for p in self.policies
            if p.priority == priority
            and (p.category_id is None or p.category_id == category_id)
            and (p.min_vip_level is None or p.min_vip_level <= vip_level)
        ]
        return max(candidates, key=lambda p: (p.category_id is not None, p.min_vip_level or 0, -p.pk), default=None)


_lock = threading.Lock()
_current: TriageConfig | None = None


@functools.cache
def _fingerprint_sql(vendor: str) -> str:
    """One statement: the version token, the row counts, the teams' ids and slugs (table names
    from the models, nothing from a user)."""
    tables = [m._meta.db_table for m in (Category, PriorityRule, PriorityRule.categories.through, SlaPolicy)]
    tables.append(BusinessCalendar._meta.db_table)
    parts = [f"(SELECT token FROM {ConfigVersion._meta.db_table} WHERE id = 1)"]  # noqa: S608
    parts += [f"(SELECT COUNT(*) FROM {table})" for table in tables]  # noqa: S608
    team = Team._meta.db_table
    if vendor == "postgresql":
        parts.append(f"(SELECT string_agg(id::text || ':' || slug, ',' ORDER BY id) FROM {team})")  # noqa: S608
    else:
        parts.append(f"(SELECT group_concat(id || ':' || slug, ',') FROM {team})")  # noqa: S608
    surge = SurgeState._meta.db_table
    parts.append(f"(SELECT CASE WHEN manual OR detected THEN 1 ELSE 0 END FROM {surge} WHERE id = 1)")  # noqa: S608
    return "SELECT " + ", ".join(parts)


def _fingerprint() -> tuple[object, ...]:
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql(connection.vendor))
        row = cursor.fetchone()
    return (connection.alias, *row)


def _load(fingerprint: tuple[object, ...]) -> TriageConfig:
    from beacon.tickets.rules.selectors import active_rules, conditions_of  # selectors import models

    categories = Category.objects.filter(is_active=True).select_related("default_team")
    rules = active_rules()  # with their categories prefetched, for conditions_of()
    policies = SlaPolicy.objects.filter(is_active=True).select_related("calendar")
    return TriageConfig(
        fingerprint=fingerprint,
        categories={c.slug: c for c in categories},
        rules=tuple((rule, conditions_of(rule)) for rule in rules),
        policies=tuple(policies),
        surge_active=bool(fingerprint[-1]),
    )


def current() -> TriageConfig:
    """The configuration as the database holds it now (one query when the copy is current)."""
    global _current
    fingerprint = _fingerprint()
    config = _current
    if config is not None and config.fingerprint == fingerprint:
        return config
    with _lock:
        config = _load(fingerprint)
        _current = config
    return config
