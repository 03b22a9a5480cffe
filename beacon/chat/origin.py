"""Which pages may open chat websockets.

The customer chat (/ws/chat/) may be opened from Beacon's own pages and from the exchange's sites
listed in BEACON_CHAT_ALLOWED_ORIGINS (the embedded widget); every other websocket only from
Beacon's own hosts. A browser session is trusted only on Beacon's own pages: from the exchange's
site the widget proves who the customer is with the exchange's signature.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from channels.security.websocket import AllowedHostsOriginValidator, OriginValidator
from django.conf import settings

from beacon.chat import conf

WIDGET_PATH = "/ws/chat/"


def _site_hosts() -> list[str]:
    hosts = list(settings.ALLOWED_HOSTS)
    if settings.DEBUG and not hosts:
        hosts = ["localhost", "127.0.0.1", "[::1]"]
    return hosts


def _origin(scope: dict[str, Any]) -> Any:
    for name, value in scope.get("headers", []):
        if name == b"origin":
            try:
                return urlparse(value.decode("latin1"))
            except (UnicodeDecodeError, ValueError):
                return None
    return None


def is_site_origin(scope: dict[str, Any]) -> bool:
    """True when the socket was opened by one of Beacon's own pages."""
    return bool(OriginValidator(None, _site_hosts()).valid_origin(_origin(scope)))


class ChatOriginValidator:
    """Wraps the websocket application: the widget path also accepts the exchange's origins."""

    def __init__(self, application: Any) -> None:
        self.site = AllowedHostsOriginValidator(application)
        self.widget = OriginValidator(application, [*_site_hosts(), *conf.allowed_origins()])

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope.get("type") == "websocket" and scope.get("path") == WIDGET_PATH:
            return await self.widget(scope, receive, send)
        return await self.site(scope, receive, send)
