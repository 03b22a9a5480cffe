"""Pure mail parsing: bytes in, data out. No database, no settings."""

from __future__ import annotations

from beacon.mail.parsing.auto import AutoKind, Bounce
from beacon.mail.parsing.headers import strip_subject_prefixes
from beacon.mail.parsing.mime import MailPart, ParsedMail, parse_mail, synthetic_message_id

__all__ = [
    "AutoKind",
    "Bounce",
    "MailPart",
    "ParsedMail",
    "parse_mail",
    "strip_subject_prefixes",
    "synthetic_message_id",
]
