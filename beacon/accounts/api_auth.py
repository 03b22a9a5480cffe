"""API authentication: a staff member's Bearer token, or the browser session (with CSRF)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from beacon.accounts.middleware import activate_preferences
from beacon.accounts.models import User
from beacon.accounts.services import authenticate_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = authenticate_token(token)
        if user is not None:
            request.user = user
            activate_preferences(request, user)
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; ninja checks the CSRF token on unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        return user if user.is_authenticated and user.is_active else None


api_auth = [TokenAuth(), SessionAuth()]
