from __future__ import annotations

from django.urls import path

from beacon.social.views import supervisor, webhooks

urlpatterns = [
    path("telegram/webhook/", webhooks.telegram_webhook, name="telegram_webhook"),
    path("mentions/webhook/", webhooks.mentions_webhook, name="mentions_webhook"),
    path("mentions/", supervisor.mention_list, name="mentions"),
    path(
        "mentions/<int:mention_id>/<str:action>/",
        supervisor.mention_action,
        name="mention_action",
    ),
]
