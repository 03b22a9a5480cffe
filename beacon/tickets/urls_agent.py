from __future__ import annotations

from django.urls import path

from beacon.tickets.views import agent

urlpatterns = [
    path("", agent.queue, name="queue"),
    path("queue/<slug:name>/", agent.queue, name="queue_named"),
    path("tickets/<int:ticket_id>/", agent.ticket_page, name="ticket"),
    path("tickets/<int:ticket_id>/reply/", agent.reply, name="reply"),
    path("tickets/<int:ticket_id>/properties/", agent.update_properties, name="properties"),
]
