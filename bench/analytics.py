"""Analytics benchmark: every dashboard request at 100k-1M tickets, on SQLite and PostgreSQL.

    .venv/bin/python bench/analytics.py [--sizes 100000,1000000] [--databases sqlite,postgres]
        [--requests 15]

For each database it builds a throw-away bench database (an SQLite file in a temporary directory,
or the PostgreSQL database `beacon_bench_analytics` on 127.0.0.1:5432, created and dropped here),
fills it with a year of synthetic history (bench/analytics_data.py: tickets with their moments,
ratings, SLA breaches, reopenings, chats, searches, deflections), builds the rollups with the same
code as `manage.py rebuild_analytics` (timed), times the periodic refresh, then starts a real
uvicorn server (DEBUG off) and requests, as a signed-in supervisor, every page the dashboard uses:
each preset range, the filter combinations, the htmx swap, drill-downs, CSV exports, the wall.

Printed per request: p50 / p95 / max wall-clock ms over HTTP, one request at a time, and the server's
CPU ms per request (plus PostgreSQL's backends on PostgreSQL), against the 300 ms target.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    Server,
    cookie_headers,
    drop_postgres,
    pg_url,
    postgres_backends,
    recreate_postgres,
    run_helper,
    throwaway_secret_key,
)

PYTHON = sys.executable
HELPER = Path(__file__).resolve().parent / "analytics_data.py"
PG_NAME = os.environ.get("BEACON_BENCH_PG_NAME", "beacon_bench_analytics")
TARGET_MS = 300.0
SECRET_KEY = throwaway_secret_key()


def pages(state: dict[str, Any], size: int) -> list[tuple[str, str, dict[str, str]]]:
    fill = state["fills"][str(size)]
    year = f"range=custom&start={fill['year_start']}&end={fill['today']}"
    htmx = {"HX-Request": "true", "HX-Current-URL": "http://127.0.0.1/agent/analytics/"}
    dash = "/agent/analytics/"
    drill = "/agent/analytics/tickets/"
    export = "/agent/analytics/export/"
    return [
        ("dashboard today", f"{dash}?range=today", {}),
        ("dashboard yesterday", f"{dash}?range=yesterday", {}),
        ("dashboard 7 days", f"{dash}?range=7d", {}),
        ("dashboard 30 days (default)", dash, {}),
        ("dashboard this month", f"{dash}?range=month", {}),
        ("dashboard last month", f"{dash}?range=last_month", {}),
        ("dashboard 90 days", f"{dash}?range=90d", {}),
        ("dashboard 365 days (custom)", f"{dash}?{year}", {}),
        ("30 d · team", f"{dash}?range=30d&team=funds", {}),
        ("30 d · channel", f"{dash}?range=30d&channel=email", {}),
        ("30 d · category", f"{dash}?range=30d&category=deposit", {}),
        ("30 d · team+channel+category", f"{dash}?range=30d&team=funds&channel=web&category=withdrawal", {}),
        ("90 d · team (htmx swap)", f"{dash}?range=90d&team=general", htmx),
        ("365 d · category (htmx swap)", f"{dash}?{year}&category=kyc", htmx),
        ("today · team (htmx swap)", f"{dash}?range=today&team=funds", htmx),
        ("drill created 30 d", f"{drill}?range=30d&metric=created", {}),
        ("drill created 90 d, page 5", f"{drill}?range=90d&metric=created&page=5", {}),
        ("drill solved 7 d · team", f"{drill}?range=7d&metric=solved&team=funds", {}),
        ("drill first response today", f"{drill}?range=today&metric=first_response", {}),
        ("drill backlog · category", f"{drill}?metric=backlog&category=deposit", {}),
        ("drill reopened 30 d", f"{drill}?range=30d&metric=reopened", {}),
        ("drill SLA breached 30 d", f"{drill}?range=30d&metric=breached", {}),
        ("drill agent solved 30 d", f"{drill}?range=30d&metric=solved&agent={state['agent_id']}", {}),
        ("CSV team 30 d", f"{export}team.csv?range=30d", {}),
        ("CSV agents 90 d", f"{export}agents.csv?range=90d", {}),
        ("CSV per day 365 d", f"{export}series.csv?{year}", {}),
        ("CSV category 365 d", f"{export}category.csv?{year}", {}),
        ("CSV searches 90 d", f"{export}searches.csv?range=90d", {}),
        ("wall page", "/agent/analytics/wall/", {}),
        ("wall data (HTTP fallback)", "/agent/analytics/wall/data/", {}),
    ]


@dataclass
class Timing:
    p50: float
    p95: float
    worst: float
    cpu_ms: float
    db_cpu_ms: float | None
    load: float


def main() -> None:
    parser = argparse.ArgumentParser(description="Beacon analytics benchmark (see the module docstring).")
    parser.add_argument("--sizes", default="100000,1000000", help="ticket counts (default 100000,1000000)")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--requests", type=int, default=15, help="measured requests per page (after 3 warm-up)")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    print(
        f"Beacon analytics benchmark · {os.cpu_count()} CPUs · Python {platform.python_version()} · "
        f"{', '.join(f'{s:,}' for s in sizes)} tickets · load average now {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    for name in args.databases.split(","):
        run_database(name.strip(), sizes, args.requests)


def run_database(name: str, sizes: list[int], requests: int) -> None:
    workdir = Path(tempfile.mkdtemp(prefix=f"beacon-bench-analytics-{name}-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "SQLITE_PATH"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        DATABASE_POOL="1",
        BEACON_VAR_DIR=str(workdir),
        MEDIA_ROOT=str(workdir / "media"),
        TASK_BACKEND="django.tasks.backends.immediate.ImmediateBackend",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
        PYTHONWARNINGS="ignore::UserWarning",
    )
    try:
        if name == "sqlite":
            env["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
        elif name == "postgres":
            problem = recreate_postgres(PG_NAME)
            if problem:
                print(f"{name}: skipped, PostgreSQL not reachable on 127.0.0.1:5432 ({problem})")
                return
            env["DATABASE_URL"] = pg_url(PG_NAME)
        else:
            raise SystemExit(f"unknown database {name!r}: use sqlite and/or postgres")
        state_path = workdir / "state.json"
        print(f"{name}: migrating, demo data, bench users…", flush=True)
        helper(env, workdir, "setup", state_path)
        for size in sizes:
            print(f"{name}: filling to {size:,} tickets and building the rollups…", flush=True)
            helper(env, workdir, "fill", state_path, str(size))
            state = json.loads(state_path.read_text())
            state["agent_id"] = agent_with_work(env)
            fill = state["fills"][str(size)]
            print_fill(name, fill)
            with Server(env, workdir) as server:
                timings = measure(server, state, size, requests, postgres=name == "postgres")
            report(name, size, timings)
    finally:
        if name == "postgres":
            drop_postgres(PG_NAME)
        shutil.rmtree(workdir, ignore_errors=True)


def helper(env: dict[str, str], workdir: Path, *args: str | Path) -> None:
    """Run bench/analytics_data.py, echoing its progress lines."""
    run_helper(HELPER, env, workdir, *args, echo=True)


def agent_with_work(env: dict[str, str]) -> int:
    code = (
        "import django; django.setup();"
        "from django.db.models import Count; from beacon.tickets.models import Ticket;"
        "print(Ticket.objects.exclude(assignee=None).values_list('assignee').annotate(n=Count('id'))"
        ".order_by('-n')[0][0])"
    )
    done = subprocess.run([PYTHON, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return int(done.stdout.strip().splitlines()[-1])


def postgres_cpu() -> float:
    """CPU seconds so far of the PostgreSQL backends serving the bench database."""
    return sum(postgres_backends(PG_NAME).values())


def measure(server: Server, state: dict[str, Any], size: int, requests: int, *, postgres: bool) -> dict[str, Timing]:
    login = state["supervisor"]
    cookie = cookie_headers(login)
    results = {}
    for label, path, extra in pages(state, size):
        headers = {**cookie, **extra}
        conn = server.connection()
        timings = []
        cpu_before = db_before = 0.0
        for n in range(3 + requests):
            if n == 3:
                cpu_before = server.cpu_seconds()
                db_before = postgres_cpu() if postgres else 0.0
            started = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            if response.status != 200:
                raise SystemExit(f"GET {path}: HTTP {response.status} {response.getheader('Location', '')}")
            if n >= 3:
                timings.append(elapsed)
        cpu_ms = (server.cpu_seconds() - cpu_before) * 1000 / requests
        db_ms = (postgres_cpu() - db_before) * 1000 / requests if postgres else None
        conn.close()
        ordered = sorted(timings)
        p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
        results[label] = Timing(statistics.median(ordered), p95, ordered[-1], cpu_ms, db_ms, os.getloadavg()[0])
    return results


def print_fill(name: str, fill: dict[str, Any]) -> None:
    rows = fill["rows"]
    print(
        f"{name}: {fill['tickets']:,} tickets ({fill['open']:,} open), {fill['chats']:,} chats, "
        f"{fill['searches']:,} searches; filled in {fill['fill_seconds']} s\n"
        f"  rollups: rebuild {fill['rebuild']['seconds']} s wall / {fill['rebuild']['cpu_seconds']} s CPU "
        f"(Beacon process); periodic refresh {fill['refresh_recent']['ms']} ms / "
        f"{fill['refresh_recent']['cpu_ms']} ms CPU\n"
        f"  rows: ticket hourly {rows['ticket_hourly']:,}, daily {rows['ticket_daily']:,}; agent daily "
        f"{rows['agent_daily']:,}; chat daily {rows['chat_daily']:,}; help daily {rows['help_daily']:,}",
        flush=True,
    )


def report(name: str, size: int, timings: dict[str, Timing]) -> None:
    print(f"\n{name} · {size:,} tickets · one request at a time over HTTP (uvicorn, DEBUG off)")
    header = f"  {'request':<34} {'p50':>7} {'p95':>7} {'max':>7}   {'cpu ms':>7}"
    print(header + ("   pg cpu" if any(t.db_cpu_ms is not None for t in timings.values()) else ""))
    worst = max(timings.values(), key=lambda t: t.p95)
    for label, t in timings.items():
        db = f"   {t.db_cpu_ms:6.1f}" if t.db_cpu_ms is not None else ""
        flag = "" if t.p95 < TARGET_MS else "  over target"
        print(f"  {label:<34} {t.p50:7.1f} {t.p95:7.1f} {t.worst:7.1f}   {t.cpu_ms:7.1f}{db}{flag}")
    loads = [t.load for t in timings.values()]
    verdict = "ok" if worst.p95 < TARGET_MS else "MISSED"
    print(
        f"  target: every request p95 < {TARGET_MS:.0f} ms → slowest p95 {worst.p95:.1f} ms: {verdict}  "
        f"(1-minute load average {min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} CPUs)",
        flush=True,
    )


if __name__ == "__main__":
    main()
