from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from beacon.core.errors import DomainError
from beacon.social.telegram.client import TelegramClient


class TelegramNotConfigured(DomainError):
    code = "telegram_not_configured"
    status = 404


def telegram_client() -> TelegramClient:
    token = settings.BEACON_TELEGRAM_BOT_TOKEN
    if not token:
        raise TelegramNotConfigured("Set BEACON_TELEGRAM_BOT_TOKEN to use the Telegram channel.")
    return TelegramClient(token=token, base_url=settings.BEACON_TELEGRAM_API_URL)


def verify_url() -> str:
    return f"{settings.SITE_URL}{reverse('trust:verify')}"
