"""Metric definitions on small, hand-checked data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from beacon.accounts.models import Team, User
from beacon.analytics import histogram, rollups
from beacon.analytics.figures import ticket_figures
from beacon.analytics.models import AgentStats, ChatStats, HelpStats, Period, TicketStats
from beacon.analytics.rollups import counter_fields
from beacon.analytics.selectors import Filters, chat_summary, help_summary, ticket_breakdowns, ticket_series
from beacon.analytics.tests.factories import chat_at, ticket_at
from beacon.chat.enums import EndReason, SessionStatus
from beacon.helpcenter.services.feedback import log_search, record_deflection
from beacon.helpcenter.tests.factories import article
from beacon.tickets import services
from beacon.tickets.csat.services import rate_ticket
from beacon.tickets.escalation.models import AlertKind
from beacon.tickets.escalation.services import notify_supervisors
from beacon.tickets.models import Category, Ticket
from beacon.tickets.tests.workflow_factories import PolicyFactory

pytestmark = pytest.mark.django_db
DAY = datetime(2026, 3, 2, tzinfo=UTC)
T10 = DAY.replace(hour=10)


def day_filters(**kwargs: object) -> Filters:
    return Filters(start=DAY, end=DAY + timedelta(days=3), **kwargs)  # type: ignore[arg-type]


def daily_sums(model: type[TicketStats | AgentStats | ChatStats | HelpStats]) -> dict[str, int]:
    rows = model.objects.filter(period=Period.DAY, start=DAY).values(*counter_fields(model))
    total: dict[str, int] = {}
    for row in rows:
        for name, value in row.items():
            total[name] = total.get(name, 0) + value
    return total


def test_percentiles_are_read_from_the_histogram_by_linear_interpolation() -> None:
    # [0, 1 min) [1, 5 min) [5, 15 min) [15, 30 min) [30, 60 min) [1 h, 2 h)
    #   30 s    90 s, 200 s    400 s                                     4000 s
    counts = [0] * histogram.SIZE
    for seconds in (30, 90, 200, 400, 4000):
        counts[histogram.bucket_of(seconds)] += 1
    assert counts[:6] == [1, 2, 1, 0, 0, 1]
    # median: rank 2.5 falls in [60, 300) holding ranks 2–3 → 60 + 240 × 1.5/2
    assert histogram.percentile(counts, 0.5) == 240.0
    # p90: rank 4.5 falls in [3600, 7200) holding rank 5 → 3600 + 3600 × 0.5/1
    assert histogram.percentile(counts, 0.9) == 5400.0
    assert histogram.percentile([0] * histogram.SIZE, 0.5) is None


def test_boundaries_belong_to_the_upper_bucket_and_the_last_bucket_is_open() -> None:
    assert [histogram.bucket_of(s) for s in (0, 59.9, 60, 299, 300)] == [0, 0, 1, 1, 2]
    assert histogram.bucket_of(-5) == 0
    counts = [0] * histogram.SIZE
    counts[-1] = 3
    assert histogram.percentile(counts, 0.5) == 14 * 86400


def test_first_response_times_of_five_tickets(general: Category) -> None:
    for seconds in (30, 90, 200, 400, 4000):
        ticket_at(T10, first_response=T10 + timedelta(seconds=seconds), category=general)
    rollups.recompute(DAY, DAY + timedelta(days=1))
    figures = ticket_figures(daily_sums(TicketStats))
    assert (figures.created, figures.first_responses) == (5, 5)
    assert figures.frt_mean == (30 + 90 + 200 + 400 + 4000) / 5
    assert (figures.frt_median, figures.frt_p90) == (240.0, 5400.0)
    # Each event is counted in its own hour: the 4000 s answer came at 11:06:40.
    hours = TicketStats.objects.filter(period=Period.HOUR, first_responses__gt=0).order_by("start")
    assert [(row.start.hour, row.first_responses) for row in hours] == [(10, 4), (11, 1)]


def test_resolution_time_and_sla_compliance_of_solved_tickets(general: Category) -> None:
    policy = PolicyFactory()
    met = ticket_at(T10, solved=T10 + timedelta(hours=1), category=general, sla_policy=policy)
    breached = ticket_at(T10, solved=T10 + timedelta(hours=3), category=general, sla_policy=policy)
    ticket_at(T10, solved=T10 + timedelta(hours=5), category=general)  # no SLA: not in the compliance
    ticket_at(T10, category=general)  # still open: not solved
    notify_supervisors(AlertKind.SLA_BREACHED, f"sla:{breached.pk}", ticket=breached)
    rollups.recompute(DAY, DAY + timedelta(days=1))
    figures = ticket_figures(daily_sums(TicketStats))
    assert (figures.created, figures.solved, figures.sla_met, figures.sla_breached) == (4, 3, 1, 1)
    assert figures.sla_compliance == 0.5
    assert figures.res_mean == (3600 + 3 * 3600 + 5 * 3600) / 3
    # 1 h, 3 h, 5 h → buckets [1 h, 2 h), [2 h, 4 h), [4 h, 8 h); median rank 1.5 → 2 h + 2 h × 0.5
    assert figures.res_median == 3 * 3600.0
    assert met.pk != breached.pk


def test_reopens_and_csat_come_from_the_audit_trail_and_ratings(general: Category, agent: User, customer: User) -> None:
    ticket = ticket_at(timezone.now(), category=general, requester=customer, assignee=agent)
    services.change_status(agent, ticket, "solved")
    rate_ticket(ticket, 5)
    services.change_status(customer, ticket, "open")
    other = ticket_at(timezone.now(), category=general, requester=customer)
    services.change_status(agent, other, "solved")
    rate_ticket(other, 2)
    rollups.refresh_recent()
    today = Filters(
        start=rollups.hour_floor(timezone.now()) - timedelta(hours=3), end=timezone.now() + timedelta(hours=1)
    )
    total = ticket_breakdowns(today)["total"]
    assert (total.created, total.reopened, total.csat_count, total.csat_good) == (2, 1, 2, 1)
    assert (total.csat_average, total.csat_score) == (3.5, 0.5)
    # Reopened tickets are no longer solved; the other one is.
    assert (total.solved, total.reopen_rate) == (1, 1.0)
    assert AgentStats.objects.filter(period=Period.HOUR, agent=agent).values_list("reopened", flat=True)[0] == 1


def test_recomputing_is_idempotent_and_follows_late_changes(general: Category, funds_team: Team) -> None:
    ticket = ticket_at(T10, category=general)
    rollups.recompute(DAY, DAY + timedelta(days=1))
    rollups.recompute(DAY, DAY + timedelta(days=1))
    assert TicketStats.objects.filter(period=Period.DAY).count() == 1
    Ticket.objects.filter(pk=ticket.pk).update(team=funds_team)
    rollups.recompute(DAY, DAY + timedelta(days=1))
    assert list(TicketStats.objects.filter(period=Period.DAY).values_list("team_id", "created")) == [(funds_team.pk, 1)]


def test_breakdowns_and_filters(general: Category, deposit: Category, funds_team: Team) -> None:
    ticket_at(T10, category=general, channel="email", language="zh-hans")
    ticket_at(T10, category=deposit, channel="web", team=funds_team, priority=2)
    ticket_at(T10, category=deposit, channel="web", team=funds_team, priority=2)
    rollups.recompute(DAY, DAY + timedelta(days=1))
    data = ticket_breakdowns(day_filters())
    assert [(f.key, f.created) for f in data["channel"]] == [("web", 2), ("email", 1)]
    assert [(f.key, f.created) for f in data["category"]] == [("deposit", 2), ("general", 1)]
    assert [(f.key, f.created) for f in data["priority"]] == [("2", 2), ("3", 1)]
    assert [(f.key, f.created) for f in data["language"]] == [("en", 2), ("zh-hans", 1)]
    assert [(f.key, f.created) for f in data["team"]] == [("funds", 2), ("", 1)]
    assert ticket_breakdowns(day_filters(team=funds_team))["total"].created == 2
    assert ticket_breakdowns(day_filters(channel="email"))["total"].created == 1
    assert ticket_breakdowns(day_filters(category=general, channel="web"))["total"].created == 0


def test_chat_wait_abandonment_and_assistant(funds_team: Team) -> None:
    chat_at(T10, team=funds_team, queued_at=T10, accepted_at=T10 + timedelta(seconds=40), status=SessionStatus.ACTIVE)
    chat_at(T10, team=funds_team, queued_at=T10, accepted_at=T10 + timedelta(seconds=100), status=SessionStatus.ACTIVE)
    chat_at(T10, queued_at=T10, ended_at=T10 + timedelta(minutes=5), status=SessionStatus.ENDED)  # abandoned
    chat_at(T10, ended_at=T10 + timedelta(minutes=2), status=SessionStatus.ENDED, end_reason=EndReason.BOT)
    rollups.recompute(DAY, DAY + timedelta(days=1))
    chats, series = chat_summary(day_filters())
    assert (chats.started, chats.queued, chats.accepted, chats.abandoned, chats.bot_resolved) == (4, 3, 2, 1, 1)
    assert chats.abandonment_rate == pytest.approx(1 / 3)
    assert chats.bot_resolution_rate == 0.25
    # 40 s in [0, 60), 100 s in [60, 300): median rank 1 → 60 s; p90 rank 1.8 → 60 + 240 × 0.8
    assert (chats.wait_median, chats.wait_p90) == (60.0, 252.0)
    assert chat_summary(day_filters(team=funds_team))[0].started == 2
    assert [c.started for _moment, c in series] == [4, 0, 0]  # one bucket per day of the range


def test_help_center_searches_and_deflections(customer: User) -> None:
    log_search("deposit missing", "en", "portal", 3)
    log_search("提现 失败", "zh-hans", "portal", 0)
    record_deflection(customer, article("Where is my deposit?"), "deposit")
    rollups.refresh_recent()
    now = timezone.now()
    window = Filters(start=rollups.hour_floor(now) - timedelta(hours=3), end=now + timedelta(hours=1))
    chats, _series = chat_summary(window)
    figures = help_summary(window, chats)
    assert (figures.searches, figures.zero_result_searches, figures.deflections) == (2, 1, 1)
    assert figures.deflection_rate(created=3) == 0.25
    assert HelpStats.objects.filter(period=Period.DAY).count() == 2  # one row per language


def test_rebuild_walks_the_whole_history_in_windows(general: Category) -> None:
    ticket_at(DAY - timedelta(days=40), category=general)
    ticket_at(T10, category=general)
    seen: list[datetime] = []
    windows = rollups.rebuild(now=DAY + timedelta(days=1), progress=lambda start, end, written: seen.append(start))
    assert windows == len(seen) == 2  # 21 Jan → 21 Feb, 21 Feb → now
    assert TicketStats.objects.filter(period=Period.DAY).count() == 2


def test_long_ranges_read_month_rows_and_chart_by_month(general: Category) -> None:
    ticket_at(datetime(2026, 1, 20, 9, tzinfo=UTC), category=general)  # an edge day
    ticket_at(datetime(2026, 2, 10, 9, tzinfo=UTC), category=general)  # inside a whole month
    ticket_at(datetime(2026, 2, 11, 9, tzinfo=UTC), category=general)
    ticket_at(datetime(2026, 5, 3, 9, tzinfo=UTC), category=general)  # an edge day
    rollups.rebuild(now=datetime(2026, 5, 10, tzinfo=UTC))
    assert TicketStats.objects.filter(period=Period.MONTH, start=datetime(2026, 2, 1, tzinfo=UTC)).get().created == 2
    filters = Filters(start=datetime(2026, 1, 15, tzinfo=UTC), end=datetime(2026, 5, 10, tzinfo=UTC))
    assert filters.period == Period.MONTH
    assert ticket_breakdowns(filters)["total"].created == 4
    series = [(moment.month, figures.created) for moment, figures in ticket_series(filters)]
    assert series == [(1, 1), (2, 2), (3, 0), (4, 0), (5, 1)]


def test_rebuild_command_prints_its_progress(general: Category) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("rebuild_analytics", stdout=out)
    assert "Nothing to recompute" in out.getvalue()
    ticket_at(timezone.now() - timedelta(days=3), category=general)
    out = StringIO()
    call_command("rebuild_analytics", "--days", "7", stdout=out)
    assert "rows: ticketstats 1" in out.getvalue()
    assert "Rollups recomputed in 1 window(s)" in out.getvalue()


def test_hour_rows_are_kept_a_week_and_older_short_ranges_read_days(general: Category) -> None:
    ticket_at(T10, category=general)
    rollups.recompute(DAY, DAY + timedelta(days=1))
    assert TicketStats.objects.filter(period=Period.HOUR).count() == 1
    rollups.refresh_recent()
    assert not TicketStats.objects.filter(period=Period.HOUR, start__lt=DAY + timedelta(days=1)).exists()
    one_day = Filters(start=DAY, end=DAY + timedelta(days=1))
    assert one_day.period == Period.DAY
    assert ticket_breakdowns(one_day)["total"].created == 1
