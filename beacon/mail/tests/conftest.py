"""Real servers on 127.0.0.1 for the mail tests: an SMTP sink (aiosmtpd) that stores what Beacon
sends, and a throw-away Dovecot IMAP server (Debian's dovecot-imapd) run as an unprivileged
user-level instance from a config file in a temp dir."""

from __future__ import annotations

import email
import email.policy
import imaplib
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from beacon.accounts.models import User

CORPUS = Path(__file__).parent / "corpus"
DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None)
IMAP_USER = "support"
IMAP_PASSWORD = "imap-test-password"
_LIST_LINE = re.compile(r'^\([^)]*\) (?:NIL|"[^"]*") (.+)$')


def corpus(name: str, replace: dict[str, str] | None = None) -> bytes:
    """A corpus mail, with placeholders (ticket references, Message-IDs) replaced by real ones."""
    data = (CORPUS / name).read_bytes()
    for old, new in (replace or {}).items():
        data = data.replace(old.encode(), new.encode())
    return data


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


@pytest.fixture(autouse=True)
def immediate_tasks() -> Iterator[None]:
    """Background tasks run inline, whatever TASK_BACKEND the environment set."""
    with override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}):
        yield


# --- SMTP sink -------------------------------------------------------------------------------------


@dataclass
class SmtpSink:
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    refuse: bool = False
    refuse_to: set[str] = field(default_factory=set)  # recipients refused with a temporary error
    sessions: int = 0  # SMTP connections that sent EHLO/HELO

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse or self.refuse_to & set(envelope.rcpt_tos):
            return "451 4.3.0 Mailbox temporarily unavailable"
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.messages.append(parsed)  # type: ignore[arg-type]
        return "250 OK"


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    """Beacon's default mailer pointed at a real SMTP server on 127.0.0.1 that keeps every mail."""
    sink = SmtpSink(port=free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port, decode_data=False)
    controller.start()
    mailers = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": sink.port, "timeout": 5},
        }
    }
    try:
        with override_settings(MAILERS=mailers):
            yield sink
    finally:
        controller.stop()


# --- Dovecot ---------------------------------------------------------------------------------------


@dataclass
class Dovecot:
    port: int
    root: Path
    process: subprocess.Popen[bytes]

    def client(self) -> imaplib.IMAP4:
        conn = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        conn.login(IMAP_USER, IMAP_PASSWORD)
        return conn

    def deliver(self, *messages: bytes, folder: str = "INBOX") -> None:
        conn = self.client()
        try:
            for raw in messages:
                _typ, data = conn.append(f'"{folder}"', None, None, raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
                assert _typ == "OK", data
        finally:
            conn.logout()

    def uids(self, folder: str = "INBOX", criteria: str = "ALL") -> list[int]:
        conn = self.client()
        try:
            conn.select(f'"{folder}"')
            _typ, data = conn.uid("SEARCH", None, criteria)
            return [int(u) for u in data[0].split()] if data and data[0] else []
        finally:
            conn.logout()

    def reset(self) -> None:
        """Empty every folder, so each test starts from a clean mailbox."""
        conn = self.client()
        try:
            _typ, folders = conn.list()
            names = [_LIST_LINE.match(line.decode()) for line in folders or [] if isinstance(line, bytes)]
            for match in names:
                if match is None:
                    continue
                name = match.group(1).strip('"')
                _typ, count = conn.select(f'"{name}"')
                if count and count[0] not in (b"0", None):
                    conn.store("1:*", "+FLAGS.SILENT", r"(\Deleted)")
                    conn.expunge()
                if name != "INBOX":
                    conn.unselect()
                    conn.delete(f'"{name}"')
        finally:
            conn.logout()


def _dovecot_config(root: Path, port: int, user: pwd.struct_passwd) -> str:
    group = __import__("grp").getgrgid(user.pw_gid).gr_name
    listeners = "\n".join(
        f"service {name} {{\n  unix_listener {sock} {{\n    group = {group}\n    mode = 0660\n  }}\n}}"
        for name, sock in [
            ("stats", "stats-writer"),
            ("imap-hibernate", "imap-hibernate"),
            ("dict", "dict"),
            ("dict-async", "dict-async"),
        ]
    )
    return f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {user.pw_name}
default_internal_user = {user.pw_name}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={user.pw_uid} gid={user.pw_gid} home={root}/home/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
{listeners}
"""


@pytest.fixture(scope="session")
def dovecot_server() -> Iterator[Dovecot]:
    if DOVECOT is None:
        pytest.skip("dovecot is not installed (Debian package dovecot-imapd, listed in scripts/ci-apt-packages.txt)")
    # Dovecot refuses to run its login processes as root: as root, the whole instance runs as nobody.
    user = pwd.getpwnam("nobody") if os.geteuid() == 0 else pwd.getpwuid(os.geteuid())
    root = Path(tempfile.mkdtemp(prefix="beacon-dovecot-"))
    for sub in ("run", "state", "home"):
        (root / sub).mkdir()
    (root / "passwd").write_text(f"{IMAP_USER}:{{PLAIN}}{IMAP_PASSWORD}\n")
    port = free_port()
    (root / "dovecot.conf").write_text(_dovecot_config(root, port, user))
    if os.geteuid() == 0:
        root.chmod(0o755)
        for path in [root, *root.rglob("*")]:
            os.chown(path, user.pw_uid, user.pw_gid)
    process = subprocess.Popen(  # noqa: S603
        [DOVECOT, "-F", "-c", str(root / "dovecot.conf")],
        user=user.pw_uid if os.geteuid() == 0 else None,
        group=user.pw_gid if os.geteuid() == 0 else None,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port)
        yield Dovecot(port=port, root=root, process=process)
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def dovecot(dovecot_server: Dovecot) -> Dovecot:
    dovecot_server.reset()
    return dovecot_server


def sender_of(email_address: str) -> User:
    return User.objects.get(email=email_address)
