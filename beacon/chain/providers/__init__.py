"""Where the exchange's records come from: the HTTP provider when BEACON_EXCHANGE_URL is set, the
database provider otherwise."""

from __future__ import annotations

from django.conf import settings

from beacon.chain.providers.base import ExchangeProvider, ExchangeUnavailable, FreezeResult


def get_provider() -> ExchangeProvider:
    url = getattr(settings, "BEACON_EXCHANGE_URL", "")
    if url:
        from beacon.chain.providers.http import HttpProvider

        return HttpProvider(url, getattr(settings, "BEACON_EXCHANGE_SECRET", ""))
    from beacon.chain.providers.database import DatabaseProvider

    return DatabaseProvider()


__all__ = ["ExchangeProvider", "ExchangeUnavailable", "FreezeResult", "get_provider"]
