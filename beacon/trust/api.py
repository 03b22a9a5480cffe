from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from beacon.core.errors import DomainError, PermissionDenied, ValidationFailed
from beacon.core.ratelimit import client_ip, hit
from beacon.tickets.schemas import ErrorOut
from beacon.trust import selectors, services
from beacon.trust.advice import marker
from beacon.trust.explain import explain
from beacon.trust.scanners.findings import redact
from beacon.trust.scanners.secrets import scan_secrets
from beacon.trust.schemas import AgentOut, ReportIn, ReportOut, ScanIn, ScanOut, VerifyIn, VerifyOut

router = Router(tags=["trust"])
ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 422: ErrorOut, 429: ErrorOut}


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429


def _limit(request: HttpRequest, name: str, limit: int) -> None:
    if not hit(f"{name}:{client_ip(request)}", limit, 60):
        raise RateLimited(_("Too many requests. Wait a minute and try again."))


@router.post("/scan", response={200: ScanOut, **ERRORS}, summary="Find secrets in text (staff tools)")
def scan(request: HttpRequest, payload: ScanIn) -> dict[str, Any]:
    if not request.user.is_staff_member:  # type: ignore[union-attr]
        raise PermissionDenied(_("Only support staff can use the scanner."))
    findings = scan_secrets(payload.text, field=payload.field)
    return {
        "findings": [
            {
                "kind": f.kind,
                "severity": f.severity,
                "start": f.start,
                "end": f.end,
                "confidence": f.confidence,
                "detail": f.detail,
            }
            for f in findings
        ],
        "redacted_text": redact(payload.text, findings, marker),
    }


@router.post("/verify", auth=None, response={200: VerifyOut, **ERRORS}, summary="Is this contact official?")
def verify(request: HttpRequest, payload: VerifyIn) -> dict[str, Any]:
    _limit(request, "verify", 30)
    try:
        result = selectors.verify_contact(payload.kind, payload.value)
    except ValueError as exc:
        raise ValidationFailed({"value": [str(exc)]}) from exc
    return {
        "official": result.official,
        "kind": result.kind,
        "normalised": result.normalised,
        "shown_as": result.channel.display if result.channel else None,
        "explanation": explain(result),
    }


@router.post("/report", auth=None, response={201: ReportOut, **ERRORS}, summary="Report an impostor")
def report(request: HttpRequest, payload: ReportIn) -> Status[dict[str, str]]:
    _limit(request, "report", 5)
    user = request.user if request.user.is_authenticated else None
    ticket = services.report_impersonation(
        reporter=user,  # type: ignore[arg-type]
        email=payload.email,
        kind=payload.kind,
        value=payload.value,
        description=payload.description,
        language=getattr(request, "LANGUAGE_CODE", "en"),
    )
    return Status(201, {"reference": ticket.reference})


@router.get("/agents/{public_id}", auth=None, response={200: AgentOut, **ERRORS}, summary="Is this agent ID real?")
def agent(request: HttpRequest, public_id: str) -> dict[str, Any]:
    _limit(request, "agent", 30)
    staff = selectors.staff_by_public_id(public_id)
    return {"genuine": staff is not None, "name": staff.label if staff else None}
