from __future__ import annotations

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from beacon.accounts import views as account_views
from beacon.helpcenter.sitemaps import SITEMAPS as HELP_SITEMAPS
from beacon.tickets.views import portal
from config.api import api

urlpatterns = [
    path("", portal.home, name="home"),
    path("tickets/", include(("beacon.tickets.urls_portal", "portal"))),
    path("chain/", include(("beacon.chain.urls", "chain"))),
    path("agent/", include(("beacon.tickets.urls_agent", "agent"))),
    path("attachments/<int:attachment_id>/", portal.download_attachment, name="attachment"),
    path("account/", include(("beacon.accounts.urls", "account"))),
    path("", include(("beacon.trust.urls", "trust"))),
    path("i18n/language/", account_views.switch_language, name="switch_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("healthz", account_views.healthz, name="healthz"),
    path("mail/", include(("beacon.mail.urls", "mail"))),
    path("help/", include(("beacon.helpcenter.urls", "helpcenter"))),
    path("sitemap.xml", sitemap, {"sitemaps": HELP_SITEMAPS}, name="sitemap"),
    path("community/", include(("beacon.forum.urls", "forum"))),
    path("social/", include(("beacon.social.urls", "social"))),
    path("chat/", include(("beacon.chat.urls", "chat"))),
    path("agent/chat/", include(("beacon.chat.urls_agent", "chat_agent"))),
    path("agent/analytics/", include(("beacon.analytics.urls", "analytics"))),
    path("triage/", include(("beacon.bot.urls_triage", "triage"))),
]
