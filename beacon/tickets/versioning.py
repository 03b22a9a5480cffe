"""A version token for the configuration every new ticket is triaged with.

Categories, priority rules, SLA policies and business calendars change rarely and are read for every
new ticket. Each process keeps them in memory (beacon.tickets.triage_config) and checks one row per
message to know whether its copy is still current: every save or delete of those rows writes a new
random token in the same transaction. Random, not a counter: a rolled-back change leaves the token
it had before, and that token still describes the data.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models


class ConfigVersion(models.Model):
    """One row (pk=1): its token changes with every change to the triage configuration."""

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = "configuration version"

    def __str__(self) -> str:
        return self.token


def bump_config_version() -> None:
    """The triage configuration changed: other processes reload it on their next message."""
    token = uuid.uuid4().hex
    if not ConfigVersion.objects.filter(pk=1).update(token=token):
        ConfigVersion.objects.create(pk=1, token=token)


class VersionedConfig(models.Model):
    """Rows of the triage configuration: saving or deleting one bumps the version token.

    Bulk deletes and updates do not call save(); the cache also compares row counts, and code that
    updates these rows in bulk must call bump_config_version()."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        bump_config_version()

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        deleted = super().delete(*args, **kwargs)
        bump_config_version()
        return deleted
