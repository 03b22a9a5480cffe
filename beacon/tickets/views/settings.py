"""Supervisor settings: priority rules, SLA policies, business calendars and macros.

One list page and one edit page per kind; the forms only shape input, the services validate (rules
that never match or conflict, overlapping shifts, malformed holidays…) and their errors are shown
next to the fields they concern."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from beacon.accounts.models import User
from beacon.core.errors import DomainError, ValidationFailed
from beacon.core.http import HtmxHttpRequest
from beacon.tickets.enums import Priority
from beacon.tickets.macros import selectors as macro_selectors
from beacon.tickets.macros import services as macro_services
from beacon.tickets.macros.forms import MacroForm
from beacon.tickets.rules import selectors as rule_selectors
from beacon.tickets.rules import services as rule_services
from beacon.tickets.rules.forms import RuleForm
from beacon.tickets.sla import selectors as sla_selectors
from beacon.tickets.sla import services as sla_services
from beacon.tickets.sla.calendar import format_shifts
from beacon.tickets.sla.forms import CalendarForm, PolicyForm

supervisor_required = user_passes_test(lambda u: u.is_authenticated and u.is_supervisor)


@dataclass(frozen=True)
class Kind:
    title: Any
    form: type[forms.Form]
    rows: Callable[[], Any]
    access: Callable[[User, int], Any]
    save: Callable[[User, Any, Any], Any]
    delete: Callable[[User, Any], None]
    summary: Callable[[Any], list[str]]


def _rule_summary(rule: Any) -> list[str]:
    when = [", ".join(c.slug for c in rule.categories.all())] if rule.categories.all() else []
    when += [", ".join(rule.channels)] if rule.channels else []
    when += [f"VIP ≥ {rule.min_vip_level}"] if rule.min_vip_level else []
    when += [" / ".join(rule.words)] if rule.words else []
    when += [" ∧ ".join(" ".join(c) for c in rule.field_conditions)] if rule.field_conditions else []
    then = [str(Priority(rule.priority).label)] if rule.priority else []
    then += [rule.team.name] if rule.team else []
    state = "" if rule.is_active else str(_("inactive"))
    return [str(rule.position), " · ".join(when), " → ".join([" + ".join(then)]), state]


def _policy_summary(policy: Any) -> list[str]:
    scope = [policy.category.name] if policy.category else []
    scope += [f"VIP ≥ {policy.min_vip_level}"] if policy.min_vip_level else []
    targets = [
        _("first %(n)d min") % {"n": policy.first_response_minutes},
        *([_("next %(n)d min") % {"n": policy.next_response_minutes}] if policy.next_response_minutes else []),
        *([_("resolve %(n)d min") % {"n": policy.resolution_minutes}] if policy.resolution_minutes else []),
    ]
    calendar = "24/7" if policy.priority == Priority.P1 or policy.calendar is None else policy.calendar.name
    return [str(Priority(policy.priority).label), " · ".join(scope) or str(_("all")), ", ".join(targets), calendar]


def _calendar_summary(calendar: Any) -> list[str]:
    hours = "24/7" if calendar.always_open else format_shifts(calendar.shifts).replace("\n", " · ")
    return [calendar.time_zone, hours, _("%(n)d holiday entries") % {"n": len(calendar.holidays)}]


def _macro_summary(macro: Any) -> list[str]:
    return [macro.body_en[:60], macro.body_zh[:30], _("used %(n)d times") % {"n": macro.usage_count}]


KINDS: dict[str, Kind] = {
    "rules": Kind(
        gettext_lazy("Priority rules"),
        RuleForm,
        rule_selectors.rules_for_editor,
        rule_selectors.access_rule,
        lambda actor, data, obj: rule_services.save_rule(actor, data, obj),
        rule_services.delete_rule,
        _rule_summary,
    ),
    "policies": Kind(
        gettext_lazy("SLA policies"),
        PolicyForm,
        sla_selectors.all_policies,
        sla_selectors.access_policy,
        lambda actor, data, obj: sla_services.save_policy(actor, data, obj),
        sla_services.delete_policy,
        _policy_summary,
    ),
    "calendars": Kind(
        gettext_lazy("Business calendars"),
        CalendarForm,
        sla_selectors.all_calendars,
        sla_selectors.access_calendar,
        lambda actor, data, obj: sla_services.save_calendar(actor, data, obj),
        sla_services.delete_calendar,
        _calendar_summary,
    ),
    "macros": Kind(
        gettext_lazy("Macros"),
        MacroForm,
        macro_selectors.all_macros,
        lambda actor, pk: macro_selectors.access_macro(actor, pk, editing=True),
        lambda actor, data, obj: macro_services.save_macro(actor, data, obj),
        macro_services.delete_macro,
        _macro_summary,
    ),
}


def _kind(name: str) -> Kind:
    if name not in KINDS:
        raise Http404
    return KINDS[name]


@login_required
@supervisor_required
def settings_list(request: HtmxHttpRequest, kind: str) -> HttpResponse:
    spec = _kind(kind)
    rows = [(obj, spec.summary(obj)) for obj in spec.rows()]
    return render(request, "tickets/settings/list.html", {"kind": kind, "spec": spec, "rows": rows, "kinds": KINDS})


@login_required
@supervisor_required
def settings_edit(request: HtmxHttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    spec = _kind(kind)
    obj = spec.access(actor, pk) if pk is not None else None
    initial = spec.form.initial_for(obj) if obj is not None else None  # type: ignore[attr-defined]
    form = spec.form(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.to_input()  # type: ignore[attr-defined]
            try:
                if data is not None:
                    spec.save(actor, data, obj)
            except ValidationFailed as exc:
                for name, errors in exc.errors.items():
                    for error in errors:
                        form.add_error(name if name in form.fields else None, error)
            if data is not None and not form.errors:
                messages.success(request, _("Saved."))
                return redirect("agent:settings", kind)
        status = 400
    context = {"kind": kind, "spec": spec, "form": form, "obj": obj, "kinds": KINDS}
    return render(request, "tickets/settings/edit.html", context, status=status)


@login_required
@supervisor_required
@require_POST
def settings_delete(request: HtmxHttpRequest, kind: str, pk: int) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    spec = _kind(kind)
    try:
        spec.delete(actor, spec.access(actor, pk))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Deleted."))
    return redirect("agent:settings", kind)
