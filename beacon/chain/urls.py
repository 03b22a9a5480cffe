from __future__ import annotations

from django.urls import path

from beacon.chain.views import agent, portal

urlpatterns = [
    path("", portal.check, name="check"),
    path("checks/<int:check_id>/", portal.result, name="result"),
    path("checks/<int:check_id>/request/", portal.open_ticket, name="open_ticket"),
    path("freeze/", portal.freeze, name="freeze"),
    path("freeze/<int:freeze_id>/", portal.freeze_status, name="freeze_status"),
    path("agent/tickets/<int:ticket_id>/recheck/", agent.recheck, name="recheck"),
]
