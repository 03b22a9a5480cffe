"""Short signed tokens the widget holds (Django signing with SECRET_KEY; nothing stored).

- resume: lets a widget reconnect to its chat (the chat's own credential after the first hello);
- file: lets the widget show an attachment of its chat (an <img> cannot send headers);
- transcript: a download link for the chat's transcript.
"""

from __future__ import annotations

from django.core import signing

from beacon.chat import conf

RESUME_SALT = "beacon.chat.resume"
FILE_SALT = "beacon.chat.file"
TRANSCRIPT_SALT = "beacon.chat.transcript"
FILE_MAX_AGE = 24 * 3600
TRANSCRIPT_MAX_AGE = 15 * 60


def resume_token(public_id: str) -> str:
    return signing.dumps({"s": public_id}, salt=RESUME_SALT)


def read_resume_token(token: object) -> str | None:
    """The chat's public id, or None for a forged, expired or malformed token."""
    if not isinstance(token, str) or len(token) > 300:
        return None
    try:
        data = signing.loads(token, salt=RESUME_SALT, max_age=conf.resume_max_age())
    except signing.BadSignature:
        return None
    value = data.get("s") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def file_token(public_id: str, attachment_id: int) -> str:
    return signing.dumps({"s": public_id, "a": attachment_id}, salt=FILE_SALT)


def read_file_token(token: str) -> tuple[str, int] | None:
    try:
        data = signing.loads(token, salt=FILE_SALT, max_age=FILE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("s"), str) or not isinstance(data.get("a"), int):
        return None
    return data["s"], data["a"]


def transcript_token(public_id: str) -> str:
    return signing.dumps({"s": public_id}, salt=TRANSCRIPT_SALT)


def read_transcript_token(token: str) -> str | None:
    try:
        data = signing.loads(token, salt=TRANSCRIPT_SALT, max_age=TRANSCRIPT_MAX_AGE)
    except signing.BadSignature:
        return None
    value = data.get("s") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None
