from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beacon.accounts import selectors, services
from beacon.accounts.forms import PreferencesForm, TokenForm
from beacon.accounts.models import User
from beacon.core.errors import DomainError, ValidationFailed


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Change the interface language; signed-in users keep it as their preference."""
    language = request.POST.get("language", "")
    target = request.POST.get("next") or request.headers.get("referer") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        services.set_preferences(request.user, language=language)  # type: ignore[arg-type]
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = PreferencesForm(request.POST or None, initial={"language": user.language, "timezone": user.timezone})
    if request.method == "POST" and form.is_valid():
        services.set_preferences(user, language=form.cleaned_data["language"], time_zone=form.cleaned_data["timezone"])
        messages.success(request, _("Preferences saved."))
        response = redirect("account:preferences")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, max_age=365 * 24 * 3600, samesite="Lax")
        return response
    return render(request, "accounts/preferences.html", {"form": form})


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not user.is_staff_member:
        return redirect("account:preferences")
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, created = services.create_api_token(user, form.cleaned_data["name"])
        except ValidationFailed as exc:
            form.add_error("name", " ".join(exc.errors.get("name", [str(exc.message)])))
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            form = TokenForm()
    return render(
        request, "accounts/api_tokens.html", {"form": form, "tokens": selectors.tokens_of(user), "created": created}
    )


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    services.revoke_api_token(request.user, token_id)  # type: ignore[arg-type]
    messages.success(request, _("Token revoked. Programs using it can no longer sign in."))
    return redirect("account:api_tokens")


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
