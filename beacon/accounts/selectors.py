from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from beacon.accounts.enums import STAFF_ROLES
from beacon.accounts.models import ApiToken, Team, User


def has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def staff_users() -> QuerySet[User]:
    return User.objects.filter(role__in=STAFF_ROLES, is_active=True).order_by("display_name", "email")


def all_teams() -> QuerySet[Team]:
    return Team.objects.all()
