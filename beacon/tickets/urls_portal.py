from __future__ import annotations

from django.urls import path

from beacon.tickets.views import csat, portal

urlpatterns = [
    path("new/", portal.new_ticket, name="new"),
    path("new/<slug:slug>/", portal.new_ticket, name="new_in_category"),
    path("<int:ticket_id>/", portal.ticket_detail, name="detail"),
    path("<int:ticket_id>/status/", portal.set_status, name="set_status"),
    path("<int:ticket_id>/rating/", csat.rate, name="rate"),
    path("rate/<str:token>/", csat.rate_link, name="rate_link"),
]
