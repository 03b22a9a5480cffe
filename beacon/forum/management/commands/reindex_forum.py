"""Rebuild the forum's part of the search index (the help center's part is left alone)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from beacon.forum.indexing import rebuild


class Command(BaseCommand):
    help = "Re-index every visible forum thread (safe to run at any time)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(self.style.SUCCESS(f"Indexed {rebuild()} forum threads."))
