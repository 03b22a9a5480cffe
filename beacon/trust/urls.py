from __future__ import annotations

from django.urls import path

from beacon.trust.views import account, agent, public

urlpatterns = [
    path("verify/", public.verify, name="verify"),
    path("verify/report/", public.report, name="report"),
    path("agent/security/", agent.events, name="events"),
    path("account/anti-phishing/", account.anti_phishing_code, name="anti_phishing"),
]
