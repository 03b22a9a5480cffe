from __future__ import annotations

from typing import Any

from django import template

from beacon.helpcenter.banner import banner_items
from beacon.helpcenter.selectors import content_language

register = template.Library()


@register.inclusion_tag("helpcenter/partials/banner.html")
def announcement_banner() -> dict[str, Any]:
    """Active incidents and upcoming or ongoing maintenance, from the cache (no query per page)."""
    return {"items": banner_items(content_language())}


@register.filter
def name_in(item: Any, language: str) -> str:
    """A category's name in the page's content language: {{ category|name_in:lang }}."""
    return str(item.name_in(language))


@register.filter
def description_in(item: Any, language: str) -> str:
    return str(item.description_in(language))


@register.filter
def title_in(item: Any, language: str) -> str:
    """An announcement's title in the page's content language."""
    return str(item.title_in(language))


@register.filter
def body_in(item: Any, language: str) -> str:
    """An announcement's sanitised body HTML in the page's content language (mark it |safe)."""
    return str(item.body_html_in(language))
