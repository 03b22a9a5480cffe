from __future__ import annotations

from django.urls import path

from beacon.chat.consumers import AgentChatConsumer, CustomerChatConsumer
from beacon.chat.origin import WIDGET_PATH

websocket_urlpatterns = [
    path(WIDGET_PATH.lstrip("/"), CustomerChatConsumer.as_asgi()),
    path("ws/chat/agent/", AgentChatConsumer.as_asgi()),
]
