"""Working-time arithmetic: examples people check by hand, then properties over generated calendars."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from beacon.tickets.sla.calendar import (
    TWENTY_FOUR_SEVEN,
    WEEKDAYS,
    Calendar,
    CalendarError,
    add_working_time,
    build_calendar,
    format_holidays,
    format_shifts,
    is_holiday,
    is_working,
    parse_holidays,
    parse_shifts,
    working_time_between,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
OFFICE = "mon-fri 09:00-12:00 13:00-18:00"


def office(tz: str = "Asia/Shanghai", holidays: str = "", shifts: str = OFFICE) -> Calendar:
    return build_calendar(tz, parse_shifts(shifts), parse_holidays(holidays))


def local(tz: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=tz)  # type: ignore[misc]


# --- examples ---------------------------------------------------------------------------------------


def test_lunch_break_is_skipped() -> None:
    due = add_working_time(office(), local(SHANGHAI, 2026, 3, 2, 11, 0), timedelta(hours=2))
    assert due == local(SHANGHAI, 2026, 3, 2, 14, 0)


def test_friday_evening_ticket_is_due_on_monday() -> None:
    due = add_working_time(office(), local(SHANGHAI, 2026, 3, 6, 17, 0), timedelta(hours=4))
    assert due == local(SHANGHAI, 2026, 3, 9, 12, 0)


def test_golden_week_holiday_is_skipped() -> None:
    calendar = office(holidays="2026-10-01..2026-10-07 国庆节")
    due = add_working_time(calendar, local(SHANGHAI, 2026, 9, 30, 17, 0), timedelta(hours=2))
    assert due == local(SHANGHAI, 2026, 10, 8, 10, 0)


def test_split_shift_across_midnight_is_continuous() -> None:
    calendar = office(shifts="mon 20:00-24:00\ntue 00:00-04:00", tz="UTC")
    due = add_working_time(calendar, datetime(2026, 3, 2, 23, 0, tzinfo=UTC), timedelta(hours=3))
    assert due == datetime(2026, 3, 3, 2, 0, tzinfo=UTC)


def test_office_day_when_clocks_spring_forward_in_new_york() -> None:
    calendar = office(tz="America/New_York", shifts="sun 00:00-06:00")
    # 2026-03-08: 02:00 EST jumps to 03:00 EDT, so the 00:00–06:00 shift lasts five real hours.
    start = local(NEW_YORK, 2026, 3, 8, 0, 0)
    assert working_time_between(calendar, start, start + timedelta(days=1)) == timedelta(hours=5)
    assert add_working_time(calendar, start, timedelta(hours=3)) == local(NEW_YORK, 2026, 3, 8, 4, 0)


def test_office_day_when_clocks_fall_back_in_new_york() -> None:
    calendar = office(tz="America/New_York", shifts="sun 00:00-06:00")
    start = local(NEW_YORK, 2026, 11, 1, 0, 0)
    assert working_time_between(calendar, start, start + timedelta(days=1)) == timedelta(hours=7)


def test_twenty_four_seven_is_plain_time() -> None:
    start = datetime(2026, 3, 8, 6, 30, tzinfo=UTC)
    assert add_working_time(TWENTY_FOUR_SEVEN, start, timedelta(minutes=90)) == start + timedelta(minutes=90)


def test_shift_text_round_trips() -> None:
    shifts = parse_shifts("mon-fri 09:00-12:00 13:00-18:00\nsat 10:00-14:00\n周日 10:00-12:00")
    assert format_shifts(shifts) == "mon-fri 09:00-12:00 13:00-18:00\nsat 10:00-14:00\nsun 10:00-12:00"
    holidays = parse_holidays("2026-10-01..2026-10-07 National Day\n2026-01-01 New Year")
    assert format_holidays(holidays) == "2026-01-01 New Year\n2026-10-01..2026-10-07 National Day"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("mon 09:00-12:00 11:00-13:00", "Mon: shift 09:00-12:00 overlaps 11:00-13:00."),
        ("mon-fri 09:00-18:00\nwed 17:00-20:00", "Wed: shift 09:00-18:00 overlaps 17:00-20:00."),
        ("tue 22:00-06:00", "ends before it starts. A night shift must be split at midnight"),
        ("moon 09:00-10:00", "“moon” is not a day"),
        ("mon 9-17", "“9-17” is not a shift"),
        ("mon 09:00-25:00", "is not a shift"),
    ],
)
def test_bad_shifts_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(CalendarError) as caught:
        parse_shifts(text)
    assert message in " ".join(caught.value.errors)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-13-01 Nope", "Line 1: “2026-13-01” is not a date"),
        ("01/10/2026 National Day", "is not a date. Write YYYY-MM-DD"),
        ("2026-10-01\n2026-10-07..2026-10-01", "Line 2: the range 2026-10-07..2026-10-01 ends before it starts."),
        ("2026-01-01..2027-06-01", "longer than a year"),
    ],
)
def test_malformed_holiday_lists_are_refused(text: str, message: str) -> None:
    with pytest.raises(CalendarError) as caught:
        parse_holidays(text)
    assert message in " ".join(caught.value.errors)


def test_a_calendar_that_never_opens_again_is_an_error_not_a_hang() -> None:
    calendar = office(shifts="mon 09:00-10:00", holidays="2026-01-01..2026-12-31\n2027-01-01..2027-12-31")
    with pytest.raises(CalendarError, match="No working time"):
        add_working_time(calendar, local(SHANGHAI, 2026, 1, 1, 0, 0), timedelta(days=30))


def test_calendar_without_working_hours_or_with_unknown_zone_is_refused() -> None:
    with pytest.raises(CalendarError, match="no working hours"):
        build_calendar("UTC", {}, [])
    with pytest.raises(CalendarError, match="Unknown time zone “Asia/Beijing”"):
        build_calendar("Asia/Beijing", parse_shifts(OFFICE), [])


def test_stored_rows_are_validated_too() -> None:
    with pytest.raises(CalendarError, match="overlaps"):
        build_calendar("UTC", {"mon": [["09:00", "12:00"], ["10:00", "11:00"]]}, [])
    with pytest.raises(CalendarError, match="not a valid date"):
        build_calendar("UTC", parse_shifts(OFFICE), [{"start": "2026-02-30", "end": "2026-02-30"}])


# --- properties -------------------------------------------------------------------------------------

ZONES = ["UTC", "Asia/Shanghai", "America/New_York", "Europe/Berlin", "Australia/Sydney", "America/Sao_Paulo"]


@st.composite
def calendars(draw: st.DrawFn) -> Calendar:
    """Random weekly shifts (split shifts and lunch breaks included), random holidays, DST zones."""
    shifts: dict[str, list[list[str]]] = {}
    for day in WEEKDAYS:
        cuts = sorted(draw(st.sets(st.integers(0, 48), max_size=6)))
        pairs = [cuts[i : i + 2] for i in range(0, len(cuts) - 1, 2)]
        shifts[day] = [
            [f"{a * 30 // 60:02d}:{a * 30 % 60:02d}", f"{b * 30 // 60:02d}:{b * 30 % 60:02d}"] for a, b in pairs
        ]
    # At least four working hours a week: a due time ten working days away stays within the years
    # the search covers (a calendar with less is refused with CalendarError, tested above).
    assume(
        sum(int(b[:2]) * 60 + int(b[3:]) - int(a[:2]) * 60 - int(a[3:]) for v in shifts.values() for a, b in v) >= 240
    )
    first = date(2026, 1, 1)
    holiday_days = draw(st.lists(st.integers(0, 500), max_size=25))
    holidays = [
        {"start": (first + timedelta(days=d)).isoformat(), "end": (first + timedelta(days=d)).isoformat()}
        for d in holiday_days
    ]
    return build_calendar(draw(st.sampled_from(ZONES)), {d: v for d, v in shifts.items() if v}, holidays)


# Naive bounds are what hypothesis wants; every generated moment is then made UTC-aware.
moments = st.datetimes(
    min_value=datetime(2026, 1, 1),  # noqa: DTZ001
    max_value=datetime(2027, 3, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)
amounts = st.integers(min_value=1, max_value=60 * 60 * 24 * 10).map(lambda s: timedelta(seconds=s))
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def inside_working_time(calendar: Calendar, moment: datetime) -> bool:
    """Inside a shift, or exactly at the end of one (a deadline at closing time is fine)."""
    return is_working(calendar, moment) or is_working(calendar, moment - timedelta(microseconds=1))


@PROPERTY
@given(calendar=calendars(), start=moments, amount=amounts)
def test_due_time_is_never_outside_working_time(calendar: Calendar, start: datetime, amount: timedelta) -> None:
    due = add_working_time(calendar, start, amount)
    assert due > start
    assert inside_working_time(calendar, due)
    assert not is_holiday(calendar, due - timedelta(microseconds=1))


@PROPERTY
@given(calendar=calendars(), start=moments, amount=amounts)
def test_exactly_the_requested_working_time_elapses(calendar: Calendar, start: datetime, amount: timedelta) -> None:
    due = add_working_time(calendar, start, amount)
    assert working_time_between(calendar, start, due) == amount


@PROPERTY
@given(calendar=calendars(), start=moments, first=amounts, second=amounts)
def test_more_working_time_is_never_due_earlier(
    calendar: Calendar, start: datetime, first: timedelta, second: timedelta
) -> None:
    small, large = sorted([first, second])
    assert add_working_time(calendar, start, small) <= add_working_time(calendar, start, large)


@PROPERTY
@given(
    calendar=calendars(),
    start=moments,
    amount=amounts,
    pause_after=st.floats(0.01, 0.99),
    pause_length=st.integers(60, 60 * 60 * 24 * 20).map(lambda s: timedelta(seconds=s)),
)
def test_a_pause_is_honoured(
    calendar: Calendar, start: datetime, amount: timedelta, pause_after: float, pause_length: timedelta
) -> None:
    """Stop the clock part-way, restart it later: the working time spent still adds up to the
    target, and the pause itself counted for nothing."""
    due = add_working_time(calendar, start, amount)
    paused = start + (due - start) * pause_after
    left = working_time_between(calendar, paused, due)
    resumed = paused + pause_length
    new_due = add_working_time(calendar, resumed, left)
    spent = working_time_between(calendar, start, paused) + working_time_between(calendar, resumed, new_due)
    assert spent == amount
    assert new_due >= due
    assert inside_working_time(calendar, new_due) or left == timedelta(0)


@PROPERTY
@given(calendar=calendars(), pick=st.integers(0, 100))
def test_holidays_count_no_working_time(calendar: Calendar, pick: int) -> None:
    assume(calendar.holidays)
    holiday = sorted(calendar.holidays)[pick % len(calendar.holidays)]
    day_start = datetime.combine(holiday, datetime.min.time(), tzinfo=calendar.tz)
    day_end = datetime.combine(holiday + timedelta(days=1), datetime.min.time(), tzinfo=calendar.tz)
    assert working_time_between(calendar, day_start, day_end) == timedelta(0)


@PROPERTY
@given(zone=st.sampled_from(ZONES), start=moments, amount=amounts)
def test_a_calendar_open_all_week_runs_in_real_time_across_dst(zone: str, start: datetime, amount: timedelta) -> None:
    calendar = build_calendar(zone, parse_shifts("mon-sun 00:00-24:00"), [])
    assert add_working_time(calendar, start, amount) == start + amount
