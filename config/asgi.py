"""ASGI entry point: HTTP through Django, websockets through Channels (uvicorn serves both)."""

from __future__ import annotations

import os
import threading

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django
from channels.auth import AuthMiddlewareStack
from channels.routing import ProtocolTypeRouter, URLRouter
from django.apps import apps
from django.conf import settings

django.setup(set_prefix=False)

from beacon.chat.origin import ChatOriginValidator  # noqa: E402
from beacon.core.asgi import ThreadPoolHandler  # noqa: E402
from config.routing import websocket_urlpatterns  # noqa: E402

# Views are synchronous: each request runs them in one hop to a pool of long-lived threads.
django_application = ThreadPoolHandler(threads=settings.BEACON_HTTP_THREADS)
application = ProtocolTypeRouter(
    {
        "http": django_application,
        # Beacon's own hosts only, except the chat widget, which the exchange's sites may embed.
        "websocket": ChatOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)


def warm_up() -> None:
    """Load what the first request would otherwise wait for (apps with a `warm_up()` method: the
    Chinese segmenter, the sentence encoder). Runs beside the server, so it starts at once; a request
    that arrives meanwhile waits for the same lock instead of loading twice."""
    for config in apps.get_app_configs():
        if hasattr(config, "warm_up"):
            config.warm_up()


if os.environ.get("BEACON_WARM_UP", "1") == "1":
    threading.Thread(target=warm_up, name="beacon-warm-up", daemon=True).start()
