from __future__ import annotations

from django.urls import path

from beacon.tickets.consumers import TicketEventsConsumer

websocket_urlpatterns = [
    path("ws/events/", TicketEventsConsumer.as_asgi()),
]
