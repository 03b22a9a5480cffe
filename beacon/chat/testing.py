"""Real chat servers for the browser test, the two-process test and bench/chat_load.py.

A chat needs websockets, which Django's live server does not speak: these helpers migrate a
throw-away SQLite file, seed it, and run uvicorn (config.asgi:application) on free ports — one
process with the in-memory channel layer, or several sharing Redis.

    python -m beacon.chat.testing seed '{"agents": 2, "faq": true}'   (run with the server's env)
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
PYTHON = sys.executable
SIGNING_SECRET = "live-test-signing-secret"
AGENT_TOTP = "JBSWY3DPEHPK3PXPJBSWY3DP"
PASSWORD = "correct horse battery staple"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Server:
    base: str
    pid: int

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used so far (Linux)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_bytes(self) -> int:
        """Resident memory of the server process (Linux)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0


@dataclass
class Site:
    """A throw-away database (and media directory) that servers and seed scripts share."""

    directory: Path
    redis_url: str = ""
    env_extra: dict[str, str] = field(default_factory=dict)
    database_url: str = ""  # PostgreSQL instead of the SQLite file (a database the site may empty)

    @property
    def database(self) -> Path:
        return self.directory / "chat.sqlite3"

    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PYTHONPATH": str(ROOT),
            "SQLITE_PATH": str(self.database),
            "BEACON_VAR_DIR": str(self.directory),
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "DEBUG": "1",
            "TASK_BACKEND": "django_tasks_db.DatabaseBackend",  # queued for a worker, as in production
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "BEACON_CHAT_IDENTITY_SECRET": SIGNING_SECRET,
            "BEACON_CHAT_HOURS": "",
            "LOG_LEVEL": "WARNING",
        }
        env.update(self.env_extra)
        return env

    def migrate(self) -> None:
        subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=self.env(), check=True, timeout=600
        )

    def seed(self, **spec: Any) -> dict[str, Any]:
        done = subprocess.run(  # noqa: S603 - our own interpreter and module
            [PYTHON, "-m", "beacon.chat.testing", "seed", json.dumps(spec)],
            cwd=ROOT,
            env=self.env(),
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
        return json.loads(done.stdout.strip().splitlines()[-1])

    @contextmanager
    def server(self, port: int | None = None) -> Iterator[Server]:
        """A uvicorn process serving this site."""
        port = port or free_port()
        command = [
            PYTHON, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1", "--port", str(port),
            "--ws", "websockets", "--lifespan", "off", "--no-access-log", "--log-level", "warning",
        ]  # fmt: skip
        process = subprocess.Popen(command, cwd=ROOT, env=self.env())  # noqa: S603
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, process)
            yield Server(base, process.pid)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(base: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310 - our own local server
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start in time")


_TEMPLATE: dict[str, Path] = {}


@contextmanager
def site(redis_url: str = "", database_url: str = "", **env: str) -> Iterator[Site]:
    """A migrated throw-away site. With SQLite, migrations run once per process and later sites
    copy that file; a PostgreSQL database (`database_url`) is dropped, created and migrated."""
    directory = Path(tempfile.mkdtemp(prefix="beacon-chat-live-"))
    try:
        current = Site(directory, redis_url, env, database_url)
        if database_url:
            _recreate_postgres_database(database_url)
            current.migrate()
        elif "db" not in _TEMPLATE:
            current.migrate()
            template = Path(tempfile.mkdtemp(prefix="beacon-chat-template-")) / "chat.sqlite3"
            shutil.copy(current.database, template)
            _TEMPLATE["db"] = template
        else:
            shutil.copy(_TEMPLATE["db"], current.database)
        yield current
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _recreate_postgres_database(database_url: str) -> None:
    from urllib.parse import urlsplit, urlunsplit

    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


# --- a websocket client ---------------------------------------------------------------------------------


class LiveClient:
    """A chat websocket client (the `websockets` library) that remembers frames it passed over."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.frames: list[dict[str, Any]] = []

    @classmethod
    async def open(cls, base: str, path: str, *, session: str = "") -> LiveClient:
        from websockets.asyncio.client import connect
        from websockets.typing import Origin

        headers = {"Cookie": f"sessionid={session}"} if session else None
        connection = await connect(
            base.replace("http", "ws", 1) + path, origin=Origin(base), additional_headers=headers, proxy=None
        )
        return cls(connection)

    async def send(self, **frame: Any) -> None:
        await self.connection.send(json.dumps(frame))

    async def until(self, predicate: Any, timeout: float = 15) -> dict[str, Any]:
        import asyncio

        for frame in self.frames:
            if predicate(frame):
                self.frames.remove(frame)
                return frame
        deadline = time.monotonic() + timeout
        while True:
            raw = await asyncio.wait_for(self.connection.recv(), max(0.05, deadline - time.monotonic()))
            frame = json.loads(raw)
            if predicate(frame):
                return frame
            self.frames.append(frame)

    async def of_type(self, kind: str, timeout: float = 15, **match: Any) -> dict[str, Any]:
        return await self.until(
            lambda f: f.get("type") == kind and all(f.get(k) == v for k, v in match.items()), timeout
        )

    async def close(self) -> None:
        await self.connection.close()


# --- seeding (runs inside the subprocess, with Django set up) -----------------------------------------


def _seed(spec: dict[str, Any]) -> dict[str, Any]:
    from allauth.mfa.totp.internal.auth import TOTP
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from beacon.accounts.enums import Role
    from beacon.accounts.middleware import MFA_SESSION_KEY
    from beacon.accounts.models import Team
    from beacon.accounts.services import create_user
    from beacon.tickets.models import Category

    Category.objects.get_or_create(slug="general", defaults={"name_en": "Something else", "name_zh": "其他问题"})
    team, _created = Team.objects.get_or_create(slug="general", defaults={"name_en": "General", "name_zh": "综合"})
    result: dict[str, Any] = {"agents": [], "customers": []}
    prefix = str(spec.get("prefix", ""))  # lets one site be seeded more than once

    def session_for(user: Any) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store[MFA_SESSION_KEY] = user.pk
        store.create()
        return str(store.session_key)

    for n in range(int(spec.get("agents", 0))):
        role = Role.SUPERVISOR if n == 0 and spec.get("supervisor") else Role.AGENT
        agent = create_user(
            f"{prefix}agent{n}@example.com", PASSWORD, role=role, display_name=f"Agent {n}", teams=[team]
        )
        TOTP.activate(agent, AGENT_TOTP)
        result["agents"].append({"email": agent.email, "session": session_for(agent), "agent_id": agent.public_id})
    for n in range(int(spec.get("customers", 0))):
        customer = create_user(
            f"{prefix}customer{n}@example.com", PASSWORD, role=Role.CUSTOMER, display_name=f"Customer {n}"
        )
        result["customers"].append({"email": customer.email, "session": session_for(customer)})
    if spec.get("faq"):
        _seed_help_center()
    return result


def _seed_help_center() -> None:
    from beacon.helpcenter.enums import ArticleKind, ArticleStatus
    from beacon.helpcenter.models import Category as HelpCategory
    from beacon.helpcenter.services.articles import create_article

    category, _created = HelpCategory.objects.get_or_create(
        slug="two-factor", defaults={"name_en": "Two-factor authentication", "name_zh": "双重验证"}
    )
    english = create_article(
        None,
        language="en",
        category=category,
        title="I lost my phone with the authenticator app. How do I reset 2FA?",
        body="Open Security settings and choose Reset 2FA. We will ask you to verify your identity first.",
        kind=ArticleKind.FAQ,
        phrasings=["lost Google Authenticator", "new phone 2FA codes gone"],
        slug="lost-2fa",
        translation_of=None,
        status=ArticleStatus.PUBLISHED,
    )
    create_article(
        None,
        language="zh-hans",
        category=category,
        title="手机丢了，谷歌验证器没了，如何重置双重验证？",
        body="打开安全设置并选择“重置双重验证”。我们会先核实您的身份。",
        kind=ArticleKind.FAQ,
        phrasings=["丢失谷歌验证器", "换手机了验证码收不到"],
        slug="lost-2fa",
        translation_of=english,
        status=ArticleStatus.PUBLISHED,
    )


if __name__ == "__main__":
    import django

    django.setup()
    if sys.argv[1:2] == ["seed"]:
        sys.stdout.write(json.dumps(_seed(json.loads(sys.argv[2]))) + "\n")
