from __future__ import annotations

from django.urls import path

from beacon.analytics.consumers import WallConsumer
from beacon.chat.routing import websocket_urlpatterns as chat_websocket_urlpatterns
from beacon.tickets.consumers import TicketEventsConsumer

websocket_urlpatterns = [
    path("ws/events/", TicketEventsConsumer.as_asgi()),
    path("ws/analytics/wall/", WallConsumer.as_asgi()),
    *chat_websocket_urlpatterns,
]
