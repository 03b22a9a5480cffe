"""Demo history for the analytics dashboard: two months of finished tickets, chats and searches
from a few demo customers, then the rollups. Called by `manage.py load_demo_data`; idempotent."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password

from beacon.accounts.enums import Role
from beacon.accounts.models import User
from beacon.analytics import rollups
from beacon.analytics.synthetic import Plan, generate

CUSTOMERS = 40
TICKETS = 1500
DAYS = 60


def load(stdout: Any | None = None) -> None:
    emails = [f"history-{n}@beacon.localhost" for n in range(CUSTOMERS)]
    if not User.objects.filter(email=emails[0]).exists():
        unusable = make_password(None)
        User.objects.bulk_create(
            User(email=email, display_name=f"Trader {n}", role=Role.CUSTOMER, password=unusable, language="en")
            for n, email in enumerate(emails)
        )
        customers = list(User.objects.filter(email__in=emails).values_list("pk", flat=True))
        counts = generate(Plan(tickets=TICKETS, days=DAYS, active_share=0.0, recent_open=False), customers)
        if stdout is not None:
            stdout.write(
                f"  analytics history: {counts['tickets']} tickets, {counts['chats']} chats over {DAYS} days\n"
            )
    windows = rollups.rebuild()
    if stdout is not None:
        stdout.write(f"  analytics rollups computed ({windows} windows)\n")
