from __future__ import annotations

from django.urls import path

from beacon.mail import views

urlpatterns = [
    path("tickets/<int:ticket_id>/log/", views.ticket_log, name="ticket_log"),
    path("outbound/<int:mail_id>/retry/", views.retry, name="retry"),
    path("messages/<int:message_id>/html/", views.message_html, name="message_html"),
]
