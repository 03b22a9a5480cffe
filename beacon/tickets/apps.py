from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "beacon.tickets"
    label = "tickets"
    verbose_name = _("Tickets")
