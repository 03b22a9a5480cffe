from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import override_settings

from beacon.social.telegram.client import TelegramClient
from beacon.social.tests.fake_telegram import TOKEN, FakeTelegram

WEBHOOK_SECRET = "webhook-secret-for-tests"


@pytest.fixture(autouse=True)
def _tasks_inline() -> Iterator[None]:
    """Queued sends run at once (on commit), as a worker would run them."""
    with override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}):
        yield


@pytest.fixture
def bot_api(settings: Any) -> Iterator[FakeTelegram]:
    server = FakeTelegram().start()
    settings.BEACON_TELEGRAM_BOT_TOKEN = TOKEN
    settings.BEACON_TELEGRAM_API_URL = server.url
    settings.BEACON_TELEGRAM_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.BEACON_TELEGRAM_BOT_USERNAME = "BeaconSupportBot"
    yield server
    server.stop()


@pytest.fixture
def client_for(bot_api: FakeTelegram) -> TelegramClient:
    return TelegramClient(token=TOKEN, base_url=bot_api.url)
