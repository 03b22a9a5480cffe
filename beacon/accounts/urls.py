from __future__ import annotations

from django.urls import path

from beacon.accounts import views

urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
]
