"""Reads: the configured networks as plain rules and node configs, and access to a customer's checks."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.chain.checks import Maintenance, NetworkRules
from beacon.chain.clients import FAMILIES_WITH_CLIENTS, NodeConfig, TokenSpec
from beacon.chain.models import ChainNetwork, ChainToken, FreezeRequest, NetworkMaintenance, TxCheck
from beacon.chain.networks import NETWORKS
from beacon.core.errors import NotFound


def configured_networks() -> list[ChainNetwork]:
    now = timezone.now()
    active = NetworkMaintenance.objects.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now), starts_at__lte=now)
    return list(
        ChainNetwork.objects.prefetch_related(
            Prefetch("tokens", queryset=ChainToken.objects.filter(is_listed=True).order_by("id")),
            Prefetch("maintenance", queryset=active.order_by("-starts_at"), to_attr="active_maintenance"),
        ).order_by("code")
    )


def _checkable(network: ChainNetwork) -> bool:
    return (
        network.is_enabled
        and bool(network.rpc_url)
        and network.code in NETWORKS
        and NETWORKS[network.code].family in FAMILIES_WITH_CLIENTS
    )


def network_rules(networks: list[ChainNetwork] | None = None) -> dict[str, NetworkRules]:
    """Rules for every network Beacon knows; those not configured here cannot be checked."""
    networks = configured_networks() if networks is None else networks
    rules = {code: NetworkRules(code=code, native_asset=net.native_asset) for code, net in NETWORKS.items()}
    for network in networks:
        tokens = list(network.tokens.all())
        window = next(iter(getattr(network, "active_maintenance", [])), None)
        rules[network.code] = NetworkRules(
            code=network.code,
            native_asset=network.native_asset,
            native_min=Decimal(network.native_min_deposit),
            token_mins={t.symbol: Decimal(t.min_deposit) for t in tokens},
            token_contracts=frozenset(t.contract for t in tokens),
            required_confirmations=network.required_confirmations,
            block_seconds=network.block_seconds,
            checkable=_checkable(network),
            maintenance=Maintenance(until=window.ends_at, note=window.note) if window else None,
        )
    for code, window in announced_maintenance().items():
        if code in rules and rules[code].maintenance is None:
            rules[code] = replace(rules[code], maintenance=window)
    return rules


def announced_maintenance() -> dict[str, Maintenance]:
    """Networks named in an ongoing maintenance announcement of the help center ("affected": ["TRX"])."""
    from beacon.helpcenter.enums import AnnouncementKind
    from beacon.helpcenter.selectors import published_announcements

    now = timezone.now()
    ongoing = published_announcements(AnnouncementKind.MAINTENANCE).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now), starts_at__lte=now
    )
    windows: dict[str, Maintenance] = {}
    for announcement in ongoing:
        for code in announcement.affected or []:
            windows.setdefault(str(code).upper(), Maintenance(until=announcement.ends_at, note=announcement.title))
    return windows


def node_configs(networks: list[ChainNetwork] | None = None) -> dict[str, NodeConfig]:
    networks = configured_networks() if networks is None else networks
    return {
        n.code: NodeConfig(
            network=n.code,
            rpc_url=n.rpc_url,
            native_asset=n.native_asset,
            native_decimals=n.native_decimals,
            required_confirmations=n.required_confirmations,
            tokens=tuple(TokenSpec(t.symbol, t.contract, t.decimals) for t in n.tokens.all()),
            timeout=n.timeout_seconds,
            retries=n.retries,
        )
        for n in networks
        if _checkable(n)
    }


def access_tx_check(actor: User, check_id: int | str) -> TxCheck:
    """A check the actor may see: customers their own, staff any."""
    try:
        pk = int(check_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such check.")) from None
    checks = TxCheck.objects.select_related("ticket").filter(pk=pk)
    if not actor.is_authenticated or not actor.is_active:
        checks = checks.none()
    elif not actor.is_staff_member:
        checks = checks.filter(requester=actor)
    check = checks.first()
    if check is None:
        raise NotFound(_("No such check."))
    return check


def access_freeze_request(actor: User, freeze_id: int | str) -> FreezeRequest:
    try:
        pk = int(freeze_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such request.")) from None
    requests = FreezeRequest.objects.select_related("ticket").filter(pk=pk)
    if not actor.is_authenticated or not actor.is_active:
        requests = requests.none()
    elif not actor.is_staff_member:
        requests = requests.filter(customer=actor)
    freeze = requests.first()
    if freeze is None:
        raise NotFound(_("No such request."))
    return freeze


def ticket_checks(ticket: Any) -> QuerySet[TxCheck]:
    return TxCheck.objects.filter(ticket=ticket).order_by("id")


def due_ticket_checks(ticket_id: int | None = None) -> QuerySet[TxCheck]:
    """Ticket checks that are not final and whose next refresh time has come."""
    now = timezone.now()
    checks = TxCheck.objects.filter(ticket__isnull=False, is_final=False).filter(
        Q(next_check_at__isnull=True) | Q(next_check_at__lte=now)
    )
    if ticket_id is not None:
        checks = checks.filter(ticket_id=ticket_id)
    return checks.select_related("ticket", "requester").order_by("id")


def pending_ticket_ids() -> list[int]:
    return sorted(set(due_ticket_checks().values_list("ticket_id", flat=True)))  # type: ignore[arg-type]
