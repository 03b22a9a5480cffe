"""Ticket benchmark: API creates per second, and queue / ticket-list latency at 10k-100k(-1M) tickets.

    .venv/bin/python bench/tickets.py [--sizes 10000,100000] [--databases sqlite,postgres] [--quick]
        [--workers 1,2] [--tasks database,immediate] [--clients 8] [--debug]

For each database it builds a throw-away bench database (an SQLite file in a temporary directory, or
the PostgreSQL database `beacon_bench` on 127.0.0.1:5432, created and dropped here), fills it with
bulk_create (bench/ticket_data.py, in a subprocess), starts a real uvicorn server on a free port and
measures over HTTP:

- tickets created per second: concurrent customers, each with a signed-in session (cookie + CSRF
  token, as a browser sends them), POST /api/v1/tickets, i.e. the real inbound pipeline;
- p50 / p95 latency of the agent queue pages (25 rows), the agent ticket page and a heavy customer's
  ticket list, one request at a time after a warm-up;
- the server's CPU time per request (less sensitive than wall time to other work on the machine);
- the number of SQL queries of those pages (in-process, CaptureQueriesContext).

Nothing is mocked. By default the server runs as in production: DEBUG off (with a throw-away
SECRET_KEY), the database task backend with a `manage.py db_worker` process beside uvicorn (its CPU
per create is reported apart: acknowledgement mails, chain checks), SQLite in WAL mode or PostgreSQL
with the per-process connection pool (DATABASE_POOL). `--tasks immediate` runs the tasks inside the
request instead (the figure of `make run` without a worker); `--debug` turns DEBUG on. Every figure
is printed with the configuration it was taken with, and with what two dedicated cores would give
from the CPU time it took (server + worker, + PostgreSQL's backends).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
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

HELPER = Path(__file__).resolve().parent / "ticket_data.py"
PG_NAME = "beacon_bench"
SECRET_KEY = throwaway_secret_key()
TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "dummy": "django.tasks.backends.dummy.DummyBackend",
}

TARGET_CREATES = {"sqlite": 250, "postgres": 450}
TARGET_P95_MS = 100.0
TARGET_QUERIES = 10
BUSY_LOAD = 1.0  # 1-minute load average above which figures are flagged as taken on a busy machine


@dataclass(frozen=True)
class Page:
    label: str
    who: str  # key of the login in the state file
    path: str
    rows: int | None  # rows the page must show (checked once), None: not checked
    kind: str  # "queue" counts for the queue target, "filtered" is reported only, "other"


PAGES = [
    Page("queue /agent/ (all open)", "agent", "/agent/", 25, "queue"),
    Page("queue /agent/queue/open/", "agent", "/agent/queue/open/", 25, "queue"),
    Page("queue unassigned", "agent", "/agent/queue/unassigned/", 25, "queue"),
    Page("queue my teams", "agent", "/agent/queue/team/", 25, "queue"),
    Page("queue mine", "agent", "/agent/queue/mine/", None, "queue"),
    Page("queue all open, supervisor", "supervisor", "/agent/queue/open/", 25, "queue"),
    Page("queue deposit, oldest first", "agent", "/agent/queue/open/?category=deposit&sort=oldest", 25, "filtered"),
    Page("queue everything, newest", "agent", "/agent/queue/all/?sort=newest", 25, "filtered"),
    Page("agent ticket page", "agent", "/agent/tickets/{ticket_id}/", None, "other"),
    Page("customer ticket list /", "heavy", "/", 20, "other"),
]


@dataclass(frozen=True)
class Options:
    sizes: list[int]
    clients: int
    requests: int
    create_seconds: float
    tasks: list[str]
    workers: list[int]
    debug: bool


@dataclass
class Latency:
    p50: float
    p95: float
    worst: float
    cpu_ms: float  # server CPU per request
    load: float


@dataclass
class Creates:
    workers: int
    clients: int
    per_second: float
    errors: int
    cpu_ms: float  # server CPU per created ticket (all workers)
    load: float
    first_error: str = ""
    config: str = ""
    worker_cpu_ms: float = 0.0  # the task worker's CPU per created ticket (database task backend)
    db_cpu_ms: float | None = None  # PostgreSQL backends' CPU per created ticket

    @property
    def two_core_rate(self) -> float:
        """Creates per second that two dedicated cores would give, from the CPU time one took."""
        total = self.cpu_ms + self.worker_cpu_ms + (self.db_cpu_ms or 0.0)
        return 2000 / total if total else 0.0


@dataclass
class DatabaseResult:
    name: str
    skipped: str = ""
    fills: dict[int, dict[str, Any]] = field(default_factory=dict)
    queries: dict[int, dict[str, int]] = field(default_factory=dict)
    latency: dict[int, dict[str, Latency]] = field(default_factory=dict)
    creates: list[Creates] = field(default_factory=list)


def main() -> None:
    parser = argparse.ArgumentParser(description="Beacon ticket benchmark (see the module docstring).")
    parser.add_argument("--sizes", default="10000,100000", help="ticket counts to measure at (default 10000,100000)")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--quick", action="store_true", help="10k tickets only, shorter runs")
    parser.add_argument("--clients", type=int, default=8, help="concurrent API clients for the create benchmark")
    parser.add_argument("--requests", type=int, default=80, help="measured requests per page (after 10 warm-up)")
    parser.add_argument(
        "--tasks",
        default="database",
        help="task backends to measure creates with, comma-separated: database (a db_worker runs the tasks), "
        "immediate (tasks run inside the request), dummy",
    )
    parser.add_argument("--workers", default="1,2", help="uvicorn worker counts to measure creates with")
    parser.add_argument("--debug", action="store_true", help="DEBUG on, as `make run` (default: off, as in production)")
    args = parser.parse_args()
    tasks = [t.strip() for t in args.tasks.split(",") if t.strip()]
    if not tasks or set(tasks) - set(TASK_BACKENDS):
        parser.error(f"--tasks: choose from {', '.join(sorted(TASK_BACKENDS))}")
    options = Options(
        sizes=[10_000] if args.quick else sorted(int(s) for s in args.sizes.split(",")),
        clients=max(1, min(args.clients, 8)),
        requests=40 if args.quick else args.requests,
        create_seconds=5.0 if args.quick else 10.0,
        tasks=tasks,
        workers=sorted(int(w) for w in args.workers.split(",")),
        debug=args.debug,
    )
    print(
        f"Beacon ticket benchmark · {os.cpu_count()} CPUs · Python {platform.python_version()} · "
        f"{', '.join(f'{s:,}' for s in options.sizes)} tickets · DEBUG {'on' if options.debug else 'off'} · "
        f"tasks: {', '.join(options.tasks)} · load average now {os.getloadavg()[0]:.1f}"
    )
    results = []
    for name in args.databases.split(","):
        started = time.perf_counter()
        results.append(run_database(name.strip(), options))
        print(f"{name}: done in {time.perf_counter() - started:.0f} s")
    report(results, options)


# --- one database ------------------------------------------------------------------------------------


def run_database(name: str, options: Options) -> DatabaseResult:
    result = DatabaseResult(name)
    workdir = Path(tempfile.mkdtemp(prefix=f"beacon-bench-{name}-"))
    env = bench_env(workdir, options)
    try:
        if name == "sqlite":
            env["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
        elif name == "postgres":
            problem = recreate_postgres(PG_NAME)
            if problem:
                result.skipped = f"skipped: PostgreSQL not reachable on 127.0.0.1:5432 ({problem})"
                print(f"{name}: {result.skipped}")
                return result
            env["DATABASE_URL"] = pg_url(PG_NAME)
        else:
            raise SystemExit(f"unknown database {name!r}: use sqlite and/or postgres")
        state_path = workdir / "state.json"
        print(f"{name}: migrating, demo data, bench users…")
        helper(env, workdir, "setup", state_path)
        for index, size in enumerate(options.sizes):
            print(f"{name}: filling to {size:,} tickets…")
            helper(env, workdir, "fill", state_path, str(size))
            helper(env, workdir, "queries", state_path)
            state = json.loads(state_path.read_text())
            result.fills[size] = state["fills"][str(size)]
            result.queries[size] = state["queries"]
            print(f"{name}: measuring pages at {size:,} tickets…")
            with Server(env, workdir, workers=1) as server:
                result.latency[size] = measure_pages(server, state, options.requests)
            if index > 0:
                continue
            for tasks in options.tasks:
                for workers in options.workers:
                    task_env = {**env, "TASK_BACKEND": TASK_BACKENDS[tasks]}
                    config = describe(name, workers, options.clients, tasks, options.debug)
                    print(f"{name}: creating tickets through the API ({config})…")
                    with Server(task_env, workdir, workers=workers, task_worker=tasks == "database") as server:
                        creates = measure_creates(server, state, options)
                    creates.config = config
                    result.creates.append(creates)
    finally:
        if name == "postgres" and not result.skipped:
            drop_postgres(PG_NAME)
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def describe(database: str, workers: int, clients: int, tasks: str, debug: bool) -> str:
    store = "SQLite WAL" if database == "sqlite" else "PostgreSQL, pool"
    runner = {"database": "database tasks + db_worker", "immediate": "tasks in the request"}.get(tasks, tasks)
    plural = "s" if workers > 1 else ""
    debug_mode = "on" if debug else "off"
    return f"{store} · {workers} uvicorn worker{plural} · {clients} clients · {runner} · DEBUG {debug_mode}"


def bench_env(workdir: Path, options: Options) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "SQLITE_PATH"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="1" if options.debug else "0",
        SECRET_KEY=SECRET_KEY,
        DATABASE_POOL="1",  # read for PostgreSQL only
        BEACON_VAR_DIR=str(workdir),
        MEDIA_ROOT=str(workdir / "media"),
        TASK_BACKEND=TASK_BACKENDS["database"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
        PYTHONWARNINGS="ignore::UserWarning",
    )
    return env


def helper(env: dict[str, str], workdir: Path, *args: str | Path) -> None:
    run_helper(HELPER, env, workdir, *args)


# --- measurements -----------------------------------------------------------------------------------------


def measure_pages(server: Server, state: dict[str, Any], requests: int) -> dict[str, Latency]:
    results = {}
    for page in PAGES:
        path = page.path.format(ticket_id=state["ticket_id"])
        conn = server.connection()
        headers = cookie_headers(state[page.who])
        timings = []
        cpu_before = 0.0
        for n in range(10 + requests):
            if n == 10:
                cpu_before = server.cpu_seconds()
            started = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - started) * 1000
            if response.status != 200:
                location = response.getheader("Location", "")
                raise SystemExit(f"GET {path} as {page.who}: HTTP {response.status} {location}")
            if page.rows is not None and n == 0 and body.count(b'class="subject"') != page.rows:
                raise SystemExit(f"GET {path}: expected {page.rows} rows, found {body.count(b'class="subject"')}")
            if n >= 10:
                timings.append(elapsed)
        cpu_ms = (server.cpu_seconds() - cpu_before) * 1000 / requests
        conn.close()
        ordered = sorted(timings)
        p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
        results[page.label] = Latency(statistics.median(ordered), p95, ordered[-1], cpu_ms, os.getloadavg()[0])
    return results


def measure_creates(server: Server, state: dict[str, Any], options: Options) -> Creates:
    """`clients` customers POST tickets as fast as the server answers, for `create_seconds`."""
    clients = state["clients"][: options.clients]
    payloads = [json.dumps(p).encode() for p in state["payloads"]]
    ready = threading.Barrier(len(clients) + 1)
    stop = threading.Event()
    counts = [[0, 0] for _ in clients]
    errors: list[str] = []

    def post(conns: list[http.client.HTTPConnection], headers: dict[str, str], body: bytes) -> bool:
        try:
            conns[0].request("POST", "/api/v1/tickets", body=body, headers=headers)
            response = conns[0].getresponse()
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            # uvicorn closed the kept-alive connection while this client waited (keep-alive timeout)
            conns[0].close()
            conns[0] = server.connection()
            conns[0].request("POST", "/api/v1/tickets", body=body, headers=headers)
            response = conns[0].getresponse()
        text = response.read()
        if response.status != 201 and not errors:
            errors.append(f"HTTP {response.status}: {text[:300]!r}")
        return response.status == 201

    def client(index: int, login: dict[str, Any]) -> None:
        conns = [server.connection()]
        headers = {**cookie_headers(login), "Content-Type": "application/json"}
        for n in range(3):  # warm-up: connection, session, code paths
            post(conns, headers, payloads[(index + n) % len(payloads)])
        ready.wait()
        n = index
        while not stop.is_set():
            n += 1
            counts[index][0 if post(conns, headers, payloads[n % len(payloads)]) else 1] += 1
        conns[0].close()

    threads = [threading.Thread(target=client, args=(i, login), daemon=True) for i, login in enumerate(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    server.drain_tasks()  # the warm-up's tasks
    is_postgres = state.get("database") == "postgresql"
    db_before = postgres_backends(PG_NAME) if is_postgres else {}
    worker_before = server.worker_cpu_seconds()
    cpu_before = server.cpu_seconds()
    done_before = sum(c[0] for c in counts)
    started = time.perf_counter()
    time.sleep(options.create_seconds)
    created = sum(c[0] for c in counts) - done_before
    elapsed = time.perf_counter() - started
    cpu = server.cpu_seconds() - cpu_before
    db_after = postgres_backends(PG_NAME) if is_postgres else {}
    load = os.getloadavg()[0]
    stop.set()
    for thread in threads:
        thread.join()
    server.drain_tasks()  # the tasks of the measured creates, however late the worker runs them
    worker_cpu = server.worker_cpu_seconds() - worker_before
    db_cpu = sum(db_after[pid] - db_before[pid] for pid in db_after.keys() & db_before.keys())
    return Creates(
        workers=server.workers,
        clients=len(clients),
        per_second=created / elapsed,
        errors=sum(c[1] for c in counts),
        cpu_ms=cpu * 1000 / max(created, 1),
        load=load,
        first_error=errors[0] if errors else "",
        worker_cpu_ms=worker_cpu * 1000 / max(created, 1),
        db_cpu_ms=db_cpu * 1000 / max(created, 1) if db_before else None,
    )


# --- report ----------------------------------------------------------------------------------------------


def report(results: list[DatabaseResult], options: Options) -> None:
    loads: list[float] = []
    print("\nLatency over HTTP, one request at a time: p50 / p95 / max ms, and uvicorn CPU ms per request")
    for result in results:
        for size, pages in result.latency.items():
            fill = result.fills[size]
            print(
                f"  {result.name} · {fill['tickets']:,} tickets, {fill['active']:,} in active queues, "
                f"{fill['messages']:,} messages; the heavy customer has {fill['heavy_tickets']:,} "
                f"(bulk fill {fill['seconds']} s)"
            )
            for label, lat in pages.items():
                loads.append(lat.load)
                print(f"    {label:<32} {lat.p50:7.1f} {lat.p95:7.1f} {lat.worst:7.1f}   cpu {lat.cpu_ms:6.1f}")
    print("\nTargets (issue 2) and measured")
    for result in results:
        if result.skipped:
            print(f"  {result.name:<9} {result.skipped}")
            continue
        for creates in result.creates:
            loads.append(creates.load)
            target = TARGET_CREATES[result.name]
            measured = f"{creates.per_second:.0f}/s"
            if creates.errors:
                measured += f" ({creates.errors} errors)"
            label = f"API creates, {creates.clients} clients, {creates.workers} worker(s) [{creates.cpu_ms:.1f} cpu ms]"
            row(result.name, label, f"≥ {target}/s", measured, creates.per_second >= target and not creates.errors)
            cpu = f"cpu per create: server {creates.cpu_ms:.1f} ms"
            if creates.worker_cpu_ms:
                cpu += f" + task worker {creates.worker_cpu_ms:.1f} ms"
            if creates.db_cpu_ms is not None:
                cpu += f" + PostgreSQL {creates.db_cpu_ms:.1f} ms"
            print(f"      {creates.config} · load {creates.load:.1f}")
            print(f"      {cpu} → {creates.two_core_rate:.0f}/s on 2 dedicated cores")
            if creates.first_error:
                print(f"      first error: {creates.first_error}")
        for size, counts in result.queries.items():
            label = f"SQL queries @{size:,}: queue {counts['agent_queue']}, list {counts['customer_list']}, "
            label += f"create {counts['api_create']}; ticket page"
            row(result.name, label, f"≤ {TARGET_QUERIES}", str(counts["agent_ticket"]), counts["agent_ticket"] <= 10)
        slowest: dict[int, Latency] = {}
        kinds = {page.label: page.kind for page in PAGES}
        for size, pages in result.latency.items():
            queues = [(label, lat) for label, lat in pages.items() if kinds[label] == "queue"]
            label, lat = max(queues, key=lambda item: item[1].p95)
            slowest[size] = lat
            label = f"queue p95 @{size:,} (slowest: {label}; cpu {lat.cpu_ms:.0f} ms)"
            row(result.name, label, "< 100 ms", f"{lat.p95:.1f} ms", lat.p95 < TARGET_P95_MS)
        if len(slowest) > 1:
            first, last = slowest[min(slowest)], slowest[max(slowest)]
            growth, cpu_growth = last.p95 / first.p95, last.cpu_ms / first.cpu_ms
            label = f"queue p95 growth {min(slowest):,} → {max(slowest):,} tickets (uvicorn cpu ×{cpu_growth:.1f})"
            row(result.name, label, "flat (< ×1.5)", f"×{growth:.2f}", growth < 1.5)
    print(
        f"\n  Creates: signed-in customer sessions POST JSON with their CSRF token for {options.create_seconds:.0f} s "
        f"after a warm-up. Client, server, task worker and database share the {os.cpu_count()} CPUs.\n"
        "  cpu = CPU time of the uvicorn process(es) per request; SQLite work is included, PostgreSQL's is\n"
        "  counted apart (its backends serving the bench database). Pages: 1 worker, database task backend."
    )
    if loads and max(loads) > BUSY_LOAD:
        print(
            f"  WARNING: the machine was busy (1-minute load average up to {max(loads):.1f} on {os.cpu_count()} "
            "CPUs): wall-clock figures are pessimistic; the cpu ms figures are the steadier ones."
        )


def row(database: str, label: str, target: str, measured: str, ok: bool | None) -> None:
    verdict = "" if ok is None else ("ok" if ok else "MISSED")
    print(f"  {database:<9} {label:<74} {target:>13} {measured:>12}  {verdict}")


if __name__ == "__main__":
    main()
