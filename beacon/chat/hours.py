"""Chat opening hours (pure): "mon-fri 08:00-20:00; sat 10:00-16:00" in one time zone.

An empty specification means around the clock. A window may cross midnight ("fri 22:00-02:00").
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WINDOW = re.compile(
    r"^\s*(?P<days>[a-z]{3}(?:\s*-\s*[a-z]{3})?(?:\s*,\s*[a-z]{3}(?:\s*-\s*[a-z]{3})?)*)\s+"
    r"(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})\s*$"
)


class HoursError(ValueError):
    pass


@dataclass(frozen=True)
class Window:
    days: frozenset[int]
    start: time
    end: time

    def contains(self, moment: datetime) -> bool:
        clock, day = moment.time(), moment.weekday()
        if self.start < self.end:
            return day in self.days and self.start <= clock < self.end
        # Crosses midnight: the evening part on the listed day, the early part on the day after.
        return (day in self.days and clock >= self.start) or ((day - 1) % 7 in self.days and clock < self.end)


def _day_set(text: str) -> frozenset[int]:
    days: set[int] = set()
    for part in text.split(","):
        first, _dash, last = (p.strip() for p in part.partition("-"))
        if first not in DAYS or (last and last not in DAYS):
            raise HoursError(f"unknown day in {part!r}")
        start, end = DAYS.index(first), DAYS.index(last or first)
        day = start
        while True:
            days.add(day)
            if day == end:
                break
            day = (day + 1) % 7
    return frozenset(days)


def _clock(text: str) -> time:
    hours, minutes = (int(p) for p in text.split(":"))
    if hours == 24 and minutes == 0:
        return time(23, 59, 59, 999999)
    if not (0 <= hours < 24 and 0 <= minutes < 60):
        raise HoursError(f"bad time {text!r}")
    return time(hours, minutes)


def parse_hours(spec: str) -> tuple[Window, ...]:
    windows = []
    for chunk in spec.lower().split(";"):
        if not chunk.strip():
            continue
        match = _WINDOW.match(chunk)
        if match is None:
            raise HoursError(f"cannot read {chunk.strip()!r}; write e.g. 'mon-fri 08:00-20:00'")
        windows.append(Window(_day_set(match["days"]), _clock(match["start"]), _clock(match["end"])))
    return tuple(windows)


def is_open(spec: str, time_zone: str, now: datetime) -> bool:
    windows = parse_hours(spec)
    if not windows:
        return True
    local = now.astimezone(zoneinfo.ZoneInfo(time_zone))
    return any(window.contains(local) for window in windows)
