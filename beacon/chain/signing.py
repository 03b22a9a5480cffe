"""HMAC signatures between Beacon and the exchange (docs/chain.md, "Signed requests").

Both directions use the shared secret: Beacon signs each request it sends, the exchange signs each
answer. The signed text is `<unix timestamp>.<path>.<body>`, so a captured request cannot be replayed
later or against another endpoint.
"""

from __future__ import annotations

import hashlib
import hmac
import time

TOLERANCE_SECONDS = 300
TIMESTAMP_HEADER = "X-Beacon-Timestamp"
SIGNATURE_HEADER = "X-Beacon-Signature"


def sign(secret: str, timestamp: int, path: str, body: bytes) -> str:
    message = f"{timestamp}.{path}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(secret: str, timestamp: str, path: str, body: bytes, signature: str, *, now: float | None = None) -> bool:
    """True when `signature` is ours for this timestamp, path and body, and the timestamp is fresh."""
    try:
        stamp = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs((now if now is not None else time.time()) - stamp) > TOLERANCE_SECONDS:
        return False
    return hmac.compare_digest(sign(secret, stamp, path, body), signature or "")
