"""Priority-rule conditions: matching, parsing and the checks that catch useless rules. Pure.

A rule matches a new ticket when every condition it sets holds (unset conditions are not checked):
categories (any of), channels (any of), VIP level at least N, words (any of, zh or en) in the title
or message, and field conditions such as `amount > 10000` or `network in TRON, BSC`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

NUMERIC_OPS = (">", ">=", "<", "<=")
TEXT_OPS = ("=", "!=", "in")
OPS = (*NUMERIC_OPS, *TEXT_OPS)
NUMERIC_TYPES = frozenset({"amount"})
MAX_WORDS = 100
_LINE = re.compile(r"^\s*([a-z][a-z0-9_]{0,39})\s*(>=|<=|!=|>|<|=|\bin\b)\s*(.+?)\s*$", re.IGNORECASE)
_CJK = re.compile(r"[\u3000-\u9fff\uf900-\ufaff]")


class RuleError(ValueError):
    """A rule that is malformed, would never match, or conflicts with another: `errors` maps a form
    field name to its messages."""

    def __init__(self, errors: Mapping[str, Sequence[str]]) -> None:
        self.errors = {name: list(messages) for name, messages in errors.items() if messages}
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in self.errors.items()))


@dataclass(frozen=True)
class FieldCondition:
    name: str
    op: str
    value: str  # as written; numbers are compared as Decimal

    def as_text(self) -> str:
        return f"{self.name} {self.op} {self.value}"

    @property
    def values(self) -> frozenset[str]:
        return frozenset(v.strip().casefold() for v in self.value.split(",") if v.strip())

    @property
    def number(self) -> Decimal:
        return Decimal(self.value.replace(",", ""))


@dataclass(frozen=True)
class Conditions:
    categories: frozenset[str] = frozenset()
    channels: frozenset[str] = frozenset()
    min_vip_level: int | None = None
    words: frozenset[str] = frozenset()
    fields: tuple[FieldCondition, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.categories or self.channels or self.min_vip_level or self.words or self.fields)


@dataclass(frozen=True)
class TicketFacts:
    """What a rule may look at on a new ticket."""

    category: str
    channel: str
    vip_level: int
    text: str
    fields: Mapping[str, Any] = field(default_factory=dict)


def normalize(text: str) -> str:
    """Fold width and case so “ＵＳＤＴ”, “Stolen” and “stolen” compare equal."""
    return unicodedata.normalize("NFKC", text).casefold()


def clean_words(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w for w in (normalize(" ".join(word.split())) for word in words) if w)


def word_in(word: str, text: str) -> bool:
    """Chinese words match anywhere (there are no spaces); other words match whole words, so
    “hack” does not match “hackathon” but “hacked” matches “my account was hacked!”."""
    if _CJK.search(word):
        return word in text
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None


def matches(conditions: Conditions, facts: TicketFacts) -> bool:
    if conditions.categories and facts.category not in conditions.categories:
        return False
    if conditions.channels and facts.channel not in conditions.channels:
        return False
    if conditions.min_vip_level and facts.vip_level < conditions.min_vip_level:
        return False
    if conditions.words:
        text = normalize(facts.text)
        if not any(word_in(word, text) for word in conditions.words):
            return False
    return all(_field_holds(cond, facts.fields.get(cond.name)) for cond in conditions.fields)


def _field_holds(cond: FieldCondition, value: Any) -> bool:
    if value is None or value == "":
        return cond.op == "!="
    if cond.op in NUMERIC_OPS:
        try:
            number = Decimal(str(value).replace(",", ""))
        except InvalidOperation:
            return False
        threshold = cond.number
        return {
            ">": number > threshold,
            ">=": number >= threshold,
            "<": number < threshold,
            "<=": number <= threshold,
        }[cond.op]
    text = normalize(str(value).strip())
    if cond.op == "in":
        return text in cond.values
    equal = text == normalize(cond.value.strip())
    return equal if cond.op == "=" else not equal


# --- parsing --------------------------------------------------------------------------------------


def parse_field_conditions(text: str) -> list[FieldCondition]:
    """One condition per line: `amount > 10000`, `asset = USDT`, `network in TRON, BSC`."""
    conditions: list[FieldCondition] = []
    errors: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        match = _LINE.match(raw)
        if match is None:
            errors.append(
                _("Line %(n)d: “%(line)s” is not a condition. Write field, operator, value, e.g. amount > 10000.")
                % {"n": number, "line": raw.strip()}
            )
            continue
        name, op, value = match.group(1).lower(), match.group(2).lower(), match.group(3)
        if op in NUMERIC_OPS:
            try:
                Decimal(value.replace(",", ""))
            except InvalidOperation:
                errors.append(
                    _("Line %(n)d: “%(value)s” is not a number; %(op)s compares numbers.")
                    % {"n": number, "value": value, "op": op}
                )
                continue
        conditions.append(FieldCondition(name, op, value))
    if errors:
        raise RuleError({"field_conditions": errors})
    return conditions


def parse_words(text: str) -> list[str]:
    """Words separated by commas or new lines (、 and ， work too)."""
    return [w.strip() for w in re.split(r"[,\n，、;；]", text) if w.strip()]


# --- checks ---------------------------------------------------------------------------------------


def never_match_problems(
    conditions: Conditions,
    field_types: Mapping[str, Mapping[str, str]],
    *,
    known_channels: Iterable[str],
    max_vip_level: int,
) -> dict[str, list[str]]:
    """Why a rule with these conditions could never match any ticket (empty when it can).

    `field_types` maps each active category slug to {field name: field type}."""
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    if conditions.is_empty:
        add("__all__", _("Give the rule at least one condition; a rule without conditions would match every ticket."))
    unknown = sorted(conditions.categories - set(field_types))
    if unknown:
        add(
            "categories",
            _("These categories are not active, so the rule would never match: %(c)s.") % {"c": ", ".join(unknown)},
        )
    bad_channels = sorted(conditions.channels - set(known_channels))
    if bad_channels:
        add("channels", _("Unknown channel(s): %(c)s.") % {"c": ", ".join(bad_channels)})
    if conditions.min_vip_level is not None and conditions.min_vip_level > max_vip_level:
        add(
            "min_vip_level",
            _("No customer can be above VIP %(max)d, so the rule would never match.") % {"max": max_vip_level},
        )
    in_scope = [field_types[c] for c in (conditions.categories or field_types) if c in field_types]
    for cond in conditions.fields:
        types = {fields[cond.name] for fields in in_scope if cond.name in fields}
        if not types:
            where = _("the chosen categories") if conditions.categories else _("any active category")
            add(
                "field_conditions",
                _("No field “%(f)s” in %(where)s, so “%(cond)s” would never match.")
                % {"f": cond.name, "where": where, "cond": cond.as_text()},
            )
        elif cond.op in NUMERIC_OPS and not types & NUMERIC_TYPES:
            add(
                "field_conditions",
                _("“%(f)s” is not a number field; use =, != or in instead of %(op)s.")
                % {"f": cond.name, "op": cond.op},
            )
    for name, message in _contradictions(conditions.fields):
        add("field_conditions", message % {"f": name})
    return problems


def _contradictions(conditions: Sequence[FieldCondition]) -> Iterable[tuple[str, str]]:
    by_name: dict[str, list[FieldCondition]] = {}
    for cond in conditions:
        by_name.setdefault(cond.name, []).append(cond)
    for name, conds in by_name.items():
        low, high = _bounds(conds)
        if (
            low is not None
            and high is not None
            and (low[0] > high[0] or (low[0] == high[0] and not (low[1] and high[1])))
        ):
            yield name, _("The conditions on “%(f)s” contradict each other: no value satisfies them all.")
            continue
        allowed: frozenset[str] | None = None
        for cond in conds:
            if cond.op in {"=", "in"}:
                values = cond.values if cond.op == "in" else frozenset({normalize(cond.value.strip())})
                allowed = values if allowed is None else allowed & values
        excluded = {normalize(c.value.strip()) for c in conds if c.op == "!="}
        if allowed is not None and not (allowed - excluded):
            yield name, _("The conditions on “%(f)s” contradict each other: no value satisfies them all.")


def _bounds(conds: Sequence[FieldCondition]) -> tuple[tuple[Decimal, bool] | None, tuple[Decimal, bool] | None]:
    """The tightest (value, inclusive) lower and upper bounds of the numeric conditions."""
    low: tuple[Decimal, bool] | None = None
    high: tuple[Decimal, bool] | None = None
    for cond in conds:
        if cond.op not in NUMERIC_OPS:
            continue
        bound = (cond.number, cond.op in {">=", "<="})
        if cond.op in {">", ">="}:
            if low is None or bound[0] > low[0] or (bound[0] == low[0] and not bound[1]):
                low = bound
        elif high is None or bound[0] < high[0] or (bound[0] == high[0] and not bound[1]):
            high = bound
    return low, high


def subsumes(general: Conditions, specific: Conditions) -> bool:
    """True when every ticket that `specific` matches is matched by `general` too."""
    if general.categories and not (specific.categories and specific.categories <= general.categories):
        return False
    if general.channels and not (specific.channels and specific.channels <= general.channels):
        return False
    if general.min_vip_level and (specific.min_vip_level or 0) < general.min_vip_level:
        return False
    if general.words and not (specific.words and all(_word_implied(w, general.words) for w in specific.words)):
        return False
    return all(any(_implies(s, g) for s in specific.fields) for g in general.fields)


def _word_implied(word: str, general_words: frozenset[str]) -> bool:
    # A text containing `word` contains a general word when that word is the same, or (for Chinese,
    # matched anywhere) a part of it.
    return any(g == word or (_CJK.search(g) and g in word) for g in general_words)


def _implies(specific: FieldCondition, general: FieldCondition) -> bool:
    """Does `specific` holding guarantee `general` holds (same field)?"""
    if specific.name != general.name:
        return False
    if specific.op in NUMERIC_OPS and general.op in NUMERIC_OPS:
        s, g = specific.number, general.number
        if general.op in {">", ">="} and specific.op in {">", ">="}:
            return s > g or (s == g and (general.op == ">=" or specific.op == ">"))
        if general.op in {"<", "<="} and specific.op in {"<", "<="}:
            return s < g or (s == g and (general.op == "<=" or specific.op == "<"))
        return False
    if specific.op in {"=", "in"} and general.op in {"=", "in"}:
        s_values = specific.values if specific.op == "in" else frozenset({normalize(specific.value.strip())})
        g_values = general.values if general.op == "in" else frozenset({normalize(general.value.strip())})
        return s_values <= g_values
    return specific.op == general.op == "!=" and normalize(specific.value) == normalize(general.value)


def format_condition(name: str, op: str, value: str) -> str:
    return f"{name} {op} {value}"
