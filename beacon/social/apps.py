from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "beacon.social"
    label = "social"
    verbose_name = _("Telegram and social mentions")
