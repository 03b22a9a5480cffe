from __future__ import annotations

from django.urls import path

from beacon.tickets.views import portal

urlpatterns = [
    path("new/", portal.new_ticket, name="new"),
    path("new/<slug:slug>/", portal.new_ticket, name="new_in_category"),
    path("<int:ticket_id>/", portal.ticket_detail, name="detail"),
    path("<int:ticket_id>/status/", portal.set_status, name="set_status"),
]
