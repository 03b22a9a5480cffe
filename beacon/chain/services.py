"""Writes for on-chain checks: the self-service wizard, the ticket it opens, and the facts kept up to
date on every ticket with a TXID. (The emergency freeze lives in freeze.py.)

Network and exchange calls happen outside transactions; each write runs in one transaction with its
audit event, and anything to publish or enqueue waits for the commit.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.chain import selectors
from beacon.chain.checks import DepositQuery, NetworkRules, Verdict, evaluate_deposit, evaluate_withdrawal, mine_indices
from beacon.chain.clients import NodeConfig
from beacon.chain.lookups import look_up
from beacon.chain.models import CheckKind, TxCheck
from beacon.chain.networks import normalize_txid
from beacon.chain.notes import note_body
from beacon.chain.outcomes import OUTCOMES
from beacon.chain.providers import ExchangeProvider, ExchangeUnavailable, get_provider
from beacon.core.audit import record_event
from beacon.core.errors import DomainError, PermissionDenied, ValidationFailed
from beacon.core.inbound import Channel, InboundContext, InboundMessage, process_inbound
from beacon.core.uploads import PreparedUpload
from beacon.tickets.fields import validate_fields
from beacon.tickets.services import post_system_note

if TYPE_CHECKING:
    from beacon.tickets.models import Ticket

logger = logging.getLogger(__name__)

CHECKS_PER_HOUR = 30
REFRESH_STEPS = [timedelta(minutes=m) for m in (1, 2, 5, 10, 15, 30)]
GIVE_UP_AFTER = timedelta(hours=48)
CATEGORY_FOR_KIND = {CheckKind.DEPOSIT: "deposit", CheckKind.WITHDRAWAL: "withdrawal"}
WITHDRAWAL_CATEGORIES = frozenset({"withdrawal"})

CHECK_FIELDS: list[dict[str, Any]] = [
    {"name": "network", "type": "network", "required": True, "label": {"en": "Network", "zh-hans": "网络"}},
    {"name": "txid", "type": "txid", "required": True, "label": {"en": "Transaction ID (TXID)", "zh-hans": "交易哈希"}},
    {"name": "asset", "type": "asset", "label": {"en": "Asset", "zh-hans": "币种"}},
    {"name": "amount", "type": "amount", "label": {"en": "Amount", "zh-hans": "数量"}},
    {"name": "memo", "type": "memo", "label": {"en": "Memo / tag", "zh-hans": "备注"}},
]


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429


class ChecksClosed(DomainError):
    code = "explained"
    status = 409


@dataclass(frozen=True)
class CheckInput:
    kind: str
    network: str
    txid: str
    asset: str = ""
    amount: str = ""
    memo: str = ""

    def as_query(self) -> dict[str, str]:
        return {k: v for k, v in (("asset", self.asset), ("amount", self.amount), ("memo", self.memo)) if v}


def clean_check_input(data: Mapping[str, Any]) -> CheckInput:
    """Validate what the customer typed with the same rules as the ticket form (one message per field)."""
    kind = str(data.get("kind") or CheckKind.DEPOSIT)
    if kind not in CheckKind.values:
        raise ValidationFailed({"kind": [_("Choose deposit or withdrawal.")]})
    values = {name: data.get(name, "") for name in ("network", "txid", "asset", "amount", "memo")}
    cleaned = validate_fields(CHECK_FIELDS, values)
    return CheckInput(kind=kind, **{k: str(v) for k, v in cleaned.items()})


@dataclass(frozen=True)
class Setup:
    """What every lookup reads first: the configured networks as rules and node configs, and the
    exchange provider. Loaded once per request, or once per batch of ticket checks."""

    rules: dict[str, NetworkRules]
    configs: dict[str, NodeConfig]
    provider: ExchangeProvider

    @classmethod
    def load(cls) -> Setup:
        networks = selectors.configured_networks()
        return cls(selectors.network_rules(networks), selectors.node_configs(networks), get_provider())


def evaluate(customer: User, data: CheckInput, setup: Setup | None = None) -> tuple[Verdict, list[int]]:
    """Ask the nodes and the exchange, and explain. Never raises for an unreachable node or exchange:
    those are outcomes too. Returns the verdict and which transfers reached the customer."""
    setup = setup or Setup.load()
    rules, configs, provider = setup.rules, setup.configs, setup.provider
    txid = normalize_txid(data.network, data.txid)
    network = data.network
    try:
        if data.kind == CheckKind.WITHDRAWAL:
            withdrawals = provider.withdrawals(customer, txid)
            network = network or next((w.network for w in withdrawals), "")
            lookup = look_up(network, txid, configs, cache)
            network = network or lookup.network
            if not network:
                return Verdict("withdrawal_unknown", {"network": "—"}, final=True), []
            return evaluate_withdrawal(network, txid, rules, lookup, withdrawals), []
        lookup = look_up(network, txid, configs, cache)
        network = network or lookup.network
        if not network:
            outcome = "not_found" if lookup.checkable else "not_checkable"
            return Verdict(outcome, {"network": "—"}, final=not lookup.checkable), []
        addresses = provider.deposit_addresses(customer)
        credits = provider.credits(customer, txid)
    except ExchangeUnavailable as exc:
        logger.warning("exchange records unavailable: %s", exc)
        return Verdict("exchange_unreachable", {"network": network}, final=False), []
    amount = Decimal(data.amount) if data.amount else None
    query = DepositQuery(network=network, txid=txid, asset=data.asset, amount=amount, memo=data.memo)
    verdict = evaluate_deposit(query, rules, lookup, addresses, credits)
    return verdict, mine_indices(verdict.facts, addresses)


def _apply(check: TxCheck, verdict: Verdict, mine: list[int]) -> None:
    check.outcome = verdict.outcome
    check.params = {**{k: str(v) for k, v in verdict.params.items()}, "_mine": mine}
    check.facts = verdict.facts.to_dict() if verdict.facts is not None else {}
    check.found_network = verdict.found_network
    check.is_final = verdict.final
    check.checked_at = timezone.now()
    check.attempts += 1


def _rate_limit(actor: User) -> None:
    key = f"beacon.chain.rate:{actor.pk}:{timezone.now():%Y%m%d%H}"
    count = cache.get_or_set(key, 0, 3600) or 0
    if count >= CHECKS_PER_HOUR:
        raise RateLimited(_("You have checked many transactions this hour. Please try again later or open a request."))
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, 3600)


def run_check(actor: User, data: Mapping[str, Any]) -> TxCheck:
    """The wizard: look a TXID up for the signed-in customer and store what was found.

    Validates input (ValidationFailed), limits checks per hour (RateLimited); the lookup itself never
    fails the request."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to check a transaction."))
    cleaned = clean_check_input(data)
    _rate_limit(actor)
    verdict, mine = evaluate(actor, cleaned)
    with transaction.atomic():
        check = TxCheck(
            requester=actor,
            kind=cleaned.kind,
            network=cleaned.network,
            txid=normalize_txid(cleaned.network, cleaned.txid),
            query=cleaned.as_query(),
        )
        _apply(check, verdict, mine)
        check.save()
        record_event(actor, "chain.checked", check, {"outcome": check.outcome, "network": check.network})
    return check


