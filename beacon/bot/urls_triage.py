from __future__ import annotations

from django.urls import path

from beacon.bot.views import triage

urlpatterns = [
    path("suggest-category/", triage.suggest_category, name="suggest_category"),
]
