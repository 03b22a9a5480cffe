"""Shared plumbing for bench/search_eval.py and bench/search_latency.py.

Each benchmark is a driver that runs itself once per database in a subprocess (settings are read
from the environment at start-up): a fresh SQLite file under a temporary directory, and a fresh
PostgreSQL database that is dropped afterwards: BENCH_PG_URL, by default
postgres://postgres@127.0.0.1:5432/beacon_bench_<script> (beacon_bench_search_latency,
beacon_bench_search_eval), so the two benchmarks can run side by side. A worker prints one JSON
line, the driver the table.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent


def pg_url(script: str) -> str:
    default = f"postgres://postgres@127.0.0.1:5432/beacon_bench_{Path(script).stem}"
    return os.environ.get("BENCH_PG_URL", default)


def _pg_admin(database_url: str, sql: str) -> None:
    import psycopg

    url = urlparse(database_url)
    dsn = f"host={url.hostname} port={url.port or 5432} user={url.username or 'postgres'} dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql)


def run_workers(script: str, backends: list[str], args: list[str]) -> list[dict[str, Any]]:
    results = []
    url = pg_url(script)
    for backend in backends:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "SQLITE_PATH"}}
        env["DEBUG"] = "0"
        env.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
        with tempfile.TemporaryDirectory(prefix="beacon-search-bench-") as tmp:
            if backend == "postgres":
                name = urlparse(url).path.lstrip("/")
                try:
                    _pg_admin(url, f"DROP DATABASE IF EXISTS {name}")
                    _pg_admin(url, f"CREATE DATABASE {name}")
                except Exception as exc:
                    print(f"  PostgreSQL at {url} is not available ({exc}); skipped.", file=sys.stderr)
                    continue
                env["DATABASE_URL"] = url
            else:
                env["SQLITE_PATH"] = str(Path(tmp) / "bench.sqlite3")
            env["BEACON_VAR_DIR"] = tmp
            try:
                out = subprocess.run(
                    [sys.executable, str(ROOT / "bench" / script), "--worker", backend, *args],
                    env=env,
                    cwd=ROOT,
                    check=True,
                    stdout=subprocess.PIPE,
                    text=True,
                )
            finally:
                if backend == "postgres":
                    with contextlib.suppress(Exception):
                        _pg_admin(url, f"DROP DATABASE IF EXISTS {name}")
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return results


def setup_django() -> None:
    """In a worker: configure Django and create the schema."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
