"""Reading a Maildir in the order the mails were written (Date header), so that an import or a
replay sees an original mail before the replies to it."""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from datetime import UTC, datetime
from email.parser import BytesHeaderParser
from pathlib import Path

from beacon.mail.parsing.headers import parse_date

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def keys_in_date_order(box: mailbox.Maildir) -> list[str]:
    parser = BytesHeaderParser()
    dated: list[tuple[datetime, str]] = []
    for key in box.iterkeys():
        with box.get_file(key) as handle:
            headers = parser.parse(handle)  # type: ignore[arg-type]
        dated.append((parse_date(headers.get("date")) or _EPOCH, key))
    dated.sort()
    return [key for _date, key in dated]


def read_maildir(path: str | Path) -> Iterator[bytes]:
    box = mailbox.Maildir(path, factory=None, create=False)
    for key in keys_in_date_order(box):
        with box.get_file(key) as handle:
            yield handle.read()
