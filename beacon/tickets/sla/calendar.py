"""Working-time arithmetic on business calendars. Pure: no ORM, no clock, no settings.

A calendar is a time zone, weekly shifts in local wall-clock time (several per day: split shifts,
lunch breaks), whole-day holidays, or "always open" (24/7). SLA due times are computed here:

    add_working_time(calendar, start, timedelta(hours=4))     → the moment 4 working hours have passed
    working_time_between(calendar, start, end)                  → working time in [start, end)

Shifts are converted to real instants day by day with the calendar's time zone, so a shift on the
day clocks change lasts what it really lasts (09:00–17:00 is 8 real hours on a normal day; a 01:00–
03:00 shift is 1 hour when clocks spring forward and 3 when they fall back).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.utils.translation import gettext as _

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_ALIASES = {
    **{name: i for i, name in enumerate(WEEKDAYS)},
    **{
        name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
    },
    **{f"周{c}": i for i, c in enumerate("一二三四五六日")},
    **{f"星期{c}": i for i, c in enumerate("一二三四五六日")},
    "周天": 6,
    "星期天": 6,
}
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_INTERVAL = re.compile(r"^(\d{1,2}:\d{2})\s*[-–~]\s*(\d{1,2}:\d{2})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DAY_MINUTES = 24 * 60
# The search for working time gives up after this many days: a calendar whose shifts are all
# covered by holidays for years would otherwise loop for ever.
MAX_SEARCH_DAYS = 3 * 366
MAX_HOLIDAY_RANGE_DAYS = 366


class CalendarError(ValueError):
    """Bad calendar input. `errors` lists every problem, each one a sentence for the user."""

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = list(errors)


@dataclass(frozen=True)
class Calendar:
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    # Per weekday (Monday first): sorted, non-overlapping (start, end) minutes after local midnight.
    shifts: tuple[tuple[tuple[int, int], ...], ...] = ((),) * 7
    holidays: frozenset[date] = frozenset()
    always_open: bool = False


TWENTY_FOUR_SEVEN = Calendar(always_open=True)


# --- parsing and validation -----------------------------------------------------------------------


def _minutes(text: str) -> int | None:
    match = _TIME.match(text)
    if match is None:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        return None
    return hours * 60 + minutes


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _days(spec: str) -> list[int] | None:
    days: list[int] = []
    for part in spec.split(","):
        part = part.strip().lower()
        if not part:
            continue
        if "-" in part:
            first, _sep, last = part.partition("-")
            a, b = _DAY_ALIASES.get(first.strip()), _DAY_ALIASES.get(last.strip())
            if a is None or b is None:
                return None
            days.extend(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
        elif part in _DAY_ALIASES:
            days.append(_DAY_ALIASES[part])
        else:
            return None
    return days or None


def parse_shifts(text: str) -> dict[str, list[list[str]]]:
    """Parse weekly shifts written one line per day group, e.g.

        mon-fri 09:00-12:00 13:00-18:00
        sat 10:00-14:00

    into {"mon": [["09:00", "12:00"], ["13:00", "18:00"]], …}. Raises CalendarError listing every
    bad line and every overlap."""
    errors: list[str] = []
    per_day: dict[int, list[tuple[int, int]]] = {i: [] for i in range(7)}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        day_spec, _sep, rest = line.partition(" ")
        days = _days(day_spec)
        if days is None:
            errors.append(
                _(
                    "Line %(n)d: “%(day)s” is not a day. Use mon, tue, wed, thu, fri, sat, sun, "
                    "a range such as mon-fri, or a list such as mon,wed."
                )
                % {"n": number, "day": day_spec}
            )
            continue
        if rest.strip().lower() in {"closed", "off", "休息"}:
            continue
        intervals = [chunk for chunk in re.split(r"[\s,]+(?=\d)", rest.strip()) if chunk.strip()]
        if not intervals:
            errors.append(_("Line %(n)d: give at least one shift such as 09:00-18:00 after the days.") % {"n": number})
            continue
        for chunk in intervals:
            parsed = _interval(chunk.strip(), _("Line %(n)d") % {"n": number}, errors)
            if parsed is not None:
                for day in days:
                    per_day[day].append(parsed)
    shifts = {WEEKDAYS[day]: [[_hhmm(s), _hhmm(e)] for s, e in sorted(ivs)] for day, ivs in per_day.items() if ivs}
    errors.extend(_overlaps(shifts))
    if errors:
        raise CalendarError(errors)
    return shifts


def _interval(chunk: str, where: str, errors: list[str]) -> tuple[int, int] | None:
    match = _INTERVAL.match(chunk)
    start = _minutes(match.group(1)) if match else None
    end = _minutes(match.group(2)) if match else None
    if match is None or start is None or end is None:
        errors.append(
            _("%(where)s: “%(shift)s” is not a shift; write it as HH:MM-HH:MM, e.g. 09:00-12:00.")
            % {"where": where, "shift": chunk}
        )
        return None
    if start == DAY_MINUTES:
        errors.append(_("%(where)s: a shift cannot start at 24:00.") % {"where": where})
        return None
    if end <= start:
        errors.append(
            _(
                "%(where)s: %(shift)s ends before it starts. A night shift must be split at midnight "
                "(e.g. mon 22:00-24:00 and tue 00:00-06:00)."
            )
            % {"where": where, "shift": chunk}
        )
        return None
    return start, end


def _overlaps(shifts: Mapping[str, Sequence[Sequence[str]]]) -> list[str]:
    errors: list[str] = []
    for day in WEEKDAYS:
        intervals = sorted((_minutes(s) or 0, _minutes(e) or 0) for s, e in shifts.get(day, []))
        for (s1, e1), (s2, e2) in pairwise(intervals):
            if s2 < e1:
                errors.append(
                    _("%(day)s: shift %(a)s overlaps %(b)s.")
                    % {"day": day.capitalize(), "a": f"{_hhmm(s1)}-{_hhmm(e1)}", "b": f"{_hhmm(s2)}-{_hhmm(e2)}"}
                )
    return errors


def format_shifts(shifts: Mapping[str, Sequence[Sequence[str]]]) -> str:
    """The inverse of parse_shifts, grouping days with identical shifts (mon-fri …)."""
    lines: list[str] = []
    day = 0
    while day < 7:
        current = [list(iv) for iv in shifts.get(WEEKDAYS[day], [])]
        last = day
        while last + 1 < 7 and [list(iv) for iv in shifts.get(WEEKDAYS[last + 1], [])] == current:
            last += 1
        if current:
            days = WEEKDAYS[day] if last == day else f"{WEEKDAYS[day]}-{WEEKDAYS[last]}"
            lines.append(f"{days} " + " ".join(f"{s}-{e}" for s, e in current))
        day = last + 1
    return "\n".join(lines)


def parse_holidays(text: str) -> list[dict[str, str]]:
    """Parse holidays, one per line: `2026-10-01 National Day` or a range
    `2026-10-01..2026-10-07 国庆节`. Lines starting with # are comments."""
    errors: list[str] = []
    holidays: list[dict[str, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        when, _sep, name = line.partition(" ")
        first, _dots, last = when.partition("..")
        start, end = _date(first), _date(last or first)
        if start is None or end is None:
            bad = first if start is None else last
            errors.append(
                _("Line %(n)d: “%(date)s” is not a date. Write YYYY-MM-DD, or YYYY-MM-DD..YYYY-MM-DD for several days.")
                % {"n": number, "date": bad}
            )
            continue
        if end < start:
            errors.append(_("Line %(n)d: the range %(range)s ends before it starts.") % {"n": number, "range": when})
            continue
        if (end - start).days >= MAX_HOLIDAY_RANGE_DAYS:
            errors.append(_("Line %(n)d: the range %(range)s is longer than a year.") % {"n": number, "range": when})
            continue
        holidays.append({"start": start.isoformat(), "end": end.isoformat(), "name": name.strip()[:80]})
    if errors:
        raise CalendarError(errors)
    return sorted(holidays, key=lambda h: h["start"])


def _date(text: str) -> date | None:
    if not _DATE.match(text.strip()):
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def format_holidays(holidays: Sequence[Mapping[str, str]]) -> str:
    lines = []
    for h in holidays:
        when = h["start"] if h["start"] == h["end"] else f"{h['start']}..{h['end']}"
        lines.append(f"{when} {h.get('name', '')}".rstrip())
    return "\n".join(lines)


@functools.cache
def _time_zone_names() -> frozenset[str]:
    # available_timezones() walks the whole tz database on disk (~10 ms): once per process is enough.
    return frozenset(available_timezones())


def check_time_zone(name: str) -> ZoneInfo:
    if name not in _time_zone_names():
        raise CalendarError(
            [_("Unknown time zone “%(tz)s”. Use an IANA name such as Asia/Shanghai or Europe/Berlin.") % {"tz": name}]
        )
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:  # pragma: no cover - listed but not loadable
        raise CalendarError([_("Time zone “%(tz)s” cannot be loaded.") % {"tz": name}]) from None


def build_calendar(
    time_zone: str, shifts: Mapping[str, Any], holidays: Sequence[Mapping[str, Any]], *, always_open: bool = False
) -> Calendar:
    """A Calendar from stored values (as produced by parse_shifts / parse_holidays). Raises
    CalendarError for anything malformed, so a bad row can never turn into a silent no-op."""
    tz = check_time_zone(time_zone)
    if always_open:
        return Calendar(tz=tz, always_open=True)
    errors: list[str] = []
    per_day: list[tuple[tuple[int, int], ...]] = []
    for day in WEEKDAYS:
        intervals = []
        for item in shifts.get(day, []) or []:
            if not (isinstance(item, list | tuple) and len(item) == 2):
                errors.append(
                    _("%(day)s: %(item)r is not a [start, end] pair.") % {"day": day.capitalize(), "item": item}
                )
                continue
            parsed = _interval(f"{item[0]}-{item[1]}", day.capitalize(), errors)
            if parsed is not None:
                intervals.append(parsed)
        per_day.append(tuple(sorted(intervals)))
    unknown = set(shifts) - set(WEEKDAYS)
    if unknown:
        errors.append(_("Unknown day(s) in shifts: %(days)s.") % {"days": ", ".join(sorted(unknown))})
    errors.extend(
        _overlaps({d: [[_hhmm(s), _hhmm(e)] for s, e in ivs] for d, ivs in zip(WEEKDAYS, per_day, strict=True)})
    )
    if not any(per_day):
        errors.append(_("The calendar has no working hours: add at least one shift, or make it 24/7."))
    days: set[date] = set()
    for h in holidays:
        start = _date(str(h.get("start", ""))) if isinstance(h, Mapping) else None
        end = _date(str(h.get("end", h.get("start", "")))) if isinstance(h, Mapping) else None
        if start is None or end is None or end < start or (end - start).days >= MAX_HOLIDAY_RANGE_DAYS:
            errors.append(_("Holiday %(h)r is not a valid date or range.") % {"h": h})
            continue
        days.update(start + timedelta(days=i) for i in range((end - start).days + 1))
    if errors:
        raise CalendarError(errors)
    return Calendar(tz=tz, shifts=tuple(per_day), holidays=frozenset(days))


# --- arithmetic -----------------------------------------------------------------------------------


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("calendar arithmetic needs timezone-aware datetimes")
    return moment.astimezone(UTC)


def _local_instant(calendar: Calendar, day: date, minutes: int) -> datetime:
    if minutes == DAY_MINUTES:
        day, minutes = day + timedelta(days=1), 0
    local = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=calendar.tz)
    # A wall-clock time skipped by a DST change maps forward (fold=0 uses the offset before the
    # change); an ambiguous one maps to its first occurrence. The mapping never goes backwards.
    return local.astimezone(UTC)


def working_intervals(calendar: Calendar, start: datetime) -> Iterator[tuple[datetime, datetime]]:
    """Working intervals (UTC, merged, clipped to begin at `start`) from `start` onwards."""
    start = _aware(start)
    if calendar.always_open:
        yield start, datetime.max.replace(tzinfo=UTC)
        return
    day = start.astimezone(calendar.tz).date() - timedelta(days=1)
    pending: tuple[datetime, datetime] | None = None
    for _day in range(MAX_SEARCH_DAYS):
        if day not in calendar.holidays:
            for s_min, e_min in calendar.shifts[day.weekday()]:
                s, e = _local_instant(calendar, day, s_min), _local_instant(calendar, day, e_min)
                if e <= start or e <= s:
                    continue
                s = max(s, start)
                if pending is not None and s <= pending[1]:
                    pending = (pending[0], max(pending[1], e))
                    continue
                if pending is not None:
                    yield pending
                pending = (s, e)
        day += timedelta(days=1)
    if pending is not None:
        yield pending
    raise CalendarError(
        [_("No working time in the %(n)d days after %(date)s.") % {"n": MAX_SEARCH_DAYS, "date": f"{start:%Y-%m-%d}"}]
    )


def add_working_time(calendar: Calendar, start: datetime, amount: timedelta) -> datetime:
    """The moment `amount` of working time has passed after `start` (`start` itself if amount ≤ 0).

    The result is always inside working time or at the very end of a shift."""
    start = _aware(start)
    if amount <= timedelta(0):
        return start
    if calendar.always_open:
        return start + amount
    remaining = amount
    for s, e in working_intervals(calendar, start):
        available = e - s
        if remaining <= available:
            return s + remaining
        remaining -= available
    raise AssertionError("unreachable: working_intervals raises when it runs out")  # pragma: no cover


def working_time_between(calendar: Calendar, start: datetime, end: datetime) -> timedelta:
    """Working time in [start, end); negative when end is before start."""
    start, end = _aware(start), _aware(end)
    if end < start:
        return -working_time_between(calendar, end, start)
    if calendar.always_open:
        return end - start
    total = timedelta(0)
    for s, e in working_intervals(calendar, start):
        if s >= end:
            break
        total += min(e, end) - s
    return total


def is_working(calendar: Calendar, moment: datetime) -> bool:
    moment = _aware(moment)
    if calendar.always_open:
        return True
    first = next(working_intervals(calendar, moment))
    return first[0] <= moment < first[1]


def is_holiday(calendar: Calendar, moment: datetime) -> bool:
    return not calendar.always_open and _aware(moment).astimezone(calendar.tz).date() in calendar.holidays
