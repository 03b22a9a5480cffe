"""Per-category ticket fields: their specification and server-side validation.

A category stores a list of field specs, e.g.
    {"name": "txid", "type": "txid", "required": true,
     "label": {"en": "Transaction ID (TXID)", "zh-hans": "交易哈希 (TXID)"}}
`validate_fields()` turns submitted values into clean values or raises ValidationFailed with one
message per bad field, in the user's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from beacon.chain.networks import NETWORKS, address_is_well_formed, txid_example, txid_is_well_formed
from beacon.core.errors import ValidationFailed

FieldSpec = Mapping[str, Any]
FIELD_TYPES = (
    "text",
    "longtext",
    "txid",
    "address",
    "amount",
    "asset",
    "network",
    "memo",
    "uid",
    "choice",
    "datetime",
    "yesno",
)
_ASSET = re.compile(r"[A-Z0-9]{2,12}")
_UID = re.compile(r"[A-Za-z0-9_-]{1,40}")


def localized(texts: Mapping[str, str] | str | None, default: str = "") -> str:
    """Pick the current language's text from a {"en": …, "zh-hans": …} mapping."""
    if texts is None:
        return default
    if isinstance(texts, str):
        return texts
    lang = (get_language() or "en").lower()
    return texts.get(lang) or texts.get(lang.split("-")[0]) or texts.get("en") or default


def field_label(spec: FieldSpec) -> str:
    return localized(spec.get("label"), spec["name"])


def validate_specs(specs: Sequence[FieldSpec]) -> None:
    """Check a category's field list (admin input)."""
    seen: set[str] = set()
    for spec in specs:
        name = spec.get("name")
        if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]{0,39}", name):
            raise ValueError(f"Field name {name!r} must be lower-case letters, digits and underscores.")
        if name in seen:
            raise ValueError(f"Field {name!r} appears twice.")
        seen.add(name)
        if spec.get("type") not in FIELD_TYPES:
            raise ValueError(
                f"Field {name!r} has unknown type {spec.get('type')!r}; use one of {', '.join(FIELD_TYPES)}."
            )
        if spec["type"] == "choice" and not spec.get("choices"):
            raise ValueError(f"Choice field {name!r} needs a non-empty 'choices' list.")


def validate_fields(specs: Sequence[FieldSpec], data: Mapping[str, Any]) -> dict[str, Any]:
    """Return the cleaned values of `data` for `specs`; raise ValidationFailed listing every problem."""
    errors: dict[str, list[str]] = {}
    known = {spec["name"] for spec in specs}
    for name in data:
        if name not in known:
            errors[name] = [_("This category has no field “%(name)s”.") % {"name": name}]
    cleaned: dict[str, Any] = {}
    raw = {k: ("" if v is None else v) for k, v in data.items()}
    network = str(raw.get("network", "")).strip().upper()
    for spec in specs:
        name = spec["name"]
        value = raw.get(name, "")
        if isinstance(value, str):
            value = value.strip()
        if value in ("", None) or (spec["type"] == "yesno" and value == ""):
            if spec.get("required"):
                errors[name] = [_("%(label)s is required.") % {"label": field_label(spec)}]
            continue
        try:
            cleaned[name] = CLEANERS[spec["type"]](value, spec, network)
        except ValueError as exc:
            errors[name] = [str(exc)]
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def _text(value: Any, spec: FieldSpec, network: str) -> str:
    value = str(value)
    limit = 200
    if len(value) > limit:
        raise ValueError(
            _("%(label)s is too long (at most %(n)d characters).") % {"label": field_label(spec), "n": limit}
        )
    return value


def _longtext(value: Any, spec: FieldSpec, network: str) -> str:
    value = str(value)
    if len(value) > 5000:
        raise ValueError(
            _("%(label)s is too long (at most %(n)d characters).") % {"label": field_label(spec), "n": 5000}
        )
    return value


