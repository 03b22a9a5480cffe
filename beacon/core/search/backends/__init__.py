"""The backend follows the database vendor: there is nothing to configure."""

from __future__ import annotations

from django.db import connection

from beacon.core.search.backends.base import SearchBackend
from beacon.core.search.backends.postgres import PostgresBackend
from beacon.core.search.backends.sqlite import SqliteBackend

BACKENDS: dict[str, SearchBackend] = {"sqlite": SqliteBackend(), "postgresql": PostgresBackend()}


def get_backend(vendor: str | None = None) -> SearchBackend:
    vendor = vendor or connection.vendor
    try:
        return BACKENDS[vendor]
    except KeyError:
        raise RuntimeError(f"Search supports SQLite and PostgreSQL, not {vendor}.") from None
