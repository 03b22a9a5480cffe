from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "beacon.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from beacon.core import checks  # noqa: F401  (registers system checks)

    def warm_up(self) -> None:
        """Load jieba's dictionary (about a second) before the first search needs it."""
        from beacon.core.text import segmenter

        segmenter()
