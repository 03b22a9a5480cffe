from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.accounts.selectors import has_totp

MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/favicon")
MFA_SESSION_KEY = "beacon_mfa_ready"


class UserPreferencesMiddleware:
    """Activate the signed-in user's language and time zone for this request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            activate_preferences(request, request.user)
        else:
            timezone.deactivate()
        return self.get_response(request)


def activate_preferences(request: HttpRequest, user: User) -> None:
    """The user's language and time zone for the rest of this request (also for API tokens,
    which are checked after the middleware has run)."""
    translation.activate(user.language)
    request.LANGUAGE_CODE = user.language
    try:
        timezone.activate(zoneinfo.ZoneInfo(user.timezone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        timezone.deactivate()


class StaffMFAMiddleware:
    """Staff accounts cannot use Beacon until they have set up TOTP.

    allauth then asks for the code at every sign-in. The check is remembered in the session so it
    costs one query per session, not per request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and user.is_staff_member
            and request.session.get(MFA_SESSION_KEY) != user.pk
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
        ):
            if not has_totp(user):
                message = _("Staff accounts must set up two-factor authentication first.")
                if request.path.startswith("/api/"):
                    return JsonResponse({"code": "mfa_required", "message": message}, status=403)
                return redirect("mfa_activate_totp")
            request.session[MFA_SESSION_KEY] = user.pk
        return self.get_response(request)
