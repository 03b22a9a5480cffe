from __future__ import annotations

from django.urls import path

from beacon.mail import views

urlpatterns = [
    path("outbound/<int:mail_id>/retry/", views.retry, name="retry"),
]
