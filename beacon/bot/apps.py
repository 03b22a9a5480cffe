from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BotConfig(AppConfig):
    name = "beacon.bot"
    label = "bot"
    verbose_name = _("Answer bot and triage")

    def warm_up(self) -> None:
        """Load the sentence encoder (about three seconds) before the first chat line or ticket needs it."""
        from beacon.bot.answering.embeddings import embed

        embed(["warm up"])
