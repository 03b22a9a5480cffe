"""Macro placeholders: `{customer_name}`, `{reference}`, `{field:txid}` … Pure.

Unknown placeholders are refused when a macro is saved, so a reply never goes out with a literal
`{custmer_name}` in it; a known placeholder without a value renders as an empty string."""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PLACEHOLDERS = {
    "customer_name": gettext_lazy("the customer's name"),
    "reference": gettext_lazy("the ticket reference, e.g. BCN-000123"),
    "subject": gettext_lazy("the ticket title"),
    "category": gettext_lazy("the ticket category"),
    "agent_name": gettext_lazy("your name"),
    "agent_id": gettext_lazy("your public staff ID (customers can verify it)"),
    "field:NAME": gettext_lazy("a ticket field, e.g. {field:txid}"),
}
_TOKEN = re.compile(r"\{([^{}]*)\}")
_FIELD = re.compile(r"^field:[a-z][a-z0-9_]{0,39}$")


def placeholder_problems(text: str) -> list[str]:
    problems: list[str] = []
    for name in _TOKEN.findall(text):
        name = name.strip()
        if name not in PLACEHOLDERS and not _FIELD.match(name):
            problems.append(
                _("Unknown placeholder {%(name)s}. Use one of: %(known)s.")
                % {"name": name, "known": ", ".join("{" + p + "}" for p in PLACEHOLDERS)}
            )
    stripped = _TOKEN.sub("", text)
    if "{" in stripped or "}" in stripped:
        problems.append(_("A { or } is not closed; placeholders look like {customer_name}."))
    return problems


def render(text: str, values: Mapping[str, str], fields: Mapping[str, object]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        if name.startswith("field:"):
            value = fields.get(name.removeprefix("field:"))
            return "" if value is None else str(value)
        return values.get(name, match.group(0))

    return _TOKEN.sub(replace, text)
