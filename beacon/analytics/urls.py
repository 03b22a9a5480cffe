from __future__ import annotations

from django.urls import path

from beacon.analytics import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("me/", views.mine, name="mine"),
    path("tickets/", views.drilldown, name="drilldown"),
    path("export/<slug:table>.csv", views.export, name="export"),
    path("wall/", views.wall, name="wall"),
    path("wall/data/", views.wall_data, name="wall_data"),
    path("digest/", views.digest, name="digest"),
]
