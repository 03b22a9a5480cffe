"""Signed identities from the exchange's backend (pure functions: no database, no settings).

The exchange's server renders the widget for its signed-in user with a token

    v1.<base64url(JSON payload)>.<base64url(HMAC-SHA256(secret, "v1." + base64url(payload)))>

where the payload is {"uid", "email", "vip", "iat", "nonce"} (plus an optional "name"). Beacon
checks the signature in constant time, that `iat` (Unix seconds) is recent and not in the future,
and — in the services, against the database — that the nonce was never used before.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

VERSION = "v1"
CLOCK_SKEW = 30  # seconds the exchange's clock may run ahead of ours
MAX_TOKEN = 2048
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,63}$")
_NONCE = re.compile(r"^[A-Za-z0-9_-]{12,64}$")


class IdentityError(Exception):
    """A token that must be refused; `code` says why (malformed, bad_signature, expired…)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class SignedIdentity:
    uid: str
    email: str
    vip: str
    name: str
    issued_at: int
    nonce: str


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret: str, signed_part: str) -> str:
    return _b64encode(hmac.new(secret.encode(), signed_part.encode("ascii"), hashlib.sha256).digest())


def sign_identity(
    secret: str, *, uid: str, email: str, vip: str = "", name: str = "", issued_at: int, nonce: str | None = None
) -> str:
    """What the exchange's backend does (docs/chat.md shows the same in a few lines)."""
    payload: dict[str, Any] = {
        "uid": uid,
        "email": email,
        "vip": vip,
        "iat": issued_at,
        "nonce": nonce or secrets.token_urlsafe(16),
    }
    if name:
        payload["name"] = name
    body = _b64encode(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode())
    signed_part = f"{VERSION}.{body}"
    return f"{signed_part}.{_signature(secret, signed_part)}"


def verify_identity(token: str, secret: str, *, now: int, max_age: int) -> SignedIdentity:
    """The identity in `token`, or IdentityError. Does not check for replay (see services)."""
    if not secret:
        raise IdentityError("not_configured")
    if not isinstance(token, str) or len(token) > MAX_TOKEN or token.count(".") != 2:
        raise IdentityError("malformed")
    version, body, signature = token.split(".")
    if version != VERSION:
        raise IdentityError("malformed")
    if not hmac.compare_digest(signature.encode(), _signature(secret, f"{version}.{body}").encode()):
        raise IdentityError("bad_signature")
    try:
        payload = json.loads(_b64decode(body))
    except (ValueError, binascii.Error):
        raise IdentityError("malformed") from None
    if not isinstance(payload, dict):
        raise IdentityError("malformed")
    uid, email, vip, name = (payload.get(key, "") for key in ("uid", "email", "vip", "name"))
    issued_at, nonce = payload.get("iat"), payload.get("nonce")
    if not (isinstance(uid, str | int) and str(uid) and len(str(uid)) <= 64):
        raise IdentityError("malformed")
    if not (isinstance(email, str) and _EMAIL.match(email)):
        raise IdentityError("malformed")
    if not (isinstance(vip, str) and len(vip) <= 32 and isinstance(name, str)):
        raise IdentityError("malformed")
    if not (isinstance(nonce, str) and _NONCE.match(nonce)):
        raise IdentityError("malformed")
    if not isinstance(issued_at, int) or isinstance(issued_at, bool):
        raise IdentityError("malformed")
    if issued_at > now + CLOCK_SKEW:
        raise IdentityError("not_yet_valid")
    if now - issued_at > max_age:
        raise IdentityError("expired")
    return SignedIdentity(
        uid=str(uid),
        email=email.strip().lower(),
        vip=vip.strip(),
        name=name.strip()[:80],
        issued_at=issued_at,
        nonce=nonce,
    )
