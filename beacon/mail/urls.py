from __future__ import annotations

from django.urls import path

from beacon.mail import views

urlpatterns = [
    path("tickets/<int:ticket_id>/log/", views.ticket_log, name="ticket_log"),
    path("outbound/<int:mail_id>/retry/", views.retry, name="retry"),
]
