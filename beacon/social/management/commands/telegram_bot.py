"""Run the Telegram channel: long polling, or register the webhook."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from beacon.social.conf import telegram_client
from beacon.social.polling import poll_once
from beacon.social.services.outbox import retry_due
from beacon.social.telegram.client import TelegramError


class Command(BaseCommand):
    help = "Telegram bot: `poll` (long polling + outbox retries), `set-webhook`, `delete-webhook`, `retry`."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["poll", "set-webhook", "delete-webhook", "retry"])
        parser.add_argument("--once", action="store_true", help="poll: handle one batch, then stop.")
        parser.add_argument("--timeout", type=int, default=25, help="poll: long-poll seconds (default 25).")
        parser.add_argument("--url", default="", help="set-webhook: public URL (default SITE_URL + the webhook path).")

    def handle(self, *args: Any, **options: Any) -> None:
        client = telegram_client()
        action = options["action"]
        try:
            if action == "set-webhook":
                if not settings.BEACON_TELEGRAM_WEBHOOK_SECRET:
                    raise CommandError("Set BEACON_TELEGRAM_WEBHOOK_SECRET first.")
                url = options["url"] or f"{settings.SITE_URL}{reverse('social:telegram_webhook')}"
                client.set_webhook(url, settings.BEACON_TELEGRAM_WEBHOOK_SECRET)
                self.stdout.write(self.style.SUCCESS(f"Webhook set to {url}"))
            elif action == "delete-webhook":
                client.delete_webhook()
                self.stdout.write(self.style.SUCCESS("Webhook removed; use `telegram_bot poll`."))
            elif action == "retry":
                self.stdout.write(f"{retry_due(client=client)} messages retried.")
            else:
                self._poll(client, once=options["once"], timeout=options["timeout"])
        except TelegramError as exc:
            raise CommandError(str(exc)) from exc

    def _poll(self, client: Any, *, once: bool, timeout: int) -> None:
        offset = None
        while True:
            started = time.monotonic()
            offset = poll_once(client, offset, timeout=timeout)
            if once:
                return
            if time.monotonic() - started < 1:  # getUpdates failed fast (Telegram down): do not spin
                time.sleep(5)
