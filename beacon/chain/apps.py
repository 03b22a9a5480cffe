from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChainConfig(AppConfig):
    name = "beacon.chain"
    label = "chain"
    verbose_name = _("On-chain facts")
