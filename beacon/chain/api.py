"""REST: look a TXID up (staff), run the self-service check and open the request it leads to
(customers, e.g. from the chat bot), request an emergency freeze."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from beacon.accounts.models import User
from beacon.chain import selectors, services
from beacon.chain.freeze import request_account_freeze
from beacon.chain.lookups import look_up
from beacon.chain.models import CheckKind, FreezeRequest, TxCheck
from beacon.chain.networks import normalize_txid
from beacon.chain.schemas import (
    CheckIn,
    CheckOut,
    CheckTicketIn,
    CheckTicketOut,
    FreezeIn,
    FreezeOut,
    LookupIn,
    LookupOut,
)
from beacon.core.errors import PermissionDenied
from beacon.tickets.fields import validate_fields
from beacon.tickets.schemas import ErrorOut
from beacon.tickets.selectors import access_category, access_ticket

router = Router(tags=["chain"])
ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def check_out(check: TxCheck) -> dict[str, Any]:
    text = check.text
    return {
        "id": check.pk,
        "kind": check.kind,
        "network": check.network,
        "txid": check.txid,
        "outcome": check.outcome,
        "offers_ticket": check.offers_ticket and check.ticket_id is None,
        "final": check.is_final,
        "found_network": check.found_network or None,
        "facts": check.facts,
        "ticket": check.ticket.reference if check.ticket_id and check.ticket else None,
        **text,
    }


def freeze_out(freeze: FreezeRequest) -> dict[str, Any]:
    return {
        "id": freeze.pk,
        "request_id": str(freeze.request_id),
        "status": freeze.status,
        "ticket": freeze.ticket.reference if freeze.ticket else None,
    }


def _staff(request: HttpRequest) -> User:
    actor: User = request.user  # type: ignore[assignment]
    if not actor.is_staff_member:
        raise PermissionDenied(_("Only support staff can do this."))
    return actor


def _customer(request: HttpRequest) -> User:
    actor: User = request.user  # type: ignore[assignment]
    if actor.is_staff_member:
        raise PermissionDenied(_("Only customers can run the self-service check."))
    return actor


@router.post("/lookup", response={200: LookupOut, **ERRORS}, summary="Look a TXID up on its network (staff)")
def lookup(request: HttpRequest, payload: LookupIn) -> dict[str, Any]:
    _staff(request)
    cleaned = validate_fields(services.CHECK_FIELDS[:2], {"network": payload.network, "txid": payload.txid})
    result = look_up(
        cleaned["network"], normalize_txid(cleaned["network"], cleaned["txid"]), selectors.node_configs(), cache
    )
    facts = result.facts or result.found_elsewhere
    return {
        "network": result.network,
        "checkable": result.checkable,
        "unreachable": result.unreachable,
        "found_network": facts.network if facts else None,
        "facts": facts.to_dict() if facts else None,
        "unreachable_networks": list(result.unreachable_siblings),
    }


@router.post("/checks", response={201: CheckOut, **ERRORS}, summary="Check a deposit or withdrawal (customer)")
def create_check(request: HttpRequest, payload: CheckIn) -> Status:
    check = services.run_check(_customer(request), payload.model_dump())
    return Status(201, check_out(check))


@router.get("/checks/{check_id}", response={200: CheckOut, **ERRORS})
def get_check(request: HttpRequest, check_id: int) -> dict[str, Any]:
    return check_out(selectors.access_tx_check(request.user, check_id))  # type: ignore[arg-type]


@router.post(
    "/checks/{check_id}/ticket",
    response={201: CheckTicketOut, **ERRORS},
    summary="Open the pre-filled request for a check the checks could not explain",
)
def open_check_ticket(request: HttpRequest, check_id: int, payload: CheckTicketIn) -> Status:
    actor = _customer(request)
    check = selectors.access_tx_check(actor, check_id)
    category = access_category(services.CATEGORY_FOR_KIND[CheckKind(check.kind)])
    names = [spec["name"] for spec in category.fields]
    fields = {**services.ticket_prefill(check, names), **payload.fields}
    ctx = services.open_ticket_from_check(actor, check, subject=payload.subject, body=payload.body, fields=fields)
    return Status(201, {"ticket_id": ctx.ticket.pk, "reference": ctx.ticket.reference, "warnings": ctx.warnings})


@router.get(
    "/tickets/{ticket_id}/checks", response={200: list[CheckOut], **ERRORS}, summary="On-chain facts of a ticket"
)
def ticket_checks(request: HttpRequest, ticket_id: int) -> list[dict[str, Any]]:
    ticket = access_ticket(_staff(request), ticket_id)
    return [check_out(c) for c in selectors.ticket_checks(ticket).select_related("ticket")]


@router.post("/freeze", response={201: FreezeOut, **ERRORS}, summary="Emergency: ask the exchange to freeze my account")
def freeze(request: HttpRequest, payload: FreezeIn) -> Status:
    freeze_request = request_account_freeze(
        _customer(request), subject=payload.subject, body=payload.body, fields=payload.fields
    )
    freeze_request.refresh_from_db()
    return Status(201, freeze_out(freeze_request))


@router.get("/freeze/{freeze_id}", response={200: FreezeOut, **ERRORS}, summary="Status of a freeze request")
def freeze_status(request: HttpRequest, freeze_id: int) -> dict[str, Any]:
    return freeze_out(selectors.access_freeze_request(request.user, freeze_id))  # type: ignore[arg-type]
