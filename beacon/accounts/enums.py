from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    AGENT = "agent", _("Agent")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Administrator")


STAFF_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN})
SUPERVISING_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})

TIME_ZONE_CHOICES = [
    ("UTC", "UTC"),
    ("Asia/Shanghai", "Asia/Shanghai (UTC+8)"),
    ("Asia/Hong_Kong", "Asia/Hong_Kong (UTC+8)"),
    ("Asia/Singapore", "Asia/Singapore (UTC+8)"),
    ("Asia/Tokyo", "Asia/Tokyo (UTC+9)"),
    ("Asia/Dubai", "Asia/Dubai (UTC+4)"),
    ("Europe/London", "Europe/London"),
    ("Europe/Berlin", "Europe/Berlin"),
    ("America/New_York", "America/New_York"),
    ("America/Los_Angeles", "America/Los_Angeles"),
]
