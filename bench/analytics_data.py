"""The Django side of bench/analytics.py: set up a bench database, fill it with a year of support
history, build the rollups. Run as a subprocess with DATABASE_URL / SQLITE_PATH already set:

    python bench/analytics_data.py setup STATE.json
    python bench/analytics_data.py fill STATE.json TARGET

Each command reads and updates the JSON state file shared with the driver.
"""

from __future__ import annotations

import io
import json
import os
import resource
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from beacon.accounts.enums import Role  # noqa: E402
from beacon.accounts.models import Team, User  # noqa: E402
from beacon.accounts.services import activate_totp, create_user  # noqa: E402
from beacon.analytics import rollups  # noqa: E402
from beacon.analytics.models import AgentStats, ChatStats, HelpStats, Period, TicketStats  # noqa: E402
from beacon.analytics.synthetic import Plan, generate  # noqa: E402
from beacon.chat.models import ChatSession  # noqa: E402
from beacon.helpcenter.models import SearchLog  # noqa: E402
from beacon.tickets.models import Ticket  # noqa: E402
from bench.common import PASSWORD, TOTP_SECRET, bench_staff, signed_in  # noqa: E402

DAYS = 365
CUSTOMERS_PER_TICKET = 1 / 20


def main() -> None:
    command, state_path = sys.argv[1], Path(sys.argv[2])
    state: dict[str, Any] = json.loads(state_path.read_text()) if state_path.exists() else {}
    if command == "setup":
        setup(state)
    elif command == "fill":
        fill(state, int(sys.argv[3]))
    else:
        raise SystemExit(f"unknown command {command!r}")
    state_path.write_text(json.dumps(state, indent=1, default=str))


def setup(state: dict[str, Any]) -> None:
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo_data", stdout=io.StringIO())
    supervisor = create_user("bench-lead@example.com", PASSWORD, role=Role.SUPERVISOR, display_name="Bench Lead")
    activate_totp(supervisor, TOTP_SECRET)
    bench_staff({team.slug: team for team in Team.objects.all()})
    state.update(supervisor=signed_in(supervisor), database=connection.vendor)


def _customers(target: int) -> list[int]:
    have = User.objects.filter(email__startswith="bench-trader-").count()
    wanted = max(10, int(target * CUSTOMERS_PER_TICKET))
    password = make_password(None)
    for start in range(have, wanted, 10_000):
        User.objects.bulk_create(
            User(email=f"bench-trader-{n}@example.com", role=Role.CUSTOMER, password=password, display_name=f"T{n}")
            for n in range(start, min(wanted, start + 10_000))
        )
    return list(User.objects.filter(email__startswith="bench-trader-").values_list("pk", flat=True))


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def fill(state: dict[str, Any], target: int) -> None:
    """Add history until there are `target` tickets, then rebuild the rollups (timed)."""
    started = time.perf_counter()
    missing = max(0, target - Ticket.objects.count())
    customers = _customers(target)

    def progress(done: int) -> None:
        if done % 100_000 < 5000 or done == missing:
            print(f"  {done:,}/{missing:,} tickets ({time.perf_counter() - started:.0f} s)", flush=True)

    generate(Plan(tickets=missing, days=DAYS, seed=target), customers, batch=5000, progress=progress)
    filled = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    analyzed = time.perf_counter()
    cpu, wall = _cpu(), time.perf_counter()
    rollups.rebuild(progress=lambda start, end, written: print(f"  rollups to {end:%Y-%m-%d}", flush=True))
    rebuild = {"seconds": round(time.perf_counter() - wall, 1), "cpu_seconds": round(_cpu() - cpu, 1)}
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    refresh = []
    for _ in range(3):
        cpu, wall = _cpu(), time.perf_counter()
        rollups.refresh_recent()
        refresh.append({"ms": round((time.perf_counter() - wall) * 1000), "cpu_ms": round((_cpu() - cpu) * 1000)})
    now = timezone.now()
    state.setdefault("fills", {})[str(target)] = {
        "tickets": Ticket.objects.count(),
        "open": Ticket.objects.filter(in_queue=True).count(),
        "chats": ChatSession.objects.count(),
        "searches": SearchLog.objects.count(),
        "fill_seconds": round(filled - started, 1),
        "analyze_seconds": round(analyzed - filled, 1),
        "rebuild": rebuild,
        "refresh_recent": refresh[-1],
        "rows": {
            "ticket_hourly": TicketStats.objects.filter(period=Period.HOUR).count(),
            "ticket_daily": TicketStats.objects.filter(period=Period.DAY).count(),
            "agent_daily": AgentStats.objects.filter(period=Period.DAY).count(),
            "chat_daily": ChatStats.objects.filter(period=Period.DAY).count(),
            "help_daily": HelpStats.objects.filter(period=Period.DAY).count(),
        },
        "year_start": (now - timedelta(days=DAYS - 1)).date().isoformat(),
        "today": now.date().isoformat(),
    }


if __name__ == "__main__":
    main()
