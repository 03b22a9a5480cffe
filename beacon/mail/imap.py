"""IMAP polling: fetch new mail, hand each to ingest_mail(), and only then mark it on the server.

Crash safety comes from the order of steps for every message:
  1. fetch with BODY.PEEK[] (the server's \\Seen flag is left alone),
  2. ingest_batch() commits the tickets and the InboundMail rows (Message-ID unique) together, a
     batch of up to BATCH_SIZE mails per transaction,
  3. mark the message on the server (\\Seen + $BeaconProcessed, or MOVE to the processed folder),
  4. advance the mailbox's last UID.
A crash before 2 leaves nothing behind: the next poll fetches the message again. A crash after 2
makes the next poll fetch it again too, find its Message-ID recorded, count a duplicate and go on
to 3 and 4. So a mail is neither lost nor ticketed twice. A UIDVALIDITY change restarts from UID 1
with the same guarantee. A mail whose processing keeps failing stays unread on the server and is
tried at every poll; after BEACON_MAIL_MAX_ATTEMPTS it is flagged ($BeaconFailed) and skipped until
an operator asks for it again (services.retry_failed).
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import re
import selectors
import ssl
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from beacon.mail import conf
from beacon.mail.enums import ImapSecurity, InboundSource
from beacon.mail.fields import Undecryptable
from beacon.mail.models import Mailbox
from beacon.mail.services import (
    BATCH_SIZE,
    DUPLICATE,
    Delivery,
    IngestResult,
    ingest_batch,
    record_oversized,
    record_poll,
)

logger = logging.getLogger(__name__)

PROCESSED_KEYWORD = "$BeaconProcessed"
FAILED_KEYWORD = "$BeaconFailed"
TIMEOUT = 60
_SIZE = re.compile(rb"UID (\d+) RFC822\.SIZE (\d+)|RFC822\.SIZE (\d+) UID (\d+)")
_UIDVALIDITY = re.compile(rb"UIDVALIDITY (\d+)")
_UID = re.compile(rb"\bUID (\d+)")
CHUNK_BYTES = 32 * 1024 * 1024


class MailboxError(Exception):
    pass


@dataclass
class PollReport:
    mailbox: str
    fetched: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    error: str = ""

    def count(self, status: str) -> None:
        self.outcomes[status] = self.outcomes.get(status, 0) + 1


def quote_mailbox(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _check(response: tuple[str, Sequence[Any]], what: str) -> list[Any]:
    typ, data = response
    if typ != "OK":
        raise MailboxError(f"{what} failed: {data!r}")
    return list(data)


def connect(mailbox: Mailbox) -> imaplib.IMAP4:
    conn: imaplib.IMAP4
    if mailbox.security == ImapSecurity.SSL:
        conn = imaplib.IMAP4_SSL(mailbox.host, mailbox.port, ssl_context=ssl.create_default_context(), timeout=TIMEOUT)
    else:
        conn = imaplib.IMAP4(mailbox.host, mailbox.port, timeout=TIMEOUT)
        if mailbox.security == ImapSecurity.STARTTLS:
            conn.starttls(ssl.create_default_context())
    if isinstance(mailbox.password, Undecryptable):
        conn.logout()
        raise MailboxError(
            "the stored password cannot be decrypted (SECRET_KEY or BEACON_MAIL_SECRET_KEY changed): "
            "enter it again in Admin → E-mail → Mailboxes"
        )
    conn.login(mailbox.username, mailbox.password)
    return conn


def _select(conn: imaplib.IMAP4, folder: str) -> tuple[int, bool]:
    """Select the folder; return its UIDVALIDITY and whether keywords may be stored."""
    _check(conn.select(quote_mailbox(folder)), f"SELECT {folder}")
    _typ, values = conn.response("UIDVALIDITY")
    raw = values[0] if values and values[0] else b""
    if not isinstance(raw, bytes) or not raw.strip().isdigit():
        raise MailboxError("the server did not report UIDVALIDITY")
    _typ, flags = conn.response("PERMANENTFLAGS")
    keywords = any(isinstance(f, bytes) and b"\\*" in f for f in flags or [])
    return int(raw), keywords


def _sizes(conn: imaplib.IMAP4, uids: list[int]) -> dict[int, int]:
    data = _check(conn.uid("FETCH", ",".join(map(str, uids)), "(RFC822.SIZE)"), "FETCH sizes")
    sizes: dict[int, int] = {}
    for item in data:
        line = item[0] if isinstance(item, tuple) else item
        if not isinstance(line, bytes):
            continue
        match = _SIZE.search(line)
        if match:
            uid = int(match.group(1) or match.group(4))
            sizes[uid] = int(match.group(2) or match.group(3))
    return sizes


def _fetch(conn: imaplib.IMAP4, uid: int, section: str = "BODY.PEEK[]") -> bytes | None:
    data = _check(conn.uid("FETCH", str(uid), f"({section})"), f"FETCH {uid}")
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1]
    return None  # expunged by someone else meanwhile


def capabilities(conn: imaplib.IMAP4) -> set[str]:
    """The capabilities after login (servers announce MOVE, UIDPLUS… only to a logged-in client)."""
    data = _check(conn.capability(), "CAPABILITY")
    first = data[0] if data else b""
    return set(first.decode("ascii", "replace").upper().split()) if isinstance(first, bytes) else set()


def _mark_processed(conn: imaplib.IMAP4, mailbox: Mailbox, uid: int, keywords: bool, caps: set[str]) -> None:
    if mailbox.processed_folder:
        target = quote_mailbox(mailbox.processed_folder)
        if "MOVE" in caps:
            _check(conn.uid("MOVE", str(uid), target), f"MOVE {uid}")
            return
        _check(conn.uid("COPY", str(uid), target), f"COPY {uid}")
        _check(conn.uid("STORE", str(uid), "+FLAGS.SILENT", r"(\Deleted)"), f"STORE {uid}")
        if "UIDPLUS" in caps:
            _check(conn.uid("EXPUNGE", str(uid)), f"EXPUNGE {uid}")
        return
    flags = rf"(\Seen {PROCESSED_KEYWORD})" if keywords else r"(\Seen)"
    _check(conn.uid("STORE", str(uid), "+FLAGS.SILENT", flags), f"STORE {uid}")


def _ensure_folder(conn: imaplib.IMAP4, folder: str) -> None:
    typ, _data = conn.create(quote_mailbox(folder))
    if typ != "OK":  # most often: it already exists
        logger.debug("CREATE %s: %s", folder, _data)


def poll_mailbox(mailbox: Mailbox, *, limit: int = 500) -> PollReport:
    """Read up to `limit` new messages of one mailbox. Raises MailboxError / OSError / IMAP4.error
    on connection problems (nothing is lost: the messages stay on the server)."""
    report = PollReport(mailbox=mailbox.name)
    conn = connect(mailbox)
    try:
        caps = capabilities(conn)
        uidvalidity, keywords = _select(conn, mailbox.folder)
        record_poll(mailbox, uidvalidity=uidvalidity)
        if mailbox.processed_folder:
            _ensure_folder(conn, mailbox.processed_folder)
        found = _check(conn.uid("SEARCH", f"UID {mailbox.last_uid + 1}:*"), "SEARCH")
        # "n:*" always matches the last message, even when its UID is below n.
        uids = sorted(int(u) for u in (found[0] or b"").split() if int(u) > mailbox.last_uid)[:limit]
        sizes = _sizes(conn, uids) if uids else {}
        high_water, contiguous = mailbox.last_uid, True
        for chunk in _chunks(uids, sizes):
            results = _ingest_chunk(conn, mailbox, chunk, sizes, report)
            # The batch is committed: only now is each mail marked on the server.
            for uid in chunk:
                done = _settle(conn, mailbox, uid, results.get(uid), keywords, caps, report)
                contiguous = contiguous and done
                if contiguous:
                    high_water = uid
            if high_water > mailbox.last_uid:
                record_poll(mailbox, last_uid=high_water)
        if uids and mailbox.processed_folder and not caps & {"MOVE", "UIDPLUS"}:
            conn.expunge()  # old servers: copied messages were only flagged \Deleted
        if not uids:
            record_poll(mailbox)
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            conn.logout()
    return report


def _chunks(uids: list[int], sizes: dict[int, int]) -> Iterator[list[int]]:
    """UIDs in batches of at most BATCH_SIZE mails and CHUNK_BYTES (a few large mails go alone)."""
    chunk: list[int] = []
    total = 0
    for uid in uids:
        size = sizes.get(uid, 0)
        if chunk and (len(chunk) >= BATCH_SIZE or total + size > CHUNK_BYTES):
            yield chunk
            chunk, total = [], 0
        chunk.append(uid)
        total += size
    if chunk:
        yield chunk


def _fetch_many(conn: imaplib.IMAP4, uids: list[int]) -> dict[int, bytes]:
    """The whole mails of several UIDs in one command (mails expunged meanwhile are missing)."""
    data = _check(conn.uid("FETCH", ",".join(map(str, uids)), "(UID BODY.PEEK[])"), "FETCH mails")
    found: dict[int, bytes] = {}
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            match = _UID.search(item[0]) if isinstance(item[0], bytes) else None
            if match:
                found[int(match.group(1))] = item[1]
    return found


def _ingest_chunk(
    conn: imaplib.IMAP4, mailbox: Mailbox, chunk: list[int], sizes: dict[int, int], report: PollReport
) -> dict[int, IngestResult]:
    limit = conf.max_message_bytes()
    results: dict[int, IngestResult] = {}
    for uid in chunk:
        if sizes.get(uid, 0) > limit:
            head = _fetch(conn, uid, "BODY.PEEK[HEADER]")
            results[uid] = record_oversized(
                head or b"", sizes[uid], source=InboundSource.IMAP, mailbox=mailbox, imap_uid=uid
            )
    wanted = [uid for uid in chunk if uid not in results]
    raws = _fetch_many(conn, wanted) if wanted else {}
    report.fetched += len(raws)
    fetched = [uid for uid in wanted if uid in raws]
    deliveries = [Delivery(raws[uid], InboundSource.IMAP, mailbox, uid) for uid in fetched]
    results.update(zip(fetched, ingest_batch(deliveries), strict=True))
    return results


def _settle(
    conn: imaplib.IMAP4,
    mailbox: Mailbox,
    uid: int,
    result: IngestResult | None,
    keywords: bool,
    caps: set[str],
    report: PollReport,
) -> bool:
    """Mark one committed mail on the server. True when the mail needs nothing more."""
    if result is None:
        return True  # expunged by someone else meanwhile
    report.count(DUPLICATE if result.status == DUPLICATE else str(result.status))
    if result.gave_up:
        # Left in place, unread and flagged for a person; Admin → Received mail can fetch it again.
        flags = rf"(\Flagged {FAILED_KEYWORD})" if keywords else r"(\Flagged)"
        _check(conn.uid("STORE", str(uid), "+FLAGS.SILENT", flags), f"STORE {uid}")
    elif result.done:
        _mark_processed(conn, mailbox, uid, keywords, caps)
    return result.done


def poll_all(*, limit: int = 500) -> list[PollReport]:
    """Poll every active mailbox; a broken one is recorded and does not stop the others."""
    reports = []
    for mailbox in Mailbox.objects.filter(is_active=True).select_related("category"):
        try:
            reports.append(poll_mailbox(mailbox, limit=limit))
        except (MailboxError, imaplib.IMAP4.error, OSError, ssl.SSLError) as exc:
            logger.warning("polling %s failed: %s", mailbox, exc)
            record_poll(mailbox, error=f"{type(exc).__name__}: {exc}")
            reports.append(PollReport(mailbox=mailbox.name, error=str(exc)))
    return reports


# --- IMAP IDLE (RFC 2177): wait for new mail instead of sleeping between polls ----------------------

_NEW_MAIL = re.compile(rb"^\* \d+ (EXISTS|RECENT)\b", re.IGNORECASE)


@dataclass
class _Idler:
    conn: imaplib.IMAP4
    tag: bytes


def wait_for_new_mail(
    mailboxes: Sequence[Mailbox], timeout: float, *, should_stop: Callable[[], bool] = lambda: False
) -> bool | None:
    """Wait up to `timeout` seconds for one of the mailboxes to announce new mail (IMAP IDLE).

    True: new mail was announced; False: the time ran out (or `should_stop`); None: no mailbox
    could IDLE (no IDLE capability, connection errors): the caller sleeps instead. Polling stays
    the source of truth: IDLE only shortens the wait, and a mail that arrives between a poll and
    the start of IDLE is found by the next poll."""
    idlers: list[_Idler] = []
    try:
        for mailbox in mailboxes:
            try:
                idler = _start_idle(mailbox)
            except (MailboxError, imaplib.IMAP4.error, OSError, ssl.SSLError) as exc:
                logger.info("IDLE on %s is not available: %s", mailbox, exc)
                continue
            if idler is not None:
                idlers.append(idler)
        if not idlers:
            return None
        return _wait(idlers, timeout, should_stop)
    finally:
        for idler in idlers:
            _stop_idle(idler)


def _start_idle(mailbox: Mailbox) -> _Idler | None:
    conn = connect(mailbox)
    try:
        if "IDLE" not in capabilities(conn):
            conn.logout()
            return None
        _check(conn.select(quote_mailbox(mailbox.folder), readonly=True), f"EXAMINE {mailbox.folder}")
        tag = conn._new_tag()  # type: ignore[attr-defined]  # imaplib has no IDLE before Python 3.14
        conn.send(tag + b" IDLE\r\n")
        reply = conn.readline()
        if not reply.startswith(b"+"):
            raise MailboxError(f"IDLE refused: {reply!r}")
    except BaseException:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            conn.shutdown()
        raise
    return _Idler(conn, tag)


def _wait(idlers: list[_Idler], timeout: float, should_stop: Callable[[], bool]) -> bool:
    selector = selectors.DefaultSelector()
    try:
        for idler in idlers:
            selector.register(idler.conn.sock, selectors.EVENT_READ, idler)
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0 and not should_stop():
            for key, _events in selector.select(min(remaining, 1.0)):
                line = key.data.conn.readline()
                if not line:  # the server closed the connection: back to polling for this one
                    selector.unregister(key.fileobj)
                elif _NEW_MAIL.match(line):
                    return True
            if not selector.get_map():
                return False
        return False
    finally:
        selector.close()


def _stop_idle(idler: _Idler) -> None:
    conn = idler.conn
    with contextlib.suppress(imaplib.IMAP4.error, OSError, ValueError):
        conn.sock.settimeout(5)
        conn.send(b"DONE\r\n")
        for _n in range(1000):  # untagged lines, then the IDLE command's tagged completion
            line = conn.readline()
            if not line or line.startswith(idler.tag + b" "):
                break
        conn.logout()
    with contextlib.suppress(OSError):
        conn.shutdown()
