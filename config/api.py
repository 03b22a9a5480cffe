"""The REST API: one ninja Router per app, mounted at /api/v1/, OpenAPI at /api/v1/docs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from beacon.accounts.api_auth import api_auth
from beacon.bot.answering.api import router as bot_answer_router
from beacon.bot.api import router as triage_router
from beacon.chain.api import router as chain_router
from beacon.core.errors import DomainError, ValidationFailed
from beacon.forum.api import router as forum_router
from beacon.helpcenter.api import router as helpcenter_router
from beacon.tickets.api import router as tickets_router
from beacon.trust.api import router as trust_router

api = NinjaAPI(
    title="Beacon API",
    version="1",
    description="Customer support for digital-asset exchanges. Authenticate with a staff Bearer token "
    "or the browser session (send the CSRF token on writes).",
    auth=api_auth,
    urls_namespace="api-1",
    docs_url="/docs",
)
api.add_router("/", tickets_router)
api.add_router("/trust", trust_router)
api.add_router("/chain", chain_router)
api.add_router("/help", helpcenter_router)
api.add_router("/bot", bot_answer_router)
api.add_router("/triage", triage_router)
api.add_router("/forum", forum_router)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body: dict[str, object] = {"code": exc.code, "message": str(exc.message)}
    if isinstance(exc, ValidationFailed):
        body["errors"] = exc.errors
    elif exc.field:
        body["errors"] = {exc.field: [str(exc.message)]}
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        # ninja reports e.g. ("body", "payload", "subject"): keep the part that names the field.
        loc = [str(part) for part in error.get("loc", [])]
        field = loc[2:] if len(loc) > 2 and loc[0] in {"body", "query", "form", "path"} else loc[1:]
        errors.setdefault(".".join(field) or "request", []).append(str(error.get("msg", "")))
    return api.create_response(
        request, {"code": "validation_error", "message": _("The request is not valid."), "errors": errors}, status=422
    )


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"code": "unauthorized", "message": _("Sign in or send a valid API token.")}, status=401
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"code": "error", "message": str(exc)}, status=exc.status_code)
