"""The dashboard's chart data, passed to the page with json_script (numbers and labels only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from beacon.analytics.figures import ChatFigures, TicketFigures
from beacon.analytics.models import Period
from beacon.analytics.rollups import site_zone
from beacon.analytics.selectors import Filters


def _minutes(seconds: float | None) -> float | None:
    return round(seconds / 60, 1) if seconds is not None else None


def _hours(seconds: float | None) -> float | None:
    return round(seconds / 3600, 2) if seconds is not None else None


def _label(moment: datetime, period: str) -> str:
    local = moment.astimezone(site_zone())
    if period == Period.HOUR:
        return local.strftime("%H:00")
    return local.strftime("%m-%d") if period == Period.DAY else local.strftime("%Y-%m")


def _slices(figures: list[TicketFigures]) -> dict[str, list[Any]]:
    return {
        "labels": [f.label for f in figures],
        "keys": [f.key for f in figures],
        "values": [f.created for f in figures],
    }


def chart_data(
    filters: Filters,
    tickets: dict[str, Any],
    series: list[tuple[datetime, TicketFigures]],
    chat_series: list[tuple[datetime, ChatFigures]],
    backlog: dict[str, Any],
) -> dict[str, Any]:
    teams: list[TicketFigures] = tickets["team"]
    return {
        "labels": {
            "created": _("Created"),
            "solved": _("Solved"),
            "reopened": _("Reopened"),
            "frt": _("First response, median (minutes)"),
            "res": _("Resolution, median (hours)"),
            "backlog": _("Open now"),
            "change": _("Created − solved"),
            "chats": _("Chats"),
            "queued": _("Queued for an agent"),
            "abandoned": _("Abandoned"),
            "bot": _("Solved by the assistant"),
        },
        "series": {
            "labels": [_label(moment, filters.period) for moment, _f in series],
            "created": [f.created for _m, f in series],
            "solved": [f.solved for _m, f in series],
            "reopened": [f.reopened for _m, f in series],
            "frt": [_minutes(f.frt_median) for _m, f in series],
            "res": [_hours(f.res_median) for _m, f in series],
        },
        "channel": _slices(tickets["channel"]),
        "category": _slices(tickets["category"]),
        "priority": _slices(tickets["priority"]),
        "language": _slices(tickets["language"]),
        "teams": {
            "labels": [f.label for f in teams],
            "keys": [f.key for f in teams],
            "backlog": [f.extra.get("backlog", 0) for f in teams],
            "change": [f.created - f.solved for f in teams],
        },
        "ages": {
            "labels": [age["label"] for age in backlog["ages"]],
            "values": [age["count"] for age in backlog["ages"]],
        },
        "chat": {
            "labels": [_label(moment, filters.period) for moment, _f in chat_series],
            "started": [f.started for _m, f in chat_series],
            "queued": [f.queued for _m, f in chat_series],
            "abandoned": [f.abandoned for _m, f in chat_series],
            "bot": [f.bot_resolved for _m, f in chat_series],
        },
    }
