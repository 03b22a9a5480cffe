"""Beacon Verify: anyone can check whether a contact or an agent claiming to be official really is."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beacon.core.errors import DomainError
from beacon.core.http import HtmxHttpRequest
from beacon.core.ratelimit import client_ip, hit
from beacon.trust import selectors, services
from beacon.trust.explain import explain
from beacon.trust.forms import AgentCheckForm, ReportForm, VerifyForm


def verify(request: HtmxHttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    agent_form = AgentCheckForm(request.GET if "public_id" in request.GET else None)
    context: dict[str, object] = {"form": form, "agent_form": agent_form}
    if (form.is_bound or agent_form.is_bound) and not hit(f"verify:{client_ip(request)}", 30, 60):
        context["error"] = _("Too many checks. Wait a minute and try again.")
    elif form.is_bound and form.is_valid():
        try:
            result = selectors.verify_contact(form.cleaned_data["kind"], form.cleaned_data["value"])
        except ValueError as exc:
            form.add_error("value", str(exc))
        else:
            context.update(
                result=result,
                explanation=explain(result),
                report_form=ReportForm(initial={"kind": result.kind, "value": form.cleaned_data["value"]}),
            )
    elif agent_form.is_bound and agent_form.is_valid():
        context["agent"] = selectors.staff_by_public_id(agent_form.cleaned_data["public_id"])
        context["agent_checked"] = agent_form.cleaned_data["public_id"]
    template = "trust/verify.html#result" if request.htmx else "trust/verify.html"
    return render(request, template, context)


@require_POST
def report(request: HtmxHttpRequest) -> HttpResponse:
    form = ReportForm(request.POST)
    if not hit(f"report:{client_ip(request)}", 5, 60):
        messages.error(request, _("Too many reports from your connection. Wait a minute and try again."))
        return redirect("trust:verify")
    if form.is_valid():
        try:
            ticket = services.report_impersonation(
                reporter=request.user if request.user.is_authenticated else None,  # type: ignore[arg-type]
                email=form.cleaned_data["email"],
                kind=form.cleaned_data["kind"],
                value=form.cleaned_data["value"],
                description=form.cleaned_data["description"],
                language=request.LANGUAGE_CODE,
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request, _("Thank you. Our security team received your report as %(ref)s.") % {"ref": ticket.reference}
            )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("trust:verify")
