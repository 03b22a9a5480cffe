from __future__ import annotations

from django.urls import path

from beacon.chat.views import agent

urlpatterns = [
    path("", agent.console, name="console"),
    path("supervisor/", agent.supervisor, name="supervisor"),
    path("<str:public_id>/context/", agent.customer_context, name="context"),
]
