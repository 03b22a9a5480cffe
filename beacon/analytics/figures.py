"""Metric definitions: figures from summed rollup counters. Pure functions, no ORM.

Each function takes the sums of a set of rollup rows (any filter, any range) and returns the
figures the dashboard, the exports and the digest show. docs/analytics.md states the same
definitions in prose.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from beacon.analytics import histogram

FRT_COLUMNS = histogram.column_names("frt")
RES_COLUMNS = histogram.column_names("res")
WAIT_COLUMNS = histogram.column_names("wait")


def ratio(part: int, whole: int) -> float | None:
    """part ÷ whole, or None when there is nothing to divide (shown as "–", never as 0 %)."""
    return part / whole if whole else None


def _histogram(counters: Mapping[str, int], columns: list[str]) -> list[int]:
    return [int(counters.get(name) or 0) for name in columns]


@dataclass
class TicketFigures:
    """Ticket figures for one slice (a team, a channel, an agent, the whole selection…)."""

    label: str = ""
    key: str = ""
    created: int = 0
    solved: int = 0
    reopened: int = 0
    first_responses: int = 0
    frt_median: float | None = None
    frt_p90: float | None = None
    frt_mean: float | None = None
    res_median: float | None = None
    res_p90: float | None = None
    res_mean: float | None = None
    sla_met: int = 0
    sla_breached: int = 0
    csat_count: int = 0
    csat_average: float | None = None
    csat_good: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    @property
    def reopen_rate(self) -> float | None:
        return ratio(self.reopened, self.solved)

    @property
    def sla_compliance(self) -> float | None:
        return ratio(self.sla_met, self.sla_met + self.sla_breached)

    @property
    def csat_score(self) -> float | None:
        """Share of ratings that are 4 or 5 out of 5 (the usual CSAT %)."""
        return ratio(self.csat_good, self.csat_count)


def ticket_figures(counters: Mapping[str, int], *, label: str = "", key: str = "") -> TicketFigures:
    def get(name: str) -> int:
        return int(counters.get(name) or 0)

    frt, res = _histogram(counters, FRT_COLUMNS), _histogram(counters, RES_COLUMNS)
    first_responses, solved, csat_count = get("first_responses"), get("solved"), get("csat_count")
    return TicketFigures(
        label=label,
        key=key,
        created=get("created"),
        solved=solved,
        reopened=get("reopened"),
        first_responses=first_responses,
        frt_median=histogram.percentile(frt, 0.5),
        frt_p90=histogram.percentile(frt, 0.9),
        frt_mean=ratio(get("frt_sum"), first_responses),
        res_median=histogram.percentile(res, 0.5),
        res_p90=histogram.percentile(res, 0.9),
        res_mean=ratio(get("res_sum"), solved),
        sla_met=get("sla_met"),
        sla_breached=get("sla_breached"),
        csat_count=csat_count,
        csat_average=ratio(get("csat_sum"), csat_count),
        csat_good=get("csat_good"),
    )


@dataclass
class ChatFigures:
    started: int = 0
    bot_answered: int = 0
    bot_resolved: int = 0
    queued: int = 0
    accepted: int = 0
    abandoned: int = 0
    wait_median: float | None = None
    wait_p90: float | None = None

    @property
    def bot_answer_rate(self) -> float | None:
        """Share of chats in which the assistant answered at least once."""
        return ratio(self.bot_answered, self.started)

    @property
    def bot_resolution_rate(self) -> float | None:
        """Share of chats that ended with the assistant, never reaching the queue."""
        return ratio(self.bot_resolved, self.started)

    @property
    def abandonment_rate(self) -> float | None:
        """Share of chats that left the queue before an agent accepted them."""
        return ratio(self.abandoned, self.accepted + self.abandoned)


def chat_figures(counters: Mapping[str, int]) -> ChatFigures:
    def get(name: str) -> int:
        return int(counters.get(name) or 0)

    wait = _histogram(counters, WAIT_COLUMNS)
    return ChatFigures(
        started=get("started"),
        bot_answered=get("bot_answered"),
        bot_resolved=get("bot_resolved"),
        queued=get("queued"),
        accepted=get("accepted"),
        abandoned=get("abandoned"),
        wait_median=histogram.percentile(wait, 0.5),
        wait_p90=histogram.percentile(wait, 0.9),
    )


@dataclass
class HelpFigures:
    searches: int = 0
    zero_result_searches: int = 0
    deflections: int = 0
    bot_resolved: int = 0

    @property
    def zero_result_rate(self) -> float | None:
        return ratio(self.zero_result_searches, self.searches)

    @property
    def helped(self) -> int:
        """People the help center and the assistant helped without an agent."""
        return self.deflections + self.bot_resolved

    def deflection_rate(self, created: int) -> float | None:
        """Requests deflected ÷ (deflected + tickets created)."""
        return ratio(self.deflections, self.deflections + created)


def add_counters(total: dict[str, int], row: Mapping[str, int | None]) -> None:
    for name, value in row.items():
        if isinstance(value, int) and not isinstance(value, bool):
            total[name] = total.get(name, 0) + value
