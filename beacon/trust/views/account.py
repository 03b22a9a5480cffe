"""The customer's anti-phishing code: set only after re-entering the password."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from beacon.accounts.services import set_anti_phishing_code
from beacon.core.http import HtmxHttpRequest
from beacon.trust.forms import AntiPhishingForm


@login_required
@reauthentication_required
def anti_phishing_code(request: HtmxHttpRequest) -> HttpResponse:
    form = AntiPhishingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        set_anti_phishing_code(request.user, form.cleaned_data["code"])  # type: ignore[arg-type]
        messages.success(request, _("Anti-phishing code saved. Look for it in every e-mail from us."))
        return redirect("account:preferences")
    return render(request, "trust/anti_phishing.html", {"form": form})
