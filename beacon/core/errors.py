"""Domain errors: raised by services, turned into 4xx responses and form errors by views and the API."""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A request that cannot be carried out as asked. `message` is shown to the user (translated)."""

    code = "invalid"
    status = 400

    def __init__(self, message: str | Promise, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        if code is not None:
            self.code = code


class ValidationFailed(DomainError):
    """One or more fields are invalid: `errors` maps field name → list of messages."""

    code = "validation_error"
    status = 422

    def __init__(self, errors: dict[str, list[str]], message: str | Promise = "") -> None:
        super().__init__(message or "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


class NotFound(DomainError):
    code = "not_found"
    status = 404


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403


class InvalidTransition(DomainError):
    code = "invalid_transition"
    status = 409
