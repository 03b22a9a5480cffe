from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.accounts.models import ApiToken, Team, User
from beacon.accounts.selectors import has_totp
from beacon.core.audit import record_event
from beacon.core.errors import NotFound, PermissionDenied, ValidationFailed

TOKEN_PREFIX = "bcn_"
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal token for a staff member who has TOTP set up.

    Returns the token row and the plaintext, which is shown once and never stored.
    """
    if not user.is_staff_member:
        raise PermissionDenied(_("Only staff accounts can create API tokens."))
    if not has_totp(user):
        raise PermissionDenied(_("Set up two-factor authentication before creating an API token."))
    name = name.strip()
    if not name or len(name) > 80:
        raise ValidationFailed({"name": [_("Give the token a name of 1 to 80 characters.")]})
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, digest=_digest(secret))
    record_event(user, "api_token.created", user, {"token": prefix, "name": name})
    return token, f"{TOKEN_PREFIX}{prefix}_{secret}"


@transaction.atomic
def revoke_api_token(actor: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=actor).first()
    if token is None:
        raise NotFound(_("No such token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(actor, "api_token.revoked", actor, {"token": token.prefix})
    return token


def authenticate_token(raw: str) -> User | None:
    """Resolve a Bearer token to its active staff user, or None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    prefix, _sep, secret = raw[len(TOKEN_PREFIX) :].partition("_")
    if not secret:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix, revoked_at__isnull=True).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(secret)):
        return None
    user = token.user
    if not user.is_active or not user.is_staff_member:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return user


@transaction.atomic
def set_preferences(user: User, *, language: str | None = None, time_zone: str | None = None) -> User:
    changes: dict[str, list[str]] = {}
    if language is not None and language != user.language:
        changes["language"] = [user.language, language]
        user.language = language
    if time_zone is not None and time_zone != user.timezone:
        changes["timezone"] = [user.timezone, time_zone]
        user.timezone = time_zone
    if changes:
        user.full_clean(validate_unique=False, exclude=["password"])
        user.save(update_fields=list(changes))
        record_event(user, "user.preferences_changed", user, changes)
    return user


@transaction.atomic
def create_user(
    email: str,
    password: str,
    *,
    role: str,
    display_name: str = "",
    language: str = "en",
    teams: list[Team] | None = None,
) -> User:
    """Create an account directly (operators, imports, demo data); sign-up goes through allauth."""
    user = User.objects.create_user(email, password, role=role, display_name=display_name, language=language)
    if teams:
        user.teams.set(teams)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    record_event(None, "user.created", user, {"role": role})
    return user


def get_or_create_customer(email: str, *, display_name: str = "", language: str = "en") -> tuple[User, bool]:
    """The customer account for an address that wrote in (e-mail, chat). New accounts have no usable
    password: the person sets one through "forgot password", which proves they own the address.
    Call inside the caller's transaction."""
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    user = User.objects.create_user(email, None, role="customer", display_name=display_name[:80], language=language)
    EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
    record_event(None, "user.created", user, {"role": "customer", "via": "inbound"})
    return user, True


@transaction.atomic
def activate_totp(user: User, secret: str) -> None:
    """Attach a TOTP authenticator with a known secret (provisioning scripts, demo data)."""
    if not has_totp(user):
        TOTP.activate(user, secret)
        record_event(None, "user.totp_activated", user)


@transaction.atomic
def set_anti_phishing_code(user: User, code: str) -> User:
    """Caller has re-authenticated the user (the code protects against forged mail)."""
    code = code.strip()
    if not 4 <= len(code) <= 20:
        raise ValidationFailed({"code": [_("Use 4–20 letters, digits or Chinese characters, without spaces.")]})
    user.anti_phishing_code = code
    user.save(update_fields=["anti_phishing_code"])
    record_event(user, "user.anti_phishing_code_set", user)  # the code itself is not logged
    return user
