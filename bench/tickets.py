"""Ticket benchmark: API creates per second, and queue / ticket-list latency at 10k-100k(-1M) tickets.

    .venv/bin/python bench/tickets.py [--sizes 10000,100000] [--databases sqlite,postgres] [--quick]

For each database it builds a throw-away bench database (SQLite file in a temporary directory, or the
PostgreSQL database `beacon_bench` on 127.0.0.1:5432, created and dropped here), fills it with
bulk_create (bench/ticket_data.py, in a subprocess), starts a real uvicorn server on a free port
and measures over HTTP:

- tickets created per second: concurrent customers, each with a signed-in session (cookie + CSRF
  token, as the browser sends), POST /api/v1/tickets, i.e. the real inbound pipeline;
- p50 / p95 latency of the agent queue pages (25 rows), the agent ticket page and a heavy customer's
  ticket list, one request at a time after a warm-up;
- the number of SQL queries of those pages (in-process, CaptureQueriesContext).

Nothing is mocked: same settings as `make run` (DEBUG on) with the database swapped and the
ImmediateBackend for tasks.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
HELPER = Path(__file__).resolve().parent / "ticket_data.py"
PG_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"
PG_URL = "postgres://postgres@127.0.0.1:5432/beacon_bench"
PG_NAME = "beacon_bench"

TARGET_CREATES = {"sqlite": 250, "postgres": 450}
TARGET_P95_MS = 100.0
TARGET_QUERIES = 10
QUEUE_ROWS = 25
# (label, who, path, rows expected on the page or None)
PAGES = [
    ("queue /agent/ (agent, all open)", "agent", "/agent/", QUEUE_ROWS),
    ("queue /agent/queue/open/", "agent", "/agent/queue/open/", QUEUE_ROWS),
    ("queue unassigned", "agent", "/agent/queue/unassigned/", QUEUE_ROWS),
    ("queue my teams", "agent", "/agent/queue/team/", QUEUE_ROWS),
    ("queue mine", "agent", "/agent/queue/mine/", None),
    ("queue deposit, oldest first", "agent", "/agent/queue/open/?category=deposit&sort=oldest", QUEUE_ROWS),
    ("queue all open (supervisor)", "supervisor", "/agent/queue/open/", QUEUE_ROWS),
    ("agent ticket page", "agent", "/agent/tickets/{ticket_id}/", None),
    ("customer ticket list /", "heavy", "/", 20),
]
QUEUE_PAGES = {label for label, _who, path, _rows in PAGES if path.startswith("/agent/") and "tickets" not in path}


@dataclass
class Latency:
    p50: float
    p95: float
    worst: float


@dataclass
class Creates:
    workers: int
    clients: int
    per_second: float
    created: int
    errors: int
    first_error: str = ""


@dataclass
class DatabaseResult:
    name: str
    skipped: str = ""
    fills: dict[str, Any] = field(default_factory=dict)
    queries: dict[int, dict[str, int]] = field(default_factory=dict)
    latency: dict[int, dict[str, Latency]] = field(default_factory=dict)
    creates: list[Creates] = field(default_factory=list)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="ticket counts to measure at, ascending")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--quick", action="store_true", help="10k tickets only, shorter runs")
    parser.add_argument("--clients", type=int, default=8, help="concurrent API clients for the create benchmark")
    parser.add_argument("--requests", type=int, default=80, help="measured requests per page")
    args = parser.parse_args()
    sizes = [10_000] if args.quick else sorted(int(s) for s in args.sizes.split(","))
    options = Options(
        sizes=sizes,
        clients=min(args.clients, 8),
        requests=40 if args.quick else args.requests,
        create_seconds=5.0 if args.quick else 10.0,
    )
    print(
        f"Beacon ticket benchmark · {os.cpu_count()} CPUs · Python {platform.python_version()} · "
        f"sizes {', '.join(f'{s:,}' for s in sizes)} · DEBUG on · tasks: ImmediateBackend"
    )
    results = []
    for name in args.databases.split(","):
        started = time.perf_counter()
        results.append(run_database(name.strip(), options))
        print(f"  {name}: {time.perf_counter() - started:.0f} s")
    report(results, options)


@dataclass(frozen=True)
class Options:
    sizes: list[int]
    clients: int
    requests: int
    create_seconds: float


# --- one database ------------------------------------------------------------------------------------


def run_database(name: str, options: Options) -> DatabaseResult:
    result = DatabaseResult(name)
    workdir = Path(tempfile.mkdtemp(prefix=f"beacon-bench-{name}-"))
    env = bench_env(workdir)
    try:
        if name == "sqlite":
            env["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
        elif name == "postgres":
            problem = recreate_postgres()
            if problem:
                result.skipped = f"PostgreSQL not reachable on 127.0.0.1:5432 ({problem}): skipped"
                print(f"  {result.skipped}")
                return result
            env["DATABASE_URL"] = PG_URL
        else:
            raise SystemExit(f"unknown database {name!r}: use sqlite and/or postgres")
        state_path = workdir / "state.json"
        print(f"{name}: migrating and creating bench users…")
        helper(env, "setup", state_path)
        for index, size in enumerate(options.sizes):
            print(f"{name}: {size:,} tickets")
            helper(env, "fill", state_path, str(size))
            helper(env, "queries", state_path)
            state = json.loads(state_path.read_text())
            result.fills[str(size)] = state["fills"][str(size)]
            result.queries[size] = state["queries"]
            with Server(env, workdir, workers=1) as server:
                result.latency[size] = measure_pages(server, state, options.requests)
                if index == 0:
                    result.creates.append(measure_creates(server, state, options))
            if index == 0:
                with Server(env, workdir, workers=2) as server:
                    result.creates.append(measure_creates(server, state, options))
    finally:
        if name == "postgres" and not result.skipped:
            drop_postgres()
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def bench_env(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "SQLITE_PATH"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="1",
        BEACON_VAR_DIR=str(workdir),
        MEDIA_ROOT=str(workdir / "media"),
        TASK_BACKEND="django.tasks.backends.immediate.ImmediateBackend",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
        PYTHONWARNINGS="ignore::UserWarning",
    )
    return env


def helper(env: dict[str, str], *args: str | Path) -> None:
    subprocess.run([PYTHON, str(HELPER), *map(str, args)], env=env, cwd=ROOT, check=True)


def recreate_postgres() -> str:
    """Create an empty bench database; return why not, or '' when done."""
    try:
        import psycopg

        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_NAME}")
    except Exception as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return ""


def drop_postgres() -> None:
    import psycopg

    with contextlib.suppress(Exception), psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")


# --- the server ----------------------------------------------------------------------------------------


class Server:
    """uvicorn serving config.asgi:application on a free 127.0.0.1 port, as `make run` does."""

    def __init__(self, env: dict[str, str], workdir: Path, *, workers: int) -> None:
        self.env, self.workers = env, workers
        self.port = free_port()
        self.log_path = workdir / f"uvicorn-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        command = [PYTHON, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--workers", str(self.workers), "--lifespan", "off"]
        command += ["--no-access-log", "--log-level", "warning"]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(command, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"uvicorn exited:\n{self.log_path.read_text()[-3000:]}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    return self
            time.sleep(0.2)
        self.__exit__()
        raise SystemExit(f"uvicorn did not answer on port {self.port}")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)


def free_port(start: int = 8100) -> int:
    for port in range(start, start + 500):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit("no free port from 8100 up")


def cookie_headers(login: dict[str, Any]) -> dict[str, str]:
    return {"Cookie": f"sessionid={login['session']}; csrftoken={login['csrf']}", "X-CSRFToken": login["csrf"]}


# --- measurements -----------------------------------------------------------------------------------------


def measure_pages(server: Server, state: dict[str, Any], requests: int) -> dict[str, Latency]:
    results = {}
    for label, who, template, rows in PAGES:
        path = template.format(ticket_id=state["ticket_id"])
        conn = server.connection()
        headers = cookie_headers(state[who])
        timings = []
        for n in range(10 + requests):
            started = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - started) * 1000
            if response.status != 200:
                raise SystemExit(f"GET {path} as {who}: HTTP {response.status} {response.getheader('Location', '')}")
            if rows is not None and n == 0 and body.count(b'class="subject"') != rows:
                raise SystemExit(f"GET {path}: expected {rows} rows, found {body.count(b'class="subject"')}")
            if n >= 10:
                timings.append(elapsed)
        conn.close()
        results[label] = latency(timings)
    return results


def latency(timings: list[float]) -> Latency:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return Latency(p50=statistics.median(ordered), p95=p95, worst=ordered[-1])


def measure_creates(server: Server, state: dict[str, Any], options: Options) -> Creates:
    """`clients` customers POST tickets as fast as the server answers, for `create_seconds`."""
    clients = state["clients"][: options.clients]
    payloads = [json.dumps(p).encode() for p in state["payloads"]]
    ready = threading.Barrier(len(clients) + 1)
    stop = threading.Event()
    counts = [[0, 0] for _ in clients]
    errors: list[str] = []

    def post(conn: http.client.HTTPConnection, headers: dict[str, str], body: bytes) -> int:
        conn.request("POST", "/api/v1/tickets", body=body, headers=headers)
        response = conn.getresponse()
        text = response.read()
        if response.status != 201 and not errors:
            errors.append(f"HTTP {response.status}: {text[:300]!r}")
        return response.status

    def client(index: int, login: dict[str, Any]) -> None:
        conn = server.connection()
        headers = {**cookie_headers(login), "Content-Type": "application/json"}
        for n in range(3):  # warm-up: connection, session, code paths
            post(conn, headers, payloads[(index + n) % len(payloads)])
        ready.wait()
        n = index
        while not stop.is_set():
            n += 1
            ok = post(conn, headers, payloads[n % len(payloads)]) == 201
            counts[index][0 if ok else 1] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i, login), daemon=True) for i, login in enumerate(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    started = time.perf_counter()
    time.sleep(options.create_seconds)
    stop.set()
    created_at_stop = sum(c[0] for c in counts)
    elapsed = time.perf_counter() - started
    for thread in threads:
        thread.join()
    return Creates(
        workers=server.workers,
        clients=len(clients),
        per_second=created_at_stop / elapsed,
        created=sum(c[0] for c in counts),
        errors=sum(c[1] for c in counts),
        first_error=errors[0] if errors else "",
    )


# --- report ----------------------------------------------------------------------------------------------


def report(results: list[DatabaseResult], options: Options) -> None:
    print("\nLatency over HTTP, one request at a time (ms; p50 / p95 / max)")
    for result in results:
        if result.skipped:
            continue
        for size, pages in result.latency.items():
            fill = result.fills[str(size)]
            print(
                f"  {result.name} · {fill['tickets']:,} tickets ({fill['active']:,} active, {fill['messages']:,} "
                f"messages; heavy customer has {fill['heavy_tickets']:,}; filled in {fill['seconds']} s)"
            )
            for label, lat in pages.items():
                print(f"    {label:<34} {lat.p50:7.1f} {lat.p95:7.1f} {lat.worst:7.1f}")
    print("\nTargets (issue 2) vs measured")
    print(f"  {'database':<9} {'measure':<48} {'target':>10} {'measured':>16}")
    for result in results:
        if result.skipped:
            print(f"  {result.name:<9} {result.skipped}")
            continue
        for creates in result.creates:
            target = TARGET_CREATES[result.name]
            label = f"API creates/s, {creates.clients} clients, {creates.workers} uvicorn worker(s)"
            measured = f"{creates.per_second:.0f}/s"
            if creates.errors:
                measured += f" ({creates.errors} errors)"
            row(result.name, label, f"≥ {target}/s", measured, creates.per_second >= target and not creates.errors)
            if creates.first_error:
                print(f"      first error: {creates.first_error}")
        for size, counts in result.queries.items():
            row(
                result.name,
                f"SQL queries: ticket page / queue / list @{size:,}",
                f"≤ {TARGET_QUERIES}",
                f"{counts['agent_ticket']} / {counts['agent_queue']} / {counts['customer_list']}",
                counts["agent_ticket"] <= TARGET_QUERIES,
            )
        worst_by_size = {}
        for size, pages in result.latency.items():
            label, worst = max(((k, v) for k, v in pages.items() if k in QUEUE_PAGES), key=lambda kv: kv[1].p95)
            worst_by_size[size] = worst.p95
            row(
                result.name,
                f"queue page p95 @{size:,} (slowest: {label})",
                f"< {TARGET_P95_MS:.0f} ms",
                f"{worst.p95:.1f} ms",
                worst.p95 < TARGET_P95_MS,
            )
            customer = pages["customer ticket list /"]
            row(result.name, f"customer ticket list p95 @{size:,}", "", f"{customer.p95:.1f} ms", None)
        if len(worst_by_size) > 1:
            sizes = sorted(worst_by_size)
            growth = worst_by_size[sizes[-1]] / worst_by_size[sizes[0]]
            label = f"queue p95 growth {sizes[0]:,} → {sizes[-1]:,} tickets"
            row(result.name, label, "flat (< ×2)", f"×{growth:.2f}", growth < 2)
    print(
        f"\n  (creates: each client is a signed-in customer session posting JSON with its CSRF token, "
        f"{options.create_seconds:.0f} s after a warm-up; client and server share the {os.cpu_count()} CPUs)"
    )


def row(database: str, label: str, target: str, measured: str, ok: bool | None) -> None:
    verdict = "" if ok is None else ("ok" if ok else "MISSED")
    print(f"  {database:<9} {label:<48} {target:>10} {measured:>16}  {verdict}")


if __name__ == "__main__":
    main()