def _txid(value: Any, spec: FieldSpec, network: str) -> str:
    value = str(value).strip()
    if NETWORKS.get(network) and NETWORKS[network].family == "evm" and re.fullmatch(r"[0-9a-fA-F]{64}", value):
        value = "0x" + value  # wallets often copy the hash without its 0x prefix
    if not txid_is_well_formed(network, value):
        raise ValueError(
            _(
                "This does not look like a transaction ID on %(network)s. It should look like %(example)s — copy it "
                "from your wallet's transaction details or the block explorer."
            )
            % {
                "network": NETWORKS[network].name if network in NETWORKS else _("this network"),
                "example": txid_example(network),
            }
        )
    return value.lower() if value.startswith("0x") else value


def _address(value: Any, spec: FieldSpec, network: str) -> str:
    value = str(value).strip()
    if not address_is_well_formed(network, value):
        raise ValueError(
            _("This is not a valid %(network)s address. Copy the address again from the deposit page.")
            % {"network": NETWORKS[network].name if network in NETWORKS else ""}
        )
    return value


def _amount(value: Any, spec: FieldSpec, network: str) -> str:
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise ValueError(_("Enter the amount as a number, e.g. 250 or 0.015.")) from None
    if not amount.is_finite() or amount <= 0 or amount >= Decimal("1e18"):
        raise ValueError(_("The amount must be a positive number."))
    return format(amount.normalize(), "f")


def _asset(value: Any, spec: FieldSpec, network: str) -> str:
    value = str(value).strip().upper()
    if not _ASSET.fullmatch(value):
        raise ValueError(_("Enter the asset's ticker, e.g. USDT, BTC or ETH."))
    return value


def _network(value: Any, spec: FieldSpec, network: str) -> str:
    value = str(value).strip().upper()
    if value not in NETWORKS:
        raise ValueError(_("Choose one of the listed networks."))
    return value


def _memo(value: Any, spec: FieldSpec, network: str) -> str:
    value = str(value).strip()
    if network == "XRP":
        if not value.isdigit() or int(value) > 0xFFFFFFFF:
            raise ValueError(_("An XRP destination tag is a whole number between 0 and 4294967295."))
    elif len(value) > 120:
        raise ValueError(_("The memo is too long."))
    return value


def _uid(value: Any, spec: FieldSpec, network: str) -> str:
    value = str(value).strip()
    if not _UID.fullmatch(value):
        raise ValueError(_("%(label)s may contain only letters, digits, - and _.") % {"label": field_label(spec)})
    return value


def _choice(value: Any, spec: FieldSpec, network: str) -> str:
    values = [c["value"] if isinstance(c, Mapping) else c for c in spec.get("choices", [])]
    if value not in values:
        raise ValueError(_("Choose one of the listed options."))
    return str(value)


def _datetime(value: Any, spec: FieldSpec, network: str) -> str:
    try:
        parsed = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(_("Enter a date and time, e.g. 2026-11-20 14:30.")) from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed.isoformat()


def _yesno(value: Any, spec: FieldSpec, network: str) -> bool:
    if value in (True, "true", "yes", "on", "1", 1):
        return True
    if value in (False, "false", "no", "off", "0", 0):
        return False
    raise ValueError(_("Answer yes or no."))


CLEANERS: dict[str, Callable[[Any, FieldSpec, str], Any]] = {
    "text": _text,
    "longtext": _longtext,
    "txid": _txid,
    "address": _address,
    "amount": _amount,
    "asset": _asset,
    "network": _network,
    "memo": _memo,
    "uid": _uid,
    "choice": _choice,
    "datetime": _datetime,
    "yesno": _yesno,
}


def display_value(spec: FieldSpec, value: Any) -> str:
    if spec["type"] == "network":
        return NETWORKS[value].name if value in NETWORKS else str(value)
    if spec["type"] == "yesno":
        return _("Yes") if value else _("No")
    if spec["type"] == "choice":
        for choice in spec.get("choices", []):
            if isinstance(choice, Mapping) and choice.get("value") == value:
                return localized(choice.get("label"), str(value))
    return str(value)


def ticket_field_rows(specs: Sequence[FieldSpec], values: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(label, display value, type) for each filled field, in the category's order."""
    return [
        (field_label(spec), display_value(spec, values[spec["name"]]), spec["type"])
        for spec in specs
        if spec["name"] in values
    ]
