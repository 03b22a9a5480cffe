"""Mail ingest benchmark: messages per second from a Maildir of 10k generated mails.

    .venv/bin/python bench/mail_ingest.py [--count 10000] [--workers 2] [--database-url postgres://…] [--keep]

Builds a throw-away database (SQLite file in a temporary directory unless --database-url is given),
generates a Maildir of realistic mails (new tickets in English and in GBK/GB18030 Chinese, HTML
mail, replies that quote the previous mail and carry References, inline screenshots, auto-replies,
bulk mail, exact duplicates), then feeds every message to the same service the IMAP poller, the SMTP
listener and `manage.py ingest_email` call (beacon.mail.services.ingest_mail): parsing, dedupe,
threading, the full inbound pipeline (secret scan, link check, triage, persist) and the queued
acknowledgement, in batches of BATCH_SIZE mails per transaction as the IMAP poller and the Maildir
import do (--batch 1: one transaction per mail, as the SMTP listener and the MTA pipe). Prints
messages per second and CPU milliseconds per mail. Target: ≥ 100/s.
With --workers N, N processes ingest at once, each for its own senders (like concurrent SMTP
deliveries or several mailboxes); a sender's mails stay in order.
"""

from __future__ import annotations

import argparse
import base64
import io
import itertools
import json
import mailbox
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET = 100.0

EN_SUBJECTS = [
    "USDT deposit not credited",
    "Withdrawal pending for 6 hours",
    "Cannot log in after changing phone",
    "Futures position liquidated at the wrong price",
    "KYC rejected but my passport is valid",
    "P2P seller did not release the coins",
    "API returns -1021 timestamp error",
]
ZH_SUBJECTS = ["充值未到账", "提现一直在处理中", "账户被冻结了", "合约爆仓价格不对", "身份认证失败", "C2C 卖家不放币"]
EN_BODY = (
    "Hello,\n\nI sent {amount} USDT on TRC20 about {hours} hours ago and it is still not in my account.\n"
    "TXID: {txid}\nMy UID is {uid}.\n\nThanks,\n{name}\n"
)
ZH_BODY = (
    "您好，\n\n我在 {hours} 小时前充值了 {amount} USDT（TRC20），到现在还没有到账。\n"
    "交易哈希：{txid}\n我的UID：{uid}\n\n谢谢！\n"
)


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (120, 80), (240, 185, 11)).save(out, "PNG")
    return out.getvalue()