def ticket_prefill(check: TxCheck, field_names: Sequence[str] | None = None) -> dict[str, Any]:
    """The ticket fields a check already answers (the customer can still correct them), limited to
    `field_names` (the category's fields) when given."""
    values: dict[str, Any] = {"network": check.found_network or check.network, "txid": check.txid, **check.query}
    if check.kind == CheckKind.DEPOSIT:
        transfers = check.facts.get("transfers", [])
        mine = [transfers[i] for i in check.params.get("_mine", []) if i < len(transfers)]
        listed = [t for t in mine if t["listed"]]
        if listed and "asset" not in values:
            values["asset"] = listed[0]["asset"]
        if listed and "amount" not in values:
            values["amount"] = str(sum(Decimal(t["amount"]) for t in listed if t["asset"] == values.get("asset")))
    else:
        # The exchange's withdrawal record, when the check found it.
        if check.params.get("reference"):
            values["withdrawal_id"] = check.params["reference"]
        if check.params.get("asset") and "asset" not in values:
            values["asset"] = check.params["asset"]
    if field_names is not None:
        values = {k: v for k, v in values.items() if k in field_names}
    return values


def open_ticket_from_check(
    actor: User,
    check: TxCheck,
    *,
    subject: str,
    body: str,
    fields: dict[str, Any],
    attachments: Sequence[PreparedUpload] = (),
) -> InboundContext:
    """An outcome the checks could not explain becomes a ticket, through the inbound pipeline, with the
    facts attached as an internal note. Only for the customer who ran the check, once."""
    if check.requester_id != actor.pk:
        raise PermissionDenied(_("This check belongs to someone else."))
    if not OUTCOMES[check.outcome].offers_ticket:
        raise ChecksClosed(_("This result is explained above; no request is needed."))
    with transaction.atomic():
        locked = TxCheck.objects.select_for_update().get(pk=check.pk)
        if locked.ticket_id is not None:
            raise ChecksClosed(_("You already opened a request for this check."))
        ctx = process_inbound(
            InboundMessage(
                channel=Channel.WEB,
                author=actor,
                subject=subject,
                body=body,
                category=CATEGORY_FOR_KIND[CheckKind(locked.kind)],
                fields=fields,
                attachments=list(attachments),
                metadata={"chain_check": locked.pk},
            )
        )
        ticket = ctx.ticket
        # The pipeline added a due check per TXID field; this check, already looked up, is that one.
        TxCheck.objects.filter(ticket=ticket, network=locked.network, txid=locked.txid).delete()
        locked.ticket = ticket
        locked.noted = _fingerprint(locked)
        if not locked.is_final:
            locked.next_check_at = timezone.now() + REFRESH_STEPS[0]
        locked.save()
        post_system_note(ticket, note_body(locked, ticket.language), {"chain_check": locked.pk})
        record_event(actor, "chain.ticket_opened", ticket, {"check": locked.pk, "outcome": locked.outcome})
    return ctx


