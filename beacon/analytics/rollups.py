"""Writes the rollups: recompute a time window from the source rows and replace its buckets whole.

Two ways to find the source rows of a window, both feeding the same accumulation:
- `recent`: rows created in the window plus the rows the audit trail says were touched in it
  (every change of first_response_at, solved_at, a rating or a chat state records an AuditEvent,
  and AuditEvent.at is indexed), so the periodic refresh never scans the ticket table;
- `scan`: rows with any of their moments in the window (the backfill, a month at a time).

Rollups are derived data, rebuilt at will from the audited source rows, so writing them records no
audit event of its own. Recomputing a window twice gives the same rows (the periodic job is
idempotent, and two runners at once only do the work twice).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model, Q
from django.utils import timezone

from beacon.analytics import histogram
from beacon.analytics.models import AgentStats, ChatStats, HelpStats, Period, SearchStats, TicketStats
from beacon.chat.enums import EndReason, EntryKind
from beacon.chat.models import ChatEntry, ChatSession
from beacon.core.models import AuditEvent
from beacon.helpcenter.models import Deflection, SearchLog
from beacon.tickets.escalation.models import AlertKind, SupervisorAlert
from beacon.tickets.models import SatisfactionRating, Ticket

logger = logging.getLogger(__name__)

RECENT_HOURS = 3  # the periodic refresh recomputes the current hour and the three before it
# Hour rows are kept this long (for the "today" and "yesterday" charts); day and month rows forever.
HOURLY_KEEP = timedelta(days=7)
TICKET_DIMENSIONS = ("team_id", "channel", "category_id", "priority", "language")
AGENT_DIMENSIONS = ("agent_id", "team_id")
CHAT_DIMENSIONS = ("team_id", "language")
HELP_DIMENSIONS = ("language",)
SEARCH_DIMENSIONS = ("normalized", "language")
REOPENED_FROM = ("solved", "closed")
CHUNK = 2000

Key = tuple[Any, ...]
Counters = dict[str, int]


def site_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def hour_floor(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def day_start(day: date) -> datetime:
    """Midnight of `day` in the site's time zone (daily buckets follow the site's calendar)."""
    return datetime.combine(day, time.min, tzinfo=site_zone()).astimezone(UTC)


def local_day(moment: datetime) -> date:
    return moment.astimezone(site_zone()).date()


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def day_floor(moment: datetime) -> datetime:
    return day_start(local_day(moment))


class Buckets:
    """Counters per (hour or local day, dimensions…), filled by the accumulate_* functions."""

    def __init__(self, start: datetime, end: datetime, period: str = Period.HOUR) -> None:
        self.start, self.end, self.period = start, end, period
        self.floor = hour_floor if period == Period.HOUR else day_floor
        self.rows: dict[Key, Counters] = defaultdict(lambda: defaultdict(int))

    def covers(self, moment: datetime | None) -> bool:
        return moment is not None and self.start <= moment < self.end

    def add(self, moment: datetime, dims: Key, name: str, amount: int = 1) -> None:
        self.rows[(self.floor(moment), *dims)][name] += amount

    def add_duration(self, moment: datetime, dims: Key, prefix: str, seconds: float) -> None:
        row = self.rows[(self.floor(moment), *dims)]
        row[f"{prefix}_sum"] += int(max(seconds, 0))
        row[f"{prefix}_{histogram.bucket_of(seconds)}"] += 1


@dataclass
class Window:
    start: datetime
    end: datetime
    recent: bool


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    batch: list[int] = []
    for pk in ids:
        batch.append(pk)
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _touched(window: Window, target_type: str) -> set[int]:
    rows = AuditEvent.objects.filter(target_type=target_type, at__gte=window.start, at__lt=window.end)
    return set(rows.values_list("target_id", flat=True))


# --- tickets ---------------------------------------------------------------------------------------

TICKET_FIELDS = (
    "id",
    *TICKET_DIMENSIONS,
    "assignee_id",
    "created_at",
    "first_response_at",
    "solved_at",
    "sla_policy_id",
)


def _ticket_rows(window: Window, touched: set[int]) -> Iterator[dict[str, Any]]:
    start, end = window.start, window.end
    created = Q(created_at__gte=start, created_at__lt=end)
    if window.recent:
        yield from Ticket.objects.filter(created).values(*TICKET_FIELDS).iterator(CHUNK)
        for batch in _chunks(sorted(touched)):
            yield from Ticket.objects.filter(pk__in=batch).exclude(created).values(*TICKET_FIELDS)
        return
    moments = (
        created
        | Q(first_response_at__gte=start, first_response_at__lt=end)
        | Q(solved_at__gte=start, solved_at__lt=end)
    )
    yield from Ticket.objects.filter(moments).values(*TICKET_FIELDS).iterator(CHUNK)


def accumulate_tickets(window: Window, tickets: Buckets, agents: Buckets) -> None:
    touched = _touched(window, "ticket") if window.recent else set()
    dims_of: dict[int, tuple[Key, Key | None]] = {}
    solved_with_sla: list[tuple[dict[str, Any], Key, Key | None]] = []
    for row in _ticket_rows(window, touched):
        dims = tuple(row[name] for name in TICKET_DIMENSIONS)
        agent = (row["assignee_id"], row["team_id"]) if row["assignee_id"] else None
        dims_of[row["id"]] = (dims, agent)
        created, first, solved = row["created_at"], row["first_response_at"], row["solved_at"]
        if tickets.covers(created):
            tickets.add(created, dims, "created")
        if tickets.covers(first):
            seconds = (first - created).total_seconds()
            for buckets, key in ((tickets, dims), (agents, agent)):
                if key is not None:
                    buckets.add(first, key, "first_responses")
                    buckets.add_duration(first, key, "frt", seconds)
        if tickets.covers(solved):
            seconds = (solved - created).total_seconds()
            for buckets, key in ((tickets, dims), (agents, agent)):
                if key is not None:
                    buckets.add(solved, key, "solved")
                    buckets.add_duration(solved, key, "res", seconds)
            if row["sla_policy_id"] is not None:
                solved_with_sla.append((row, dims, agent))
    _accumulate_sla(solved_with_sla, tickets, agents)
    _accumulate_reopens(window, dims_of, tickets, agents)
    _accumulate_ratings(window, touched, dims_of, tickets, agents)


def _accumulate_sla(solved: list[tuple[dict[str, Any], Key, Key | None]], tickets: Buckets, agents: Buckets) -> None:
    """A solved ticket with an SLA policy met it unless the SLA check noted a breach of any target."""
    breached: set[int] = set()
    for batch in _chunks(row["id"] for row, _dims, _agent in solved):
        alerts = SupervisorAlert.objects.filter(kind=AlertKind.SLA_BREACHED, ticket_id__in=batch)
        breached.update(alerts.values_list("ticket_id", flat=True))
    for row, dims, agent in solved:
        name = "sla_breached" if row["id"] in breached else "sla_met"
        tickets.add(row["solved_at"], dims, name)
        if agent is not None:
            agents.add(row["solved_at"], agent, name)


def _dims_for(ids: set[int], dims_of: dict[int, tuple[Key, Key | None]]) -> None:
    missing = sorted(ids - dims_of.keys())
    for batch in _chunks(missing):
        for row in Ticket.objects.filter(pk__in=batch).values("id", *TICKET_DIMENSIONS, "assignee_id"):
            agent = (row["assignee_id"], row["team_id"]) if row["assignee_id"] else None
            dims_of[row["id"]] = (tuple(row[name] for name in TICKET_DIMENSIONS), agent)


def _accumulate_reopens(
    window: Window, dims_of: dict[int, tuple[Key, Key | None]], tickets: Buckets, agents: Buckets
) -> None:
    """A reopen is a status change from solved or closed back to open, counted when it happened."""
    events = list(
        AuditEvent.objects.filter(
            target_type="ticket",
            verb="ticket.status_changed",
            at__gte=window.start,
            at__lt=window.end,
            data__new="open",
            data__old__in=REOPENED_FROM,
        ).values_list("target_id", "at")
    )
    _dims_for({ticket_id for ticket_id, _at in events}, dims_of)
    for ticket_id, at in events:
        if ticket_id not in dims_of:
            continue  # the ticket was deleted since
        dims, agent = dims_of[ticket_id]
        tickets.add(at, dims, "reopened")
        if agent is not None:
            agents.add(at, agent, "reopened")


def _accumulate_ratings(
    window: Window,
    touched: set[int],
    dims_of: dict[int, tuple[Key, Key | None]],
    tickets: Buckets,
    agents: Buckets,
) -> None:
    """CSAT counts each rating (1–5) once, in the bucket of its first submission; 4 and 5 are "good"."""
    ratings = SatisfactionRating.objects.filter(created_at__gte=window.start, created_at__lt=window.end)
    if window.recent:
        ratings = ratings.filter(ticket_id__in=sorted(touched))
    rows = list(ratings.values_list("ticket_id", "score", "created_at"))
    _dims_for({ticket_id for ticket_id, _score, _at in rows}, dims_of)
    for ticket_id, score, at in rows:
        dims, agent = dims_of[ticket_id]
        for buckets, key in ((tickets, dims), (agents, agent)):
            if key is not None:
                buckets.add(at, key, "csat_count")
                buckets.add(at, key, "csat_sum", score)
                buckets.add(at, key, "csat_good", int(score >= 4))


# --- chat and help center --------------------------------------------------------------------------

CHAT_FIELDS = ("id", *CHAT_DIMENSIONS, "created_at", "queued_at", "accepted_at", "ended_at", "end_reason")


def accumulate_chats(window: Window, chats: Buckets) -> None:
    start, end = window.start, window.end
    created = Q(created_at__gte=start, created_at__lt=end)
    if window.recent:
        touched = _touched(window, "chatsession")
        rows = list(ChatSession.objects.filter(created | Q(pk__in=sorted(touched))).values(*CHAT_FIELDS))
    else:
        moments = (
            created
            | Q(queued_at__gte=start, queued_at__lt=end)
            | Q(accepted_at__gte=start, accepted_at__lt=end)
            | Q(ended_at__gte=start, ended_at__lt=end)
        )
        rows = list(ChatSession.objects.filter(moments).values(*CHAT_FIELDS))
    started = [row["id"] for row in rows if chats.covers(row["created_at"])]
    answered: set[int] = set()
    for batch in _chunks(started):
        entries = ChatEntry.objects.filter(session_id__in=batch, kind=EntryKind.BOT)
        answered.update(entries.values_list("session_id", flat=True))
    for row in rows:
        dims = (row["team_id"], row["language"])
        if chats.covers(row["created_at"]):
            chats.add(row["created_at"], dims, "started")
            chats.add(row["created_at"], dims, "bot_answered", int(row["id"] in answered))
        if chats.covers(row["queued_at"]):
            chats.add(row["queued_at"], dims, "queued")
        if chats.covers(row["accepted_at"]) and row["queued_at"] is not None:
            chats.add(row["accepted_at"], dims, "accepted")
            wait = (row["accepted_at"] - row["queued_at"]).total_seconds()
            chats.add_duration(row["accepted_at"], dims, "wait", wait)
        if chats.covers(row["ended_at"]):
            if row["end_reason"] == EndReason.BOT:
                chats.add(row["ended_at"], dims, "bot_resolved")
            elif row["queued_at"] is not None and row["accepted_at"] is None:
                chats.add(row["ended_at"], dims, "abandoned")


def accumulate_help(window: Window, help_center: Buckets, zero_results: Buckets) -> None:
    searches = SearchLog.objects.filter(created_at__gte=window.start, created_at__lt=window.end)
    rows = searches.values_list("created_at", "language", "results", "normalized")
    for at, language, results, normalized in rows.iterator(CHUNK):
        help_center.add(at, (language,), "searches")
        if not results:
            help_center.add(at, (language,), "zero_result_searches")
            zero_results.add(at, (normalized, language), "searches")
    deflections = Deflection.objects.filter(created_at__gte=window.start, created_at__lt=window.end)
    for at, language in deflections.values_list("created_at", "article__language").iterator(CHUNK):
        help_center.add(at, (language,), "deflections")


# --- writing ---------------------------------------------------------------------------------------

ROLLUPS: list[tuple[type[Model], tuple[str, ...]]] = [
    (TicketStats, TICKET_DIMENSIONS),
    (AgentStats, AGENT_DIMENSIONS),
    (ChatStats, CHAT_DIMENSIONS),
    (HelpStats, HELP_DIMENSIONS),
    (SearchStats, SEARCH_DIMENSIONS),
]


ROLLUP_DIMENSIONS: dict[type[Model], tuple[str, ...]] = dict(ROLLUPS)


def counter_fields(model: type[Model]) -> list[str]:
    """The summable columns of a rollup model: everything but the bucket and the dimensions."""
    skip = {"id", "period", "start", *ROLLUP_DIMENSIONS[model]}
    return [field.attname for field in model._meta.concrete_fields if field.attname not in skip]


def _insert(model: type[Model], columns: list[str], rows: list[list[Any]]) -> None:
    """Plain multi-row INSERTs: a year of rollup rows is hundreds of thousands of rows with ~45
    columns each, too many to build a model object per row."""
    quote = connection.ops.quote_name
    # Identifiers from the model's metadata, quoted; every value is a parameter.
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(name) for name in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        for offset in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[offset : offset + CHUNK])


def _write_buckets(model: type[Model], buckets: Buckets) -> int:
    """Replace the rows of `buckets.period` in the window with the accumulated counters."""
    dims = ROLLUP_DIMENSIONS[model]
    counters = counter_fields(model)
    period = buckets.period
    model._default_manager.filter(period=period, start__gte=buckets.start, start__lt=buckets.end).delete()
    adapt = connection.ops.adapt_datetimefield_value
    rows = [
        [period, adapt(key[0]), *key[1:], *(values.get(name, 0) for name in counters)]
        for key, values in buckets.rows.items()
    ]
    _insert(model, ["period", "start", *dims, *counters], rows)
    return len(rows)


def _write_sums(model: type[Model], period: str, start: datetime, end: datetime, source: str) -> None:
    """Replace the `period` row(s) starting at `start` with the sums of the `source` rows in [start, end),
    in one INSERT … SELECT … GROUP BY (the rows never travel through Python)."""
    dims = ROLLUP_DIMENSIONS[model]
    counters = counter_fields(model)
    model._default_manager.filter(period=period, start=start).delete()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in ("period", "start", *dims, *counters))
    dim_list = ", ".join(quote(name) for name in dims)
    sums = ", ".join(f"SUM({quote(name)})" for name in counters)
    sql = (  # identifiers from the model's metadata, quoted; every value is a parameter
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608
        f"SELECT %s, %s, {dim_list}, {sums} FROM {quote(model._meta.db_table)} "
        f"WHERE {quote('period')} = %s AND {quote('start')} >= %s AND {quote('start')} < %s "
        f"GROUP BY {dim_list}"
    )
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(sql, [period, adapt(start), source, adapt(start), adapt(end)])


def _write_days(model: type[Model], days: Iterable[date]) -> None:
    """A day's rows are the sums of its hours' rows (already written); a month's, of its days'."""
    days = list(days)
    for day in days:
        _write_sums(model, Period.DAY, day_start(day), day_start(day + timedelta(days=1)), Period.HOUR)
    _write_months(model, days)


def _write_months(model: type[Model], days: Iterable[date]) -> None:
    for month in sorted({month_of(day) for day in days}):
        _write_sums(model, Period.MONTH, day_start(month), day_start(next_month(month)), Period.DAY)


def days_between(start: datetime, end: datetime) -> list[date]:
    first, last = local_day(start), local_day(end - timedelta(microseconds=1))
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


@transaction.atomic
def recompute(start: datetime, end: datetime, *, recent: bool = False, by_day: bool = False) -> dict[str, int]:
    """Recompute every rollup of the hours in [start, end) and of the days and months they fall in.

    `by_day` (the backfill of whole local days older than the hour rows kept) accumulates straight
    into day rows: no hour rows are written only to be summed and pruned."""
    if by_day:
        start, end = day_floor(start), day_start(local_day(end - timedelta(microseconds=1)) + timedelta(days=1))
    else:
        start, end = hour_floor(start), hour_floor(end - timedelta(microseconds=1)) + timedelta(hours=1)
    window = Window(start, end, recent)
    period = Period.DAY if by_day else Period.HOUR
    tickets, agents, chats, help_center, zero_results = (Buckets(start, end, period) for _ in range(5))
    accumulate_tickets(window, tickets, agents)
    accumulate_chats(window, chats)
    accumulate_help(window, help_center, zero_results)
    written = {}
    every = ((TicketStats, tickets), (AgentStats, agents), (ChatStats, chats), (HelpStats, help_center))
    for model, buckets in (*every, (SearchStats, zero_results)):
        written[model._meta.model_name or ""] = _write_buckets(model, buckets)
        if by_day:
            _write_months(model, days_between(start, end))
        else:
            _write_days(model, days_between(start, end))
    return written


def refresh_recent(now: datetime | None = None) -> dict[str, int]:
    """The periodic job: the current hour and the RECENT_HOURS before it, and their days."""
    now = now or timezone.now()
    end = hour_floor(now) + timedelta(hours=1)
    written = recompute(end - timedelta(hours=RECENT_HOURS + 1), end, recent=True)
    prune_hours(now)
    return written


def hourly_since(now: datetime) -> datetime:
    """The oldest hour whose rows are kept."""
    return hour_floor(now) - HOURLY_KEEP


def prune_hours(now: datetime) -> None:
    """Drop hour rows older than HOURLY_KEEP: their days (and months) hold the same sums."""
    for model, _dimensions in ROLLUPS:
        model._default_manager.filter(period=Period.HOUR, start__lt=hourly_since(now)).delete()


def first_moment() -> datetime | None:
    found = [
        Ticket.objects.order_by("created_at").values_list("created_at", flat=True).first(),
        ChatSession.objects.order_by("created_at").values_list("created_at", flat=True).first(),
        SearchLog.objects.order_by("created_at").values_list("created_at", flat=True).first(),
        Deflection.objects.order_by("created_at").values_list("created_at", flat=True).first(),
    ]
    moments = [moment for moment in found if moment is not None]
    return min(moments) if moments else None


def rebuild(
    since: datetime | None = None,
    now: datetime | None = None,
    *,
    step_days: int = 31,
    progress: Callable[[datetime, datetime, dict[str, int]], None] | None = None,
) -> int:
    """Recompute everything from `since` (default: the first ticket, chat or search) to now, in
    windows of `step_days` whole local days. Returns the number of windows."""
    now = now or timezone.now()
    since = since or first_moment()
    if since is None:
        return 0
    day = local_day(since)
    windows = 0
    while day_start(day) <= now:
        following = day + timedelta(days=step_days)
        start, end = day_start(day), min(day_start(following), hour_floor(now) + timedelta(hours=1))
        written = recompute(start, end, by_day=end <= hourly_since(now))
        prune_hours(now)
        windows += 1
        if progress is not None:
            progress(start, end, written)
        day = following
    return windows