def generate(path: Path, count: int, seed: int = 7) -> Counter[str]:
    """Write `count` mails into a Maildir at `path`; return how many of each kind."""
    rng = random.Random(seed)
    box = mailbox.Maildir(path, create=True)
    senders = [f"trader{n}@example{n % 7}.com" for n in range(max(50, count // 5))]
    sent: dict[str, list[tuple[str, str]]] = {}
    written: list[bytes] = []
    kinds: Counter[str] = Counter()
    screenshot = base64.encodebytes(png()).decode()
    start = datetime(2026, 11, 20, tzinfo=UTC)
    for n in range(count):
        roll = rng.random()
        sender = rng.choice(senders)
        date = format_datetime(start + timedelta(seconds=n * 7))
        values = {
            "amount": rng.randint(10, 50_000),
            "hours": rng.randint(1, 30),
            "txid": "".join(rng.choice("0123456789abcdef") for _ in range(64)),
            "uid": rng.randint(10_000_000, 99_999_999),
            "name": sender.split("@")[0].title(),
        }
        message_id = f"<bench-{n}-{rng.getrandbits(40):x}@{sender.split('@')[1]}>"
        if roll < 0.03 and written:
            raw = rng.choice(written)
            kind = "duplicate"
        elif roll < 0.08:
            raw = (
                f"From: {sender}\r\nTo: support@beacon.localhost\r\n"
                f"Subject: Automatic reply: {rng.choice(EN_SUBJECTS)}\r\n"
                f"Date: {date}\r\nMessage-ID: {message_id}\r\nAuto-Submitted: auto-replied\r\n\r\n"
                "I am out of the office until Monday.\r\n"
            ).encode()
            kind = "auto_reply"
        elif roll < 0.10:
            raw = (
                f"From: news@newsletter.example\r\nTo: support@beacon.localhost\r\nSubject: Weekly digest {n}\r\n"
                f"Date: {date}\r\nMessage-ID: {message_id}\r\nPrecedence: bulk\r\n"
                "List-Id: <digest.newsletter.example>\r\n\r\n"
                "This week in crypto.\r\n"
            ).encode()
            kind = "bulk"
        elif roll < 0.40 and sent.get(sender):
            original_id, subject = rng.choice(sent[sender])
            raw = (
                f"From: {values['name']} <{sender}>\r\nTo: support@beacon.localhost\r\nSubject: Re: {subject}\r\n"
                f"Date: {date}\r\nMessage-ID: {message_id}\r\n"
                f"In-Reply-To: {original_id}\r\nReferences: {original_id}\r\n"
                "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                f"Any news? My UID is {values['uid']}.\r\n\r\nOn Fri, Nov 20, 2026 at 10:03 AM Beacon Support "
                "<support@beacon.localhost> wrote:\r\n> We have received your request.\r\n> Reference BCN-000001\r\n"
            ).encode()
            kind = "reply"
        elif roll < 0.65:
            subject = rng.choice(ZH_SUBJECTS)
            body = base64.encodebytes(ZH_BODY.format(**values).encode("gb18030")).decode()
            encoded_subject = base64.b64encode(subject.encode("gb18030")).decode()
            raw = (
                f"From: {sender}\r\nTo: support@beacon.localhost\r\nSubject: =?gb18030?B?{encoded_subject}?=\r\n"
                f"Date: {date}\r\nMessage-ID: {message_id}\r\nMIME-Version: 1.0\r\n"
                "Content-Type: text/plain; charset=gb18030\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                f"{body}"
            ).encode()
            sent.setdefault(sender, []).append((message_id, subject))
            kind = "new_zh_gbk"
        elif roll < 0.70:
            subject = rng.choice(EN_SUBJECTS)
            text = EN_BODY.format(**values)
            raw = (
                f"From: {values['name']} <{sender}>\r\nTo: support@beacon.localhost\r\nSubject: {subject}\r\n"
                f"Date: {date}\r\nMessage-ID: {message_id}\r\nMIME-Version: 1.0\r\n"
                'Content-Type: multipart/related; boundary="rel"\r\n\r\n--rel\r\n'
                "Content-Type: text/html; charset=utf-8\r\n\r\n"
                f'<div>{text.replace(chr(10), "<br>")}</div><img src="cid:shot{n}">\r\n--rel\r\n'
                f'Content-Type: image/png; name="screenshot.png"\r\nContent-ID: <shot{n}>\r\n'
                "Content-Disposition: inline\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                f"{screenshot}--rel--\r\n"
            ).encode()
            sent.setdefault(sender, []).append((message_id, subject))
            kind = "new_with_image"
        else:
            subject = rng.choice(EN_SUBJECTS)
            text = EN_BODY.format(**values)
            raw = (
                f"From: {values['name']} <{sender}>\r\nTo: support@beacon.localhost\r\nSubject: {subject}\r\n"
                f"Date: {date}\r\nMessage-ID: {message_id}\r\nMIME-Version: 1.0\r\n"
                'Content-Type: multipart/alternative; boundary="alt"\r\n\r\n--alt\r\n'
                f"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n--alt\r\n"
                "Content-Type: text/html; charset=utf-8\r\n\r\n"
                f"<div>{text.replace(chr(10), '<br>')}</div>\r\n--alt--\r\n"
            ).encode()
            sent.setdefault(sender, []).append((message_id, subject))
            kind = "new_en_html"
        box.add(raw)
        written.append(raw)
        kinds[kind] += 1
    return kinds


def recreate_postgres(url: str, *, drop_only: bool = False) -> None:
    """A fresh bench database on the PostgreSQL server of `url` (never a database you use)."""
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("beacon_") or "bench" not in name:
        raise SystemExit("use a throw-away database whose name starts with beacon_ and contains bench")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


def shard_by_sender(box: mailbox.Maildir, keys: list[str], workers: int) -> list[list[str]]:
    """Split the keys over workers by sender, keeping each sender's mails in order (a reply is
    never ingested before the mail it answers)."""
    shards: list[list[str]] = [[] for _ in range(max(1, workers))]
    for key in keys:
        with box.get_file(key) as handle:
            head = handle.read(4096)
        match = re.search(rb"^From:.*?([\w.+-]+@[\w.-]+)", head, re.MULTILINE)
        sender = match.group(1) if match else b""
        shards[zlib.crc32(sender) % len(shards)].append(key)
    return shards


def ingest_shards(
    box: mailbox.Maildir,
    shards: list[list[str]],
    ingest: Callable[[list[bytes]], list[Any]],
    batch: int,
    marks: list[tuple[int, float]] | None = None,
) -> Counter[str]:
    """Ingest every shard, `batch` mails per transaction, in this process or in one forked process
    per shard. In this process, `marks` gets (mails done, CPU seconds) after every batch."""

    def run(keys: list[str]) -> Counter[str]:
        outcomes: Counter[str] = Counter()
        for start in range(0, len(keys), batch):
            raws = []
            for key in keys[start : start + batch]:  # read inside the timed loop, as the importer does
                with box.get_file(key) as handle:
                    raws.append(handle.read())
            outcomes.update(str(result.status) for result in ingest(raws))
            if marks is not None:
                marks.append((start + len(raws), time.process_time()))
        return outcomes

    if len(shards) == 1:
        return run(shards[0])
    pipes, pids = [], []
    for keys in shards:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: its own database connection, results back as JSON
            os.close(read_end)
            counts = run(keys)
            from django.db import connection

            connection.close()
            with os.fdopen(write_end, "w") as out:
                json.dump(counts, out)
            os._exit(0)
        os.close(write_end)
        pipes.append(read_end)
        pids.append(pid)
    total: Counter[str] = Counter()
    for read_end, pid in zip(pipes, pids, strict=True):
        with os.fdopen(read_end) as result:
            total.update(json.load(result))
        os.waitpid(pid, 0)
    return total


def cpu_profile(marks: list[tuple[int, float]], parts: int = 5) -> str:
    """CPU milliseconds per mail in `parts` consecutive slices of the run, from (mails, CPU s) marks."""
    total = marks[-1][0]
    cuts = [next(mark for mark in marks if mark[0] >= total * i / parts) for i in range(parts + 1)]
    slices = [
        f"{a[0]:,}–{b[0]:,}: {(b[1] - a[1]) / (b[0] - a[0]) * 1000:.2f} ms"
        for a, b in itertools.pairwise(cuts)
        if b[0] > a[0]
    ]
    return "; ".join(slices)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (default: a fresh SQLite file)")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary directory")
    parser.add_argument(
        "--batch",
        type=int,
        default=0,
        help="Mails per transaction (default: the poller's BATCH_SIZE; 1 = one transaction and one send "
        "task per mail, as the SMTP listener and the MTA pipe do)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="Processes ingesting at once, each for its own senders (as concurrent SMTP deliveries or "
        "several mailboxes would); 1 = one sequential poller",
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="beacon-mail-bench-"))
    os.environ["BEACON_VAR_DIR"] = str(workdir / "var")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 40)
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("TASK_BACKEND", "django_tasks_db.DatabaseBackend")
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
        recreate_postgres(args.database_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse

    from beacon.mail.maildir import keys_in_date_order
    from beacon.mail.parsing import parse_mail
    from beacon.mail.services import BATCH_SIZE, Delivery, ingest_batch, ingest_mail
    from beacon.tickets.models import Category, Message, Ticket

    try:
        call_command("migrate", verbosity=0)
        Category.objects.get_or_create(slug="general", defaults={"name_en": "Something else", "name_zh": "其他问题"})

        maildir = workdir / "Maildir"
        t0 = time.perf_counter()
        kinds = generate(maildir, args.count)
        print(f"generated {args.count} mails in {time.perf_counter() - t0:.1f} s: {dict(sorted(kinds.items()))}")

        box = mailbox.Maildir(maildir, factory=None, create=False)
        keys = keys_in_date_order(box)  # originals before the replies to them, as they were written
        raws = []
        for key in keys:
            with box.get_file(key) as handle:
                raws.append(handle.read())

        t0 = time.perf_counter()
        for raw in raws:
            parse_mail(raw)
        parse_rate = len(raws) / (time.perf_counter() - t0)

        # Warm up as a long-running worker is: templates compiled, the category classifier loaded, the
        # URLconf imported (inline images of kept HTML link to their attachments).
        reverse("attachment", args=[1])
        for n in range(20):
            warm = f"From: warmup{n}@example.org\r\nSubject: warm-up {n}\r\nMessage-ID: <warm-{n}@x>\r\n\r\nhello\r\n"
            ingest_mail(warm.encode(), source="file")
        connection.close()  # children (with --workers) open their own connections
        shards = shard_by_sender(box, keys, args.workers)
        cpu0 = time.process_time() + resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
        t0 = time.perf_counter()
        batch = args.batch or BATCH_SIZE

        def ingest(raws: list[bytes]) -> list[Any]:
            if batch == 1:
                return [ingest_mail(raw, source="file") for raw in raws]
            return ingest_batch([Delivery(raw, "file") for raw in raws])

        marks: list[tuple[int, float]] = [(0, time.process_time())]
        outcomes = ingest_shards(box, shards, ingest, batch, marks if args.workers == 1 else None)
        elapsed = time.perf_counter() - t0
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = time.process_time() + children.ru_utime + children.ru_stime - cpu0
        rate = len(keys) / elapsed

        print(f"database: {connection.vendor}; task backend: {os.environ['TASK_BACKEND']}")
        print(f"outcomes: {dict(sorted(outcomes.items()))}")
        print(f"tickets: {Ticket.objects.count() - 20}, messages: {Message.objects.count() - 20} (without the warm-up)")
        print(f"parse only: {parse_rate:,.0f} mails/s")
        print(
            f"workers: {args.workers}; mails per transaction: {batch}; CPU time: {cpu:.1f} s = "
            f"{cpu / len(keys) * 1000:.2f} ms per mail = {len(keys) / cpu:,.1f} mails per CPU-second "
            f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; the database server's CPU "
            "is not counted)"
        )
        if len(marks) > 2:
            print(f"CPU per mail along the run (does it grow with the data?): {cpu_profile(marks)}")
        verdict = "OK" if rate >= TARGET else "BELOW TARGET"
        print(f"ingested {len(keys)} mails in {elapsed:.1f} s: {rate:,.1f} mails/s (target ≥ {TARGET:.0f}/s) {verdict}")
    finally:
        connection.close()
        if args.database_url:
            recreate_postgres(args.database_url, drop_only=True)
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