# --- tickets: facts after commit, refreshed until final -----------------------------------------------


def ticket_txids(ticket: Ticket) -> list[tuple[str, str]]:
    """(network, txid) of every filled TXID field of a ticket."""
    network = str(ticket.fields.get("network") or "")
    return [
        (network, normalize_txid(network, str(ticket.fields[spec["name"]])))
        for spec in ticket.category.fields
        if spec.get("type") == "txid" and ticket.fields.get(spec["name"])
    ]


def schedule_ticket_checks(ticket: Ticket) -> None:
    """Pipeline hook, inside the ticket's transaction: a check row per TXID field, due now, committed
    with the ticket (so a lost task loses nothing: `refresh_chain_facts` finds due rows), and a
    lookup after commit. A failure to enqueue is logged, never raised: chain lookups never block a
    ticket. With the database task backend one waiting batch task serves every new ticket."""
    _ensure_ticket_checks(ticket)
    if not ticket_txids(ticket):
        return
    from beacon.chain.tasks import refresh_soon

    ticket_id = ticket.pk

    def enqueue() -> None:
        try:
            refresh_soon(ticket_id)
        except Exception:
            logger.exception("could not enqueue the chain check of ticket %s", ticket_id)

    transaction.on_commit(enqueue, robust=True)


def _fingerprint(check: TxCheck) -> str:
    # A new note only when what the agent should know changes, not on every new block.
    return f"{check.outcome}|{check.found_network}|{int(check.is_final)}"


def _ensure_ticket_checks(ticket: Ticket) -> None:
    """A check row per filled TXID field (one INSERT; rows that exist are kept as they are)."""
    txids = ticket_txids(ticket)
    if not txids:
        return
    kind = CheckKind.WITHDRAWAL if ticket.category.slug in WITHDRAWAL_CATEGORIES else CheckKind.DEPOSIT
    query = {k: str(ticket.fields[k]) for k in ("asset", "amount", "memo") if ticket.fields.get(k) not in (None, "")}
    TxCheck.objects.bulk_create(
        [
            TxCheck(ticket=ticket, network=network, txid=txid, requester=ticket.requester, kind=kind, query=query)
            for network, txid in dict.fromkeys(txids)
        ],
        ignore_conflicts=True,
    )


