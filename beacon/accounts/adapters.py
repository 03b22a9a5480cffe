from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils import translation

from beacon.accounts.models import User


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        # New customers keep the language they signed up in.
        user.language = "zh-hans" if (translation.get_language() or "").startswith("zh") else "en"
        return super().save_user(request, user, form, commit)
