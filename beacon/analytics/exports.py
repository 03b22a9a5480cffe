"""CSV exports: every table of the dashboard, with the dashboard's filters, streamed row by row."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from beacon.analytics.figures import TicketFigures
from beacon.analytics.selectors import (
    AGE_BUCKETS,
    Filters,
    agent_table,
    backlog_now,
    chat_summary,
    ticket_breakdowns,
    ticket_series,
    top_zero_result_searches,
)

FIGURE_COLUMNS = [
    "created",
    "solved",
    "reopened",
    "reopen_rate",
    "first_responses",
    "first_response_median_s",
    "first_response_p90_s",
    "resolution_median_s",
    "resolution_p90_s",
    "sla_met",
    "sla_breached",
    "sla_compliance",
    "csat_ratings",
    "csat_average",
    "csat_score",
]


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(round(value, 4)) if isinstance(value, float) else str(value)


def _figures_row(f: TicketFigures) -> list[str]:
    values = [
        f.created,
        f.solved,
        f.reopened,
        f.reopen_rate,
        f.first_responses,
        f.frt_median,
        f.frt_p90,
        f.res_median,
        f.res_p90,
        f.sla_met,
        f.sla_breached,
        f.sla_compliance,
        f.csat_count,
        f.csat_average,
        f.csat_score,
    ]
    return [_number(v) for v in values]


def safe_cell(value: Any) -> str:
    """Text a spreadsheet would run as a formula (=, +, -, @ first) is quoted with a leading '."""
    text = str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def _breakdown(name: str) -> Callable[[Filters], Iterable[list[str]]]:
    def rows(filters: Filters) -> Iterable[list[str]]:
        yield [name, "key", *FIGURE_COLUMNS]
        for f in ticket_breakdowns(filters)[name]:
            yield [safe_cell(f.label), safe_cell(f.key), *_figures_row(f)]

    return rows


def _series(filters: Filters) -> Iterable[list[str]]:
    yield ["start", *FIGURE_COLUMNS]
    for moment, f in ticket_series(filters):
        yield [moment.isoformat(), *_figures_row(f)]


def _agents(filters: Filters) -> Iterable[list[str]]:
    yield ["agent", "agent_id", "open_now", *FIGURE_COLUMNS]
    for f in agent_table(filters):
        yield [safe_cell(f.label), f.key, str(f.extra.get("open", 0)), *_figures_row(f)]


def _backlog(filters: Filters) -> Iterable[list[str]]:
    yield ["age_under", "open_tickets"]
    labels = [label for label, _span in AGE_BUCKETS] + ["7d+"]
    for label, age in zip(labels, backlog_now(filters)["ages"], strict=True):
        yield [label, str(age["count"])]


def _chat(filters: Filters) -> Iterable[list[str]]:
    yield [
        "start",
        "started",
        "bot_answered",
        "bot_resolved",
        "queued",
        "accepted",
        "abandoned",
        "wait_median_s",
        "wait_p90_s",
    ]
    for moment, f in chat_summary(filters)[1]:
        values = [
            f.started,
            f.bot_answered,
            f.bot_resolved,
            f.queued,
            f.accepted,
            f.abandoned,
            f.wait_median,
            f.wait_p90,
        ]
        yield [moment.isoformat(), *(_number(v) for v in values)]


def _searches(filters: Filters) -> Iterable[list[str]]:
    yield ["search", "searches_without_result"]
    for row in top_zero_result_searches(filters, limit=500):
        yield [safe_cell(row["normalized"]), str(row["searches"])]


TABLES: dict[str, Callable[[Filters], Iterable[list[str]]]] = {
    "channel": _breakdown("channel"),
    "category": _breakdown("category"),
    "priority": _breakdown("priority"),
    "language": _breakdown("language"),
    "team": _breakdown("team"),
    "series": _series,
    "agents": _agents,
    "backlog": _backlog,
    "chat": _chat,
    "searches": _searches,
}


class _Line:
    def write(self, value: str) -> str:
        return value


def stream(table: str, filters: Filters) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield "\ufeff"  # a byte-order mark, so spreadsheet programs read the UTF-8 (Chinese names) right
    for row in TABLES[table](filters):
        yield writer.writerow(row)