def refresh_ticket_checks(ticket_id: int) -> tuple[bool, datetime | None]:
    """Look up every due TXID of a ticket and note what changed. Idempotent: a check already refreshed
    by a concurrent run, or already final, is left alone. Returns (refreshed anything, next due time)."""
    from beacon.tickets.models import Ticket

    ticket = Ticket.objects.select_related("category", "requester").filter(pk=ticket_id).first()
    if ticket is None:
        return False, None
    with transaction.atomic():
        _ensure_ticket_checks(ticket)
    setup: Setup | None = None
    refreshed = False
    for check in selectors.due_ticket_checks(ticket.pk):
        setup = setup or Setup.load()
        refreshed = _refresh_check(ticket, check, setup) or refreshed
    return refreshed, _next_due(ticket_id=ticket.pk)


def refresh_due_checks(*, limit: int = 200) -> tuple[int, datetime | None]:
    """The batch task: look up the due checks of every ticket (oldest first, at most `limit`),
    reading the network set-up once. Returns (checks refreshed, the next due time of any check)."""
    checks = list(selectors.due_ticket_checks().select_related("ticket__requester")[:limit])
    refreshed = 0
    if checks:
        setup = Setup.load()
        for check in checks:
            if check.ticket is not None:  # due_ticket_checks keeps ticket checks only
                refreshed += _refresh_check(check.ticket, check, setup)
    return refreshed, _next_due()


def _refresh_check(ticket: Ticket, check: TxCheck, setup: Setup) -> bool:
    """Look one check up (outside any transaction) and store it with its note and audit event,
    unless a concurrent run refreshed it meanwhile or it became final."""
    data = CheckInput(kind=check.kind, network=check.network, txid=check.txid, **check.query)
    verdict, mine = evaluate(check.requester, data, setup)
    with transaction.atomic():
        locked = TxCheck.objects.select_for_update().get(pk=check.pk)
        if locked.is_final or locked.checked_at != check.checked_at:
            return False
        _apply(locked, verdict, mine)
        now = timezone.now()
        if not locked.is_final and now - locked.created_at > GIVE_UP_AFTER:
            locked.is_final = True
            locked.params["gave_up"] = "1"
        step = REFRESH_STEPS[min(locked.attempts - 1, len(REFRESH_STEPS) - 1)]
        locked.next_check_at = None if locked.is_final else now + step
        if _fingerprint(locked) != locked.noted:
            locked.noted = _fingerprint(locked)
            # "No lookups for this network" is shown as a badge; a note would only repeat it.
            if locked.outcome != "not_checkable":
                post_system_note(ticket, note_body(locked, ticket.language), {"chain_check": locked.pk})
        locked.save()
        record_event(
            None, "chain.checked", ticket, {"check": locked.pk, "outcome": locked.outcome, "final": locked.is_final}
        )
    return True


def _next_due(*, ticket_id: int | None = None) -> datetime | None:
    upcoming = TxCheck.objects.filter(ticket__isnull=False, is_final=False, next_check_at__isnull=False)
    if ticket_id is not None:
        upcoming = upcoming.filter(ticket_id=ticket_id)
    return upcoming.order_by("next_check_at").values_list("next_check_at", flat=True).first()


@transaction.atomic
def recheck_ticket_now(actor: User, ticket: Ticket) -> int:
    """An agent asks for fresh facts: every check of the ticket becomes due again (final ones too)."""
    if not actor.is_staff_member:
        raise PermissionDenied(_("Only support staff can do this."))
    count = TxCheck.objects.filter(ticket=ticket).update(is_final=False, next_check_at=None, noted="")
    record_event(actor, "chain.recheck_requested", ticket, {"checks": count})
    schedule_ticket_checks(ticket)
    return count
