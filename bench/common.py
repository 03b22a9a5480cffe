"""Plumbing shared by the HTTP benchmarks (bench/tickets.py, bench/analytics.py): a throw-away
PostgreSQL database, a real uvicorn server on a free 127.0.0.1 port, CPU time of processes from
/proc, the helper subprocess that does the Django side, and signed-in bench users.

The driver side imports no Django; `bench_staff` and `signed_in` run inside a helper (bench/*_data.py)
after django.setup().
"""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import socket
import string
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"
PASSWORD = "bench-password-2026"
TOTP_SECRET = "BEACONBENCHAGENT"
STAFF_PER_TEAM = 10


def pg_url(name: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def throwaway_secret_key() -> str:
    return "bench-" + "".join(f"{b:02x}" for b in os.urandom(24))  # sessions are signed with it


# --- PostgreSQL ------------------------------------------------------------------------------------


def recreate_postgres(name: str) -> str:
    """Create an empty bench database `name`; return why not, or '' when done."""
    try:
        import psycopg

        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {name}")
    except Exception as exc:
        return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return ""


def drop_postgres(name: str) -> None:
    import psycopg

    with contextlib.suppress(Exception), psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def postgres_backends(name: str) -> dict[int, float]:
    """CPU seconds so far of the PostgreSQL backends connected to database `name` (pooled connections
    live through a measurement; needs /proc access to the server's processes)."""
    if not Path("/proc").exists():
        return {}
    try:
        import psycopg

        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [name]).fetchall()
    except Exception:
        return {}
    return {pid: process_cpu([pid]) for (pid,) in rows}


# --- processes -------------------------------------------------------------------------------------


def process_cpu(pids: list[int]) -> float:
    """User + system CPU seconds of processes so far (Linux /proc; 0 elsewhere)."""
    total = 0.0
    with contextlib.suppress(OSError, ValueError):
        for pid in pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def descendants(root: int) -> list[int]:
    """A process and its descendants (uvicorn's workers)."""
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                todo += [int(child) for child in task.read_text().split()]
    return pids


def free_port(start: int = 8100) -> int:
    for port in range(start, start + 500):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit("no free port from 8100 up")


def run_helper(script: Path, env: dict[str, str], workdir: Path, *args: str | Path, echo: bool = False) -> None:
    """Run a bench/*_data.py helper; with `echo`, print its progress lines as they come."""
    log = workdir / "helper.log"
    with log.open("ab") as out:
        command = [PYTHON, str(script), *map(str, args)]
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE if echo else out, stderr=out)
        if process.stdout is not None:
            for line in process.stdout:
                print(line.decode(errors="replace").rstrip(), flush=True)
        process.wait()
    if process.returncode:
        raise SystemExit(f"{script.relative_to(ROOT)} {args[0]} failed:\n{log.read_text()[-4000:]}")


class Server:
    """uvicorn serving config.asgi:application on a free 127.0.0.1 port, as `make run` does, and
    with `task_worker` a `manage.py db_worker` beside it, as in production."""

    def __init__(self, env: dict[str, str], workdir: Path, *, workers: int = 1, task_worker: bool = False) -> None:
        self.env, self.workers = env, workers
        self.port = free_port()
        self.log_path = workdir / f"uvicorn-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.task_worker: subprocess.Popen[bytes] | None = None
        self.wants_task_worker = task_worker

    def __enter__(self) -> Server:
        command = [PYTHON, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--workers", str(self.workers), "--lifespan", "off"]
        command += ["--no-access-log", "--log-level", "warning"]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(command, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
            if self.wants_task_worker:
                worker = [PYTHON, "manage.py", "db_worker", "--interval", "0.5", "--no-reload", "--no-startup-delay"]
                self.task_worker = subprocess.Popen(
                    worker, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
                )
        deadline = time.monotonic() + 180  # a loaded machine imports Django slowly
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"uvicorn exited:\n{self.log_path.read_text()[-3000:]}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                conn = self.connection(timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    if self.workers > 1:
                        time.sleep(4)  # the first worker answers while the others still import Django
                    return self
            time.sleep(0.2)
        self.__exit__()
        raise SystemExit(f"uvicorn did not answer on port {self.port}")

    def __exit__(self, *exc: object) -> None:
        for process in (self.process, self.task_worker):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

    def connection(self, timeout: float = 120) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server processes so far (Linux /proc; 0 elsewhere)."""
        assert self.process is not None
        return process_cpu(descendants(self.process.pid))

    def worker_cpu_seconds(self) -> float:
        return 0.0 if self.task_worker is None else process_cpu([self.task_worker.pid])

    def drain_tasks(self, limit: float = 60) -> None:
        """Wait until the task worker is idle again (its CPU stops growing), at most `limit` s."""
        deadline = time.monotonic() + limit
        last = self.worker_cpu_seconds()
        while self.task_worker is not None and time.monotonic() < deadline:
            time.sleep(1.5)
            now = self.worker_cpu_seconds()
            if now - last < 0.03:
                return
            last = now


def cookie_headers(login: dict[str, Any]) -> dict[str, str]:
    """What a signed-in browser sends: the session cookie, the CSRF cookie and its header."""
    return {"Cookie": f"sessionid={login['session']}; csrftoken={login['csrf']}", "X-CSRFToken": login["csrf"]}


# --- the Django side (inside a helper, after django.setup()) -----------------------------------------


def bench_staff(teams: dict[str, Any]) -> None:
    """STAFF_PER_TEAM agents per team, so per-agent tables and assignments look like a support floor."""
    from django.contrib.auth.hashers import make_password

    from beacon.accounts.enums import Role
    from beacon.accounts.models import User

    password = make_password(None)
    pairs = [
        (User(email=f"bench-staff-{slug}-{n}@example.com", display_name=f"{team.name_en} {n}", role=Role.AGENT), team)
        for slug, team in teams.items()
        for n in range(STAFF_PER_TEAM)
    ]
    for user, _team in pairs:
        user.password = password
    User.objects.bulk_create([user for user, _team in pairs])
    through = User.teams.through
    through.objects.bulk_create([through(user_id=user.pk, team_id=team.pk) for user, team in pairs])


def signed_in(user: Any) -> dict[str, Any]:
    """A signed-in browser session for `user` (staff must have TOTP already, as the middleware asks)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    return {
        "id": user.pk,
        "email": user.email,
        "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "csrf": csrf,
    }
