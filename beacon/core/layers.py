"""The channel layer of a single server process (no REDIS_URL): channels' in-memory layer, swept
for expired messages and memberships at most once a second instead of on every send and receive."""

from __future__ import annotations

import time

from channels.layers import InMemoryChannelLayer


class SweptInMemoryChannelLayer(InMemoryChannelLayer):
    """Channels' layer walks every channel and every group on each group_send and receive to drop
    expired messages (after 60 s) and memberships (after a day). With 2,000 open chat widgets —
    2,000 groups — that walk was half the CPU of the embedded chat: a line is several sends and
    receives. Once a second drops them as surely; a message may outlive its expiry by that second.
    """

    sweep_every = 1.0  # seconds
    _swept_at = float("-inf")

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._swept_at >= self.sweep_every:
            self._swept_at = now
            super()._clean_expired()
