"""Figures for people: durations ("3.5 h"), shares ("92 %") and "–" where there is nothing to show."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()

DASH = "–"


@register.filter
def duration(seconds: float | None) -> str:
    if seconds is None:
        return DASH
    if seconds < 90:
        return _("%(n)s s") % {"n": number_format(round(seconds))}
    if seconds < 90 * 60:
        return _("%(n)s min") % {"n": number_format(round(seconds / 60))}
    if seconds < 36 * 3600:
        return _("%(n)s h") % {"n": number_format(round(seconds / 3600, 1), decimal_pos=1)}
    return _("%(n)s d") % {"n": number_format(round(seconds / 86400, 1), decimal_pos=1)}


@register.filter
def percent(share: float | None) -> str:
    if share is None:
        return DASH
    return _("%(n)s %%") % {"n": number_format(round(share * 100, 1), decimal_pos=1 if share < 0.995 else 0)}


@register.filter
def decimal(value: float | None) -> str:
    return DASH if value is None else number_format(round(value, 2), decimal_pos=2)
