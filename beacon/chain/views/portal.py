"""Customer portal: the deposit / withdrawal checker, the pre-filled request it leads to, and the
emergency freeze."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from beacon.accounts.models import User
from beacon.chain import selectors, services
from beacon.chain.forms import CheckForm, FreezeConfirmForm
from beacon.chain.freeze import freeze_category, request_account_freeze
from beacon.chain.models import CheckKind, TxCheck
from beacon.chain.notes import network_name, transfer_rows
from beacon.core.errors import DomainError, PermissionDenied, ValidationFailed
from beacon.core.http import HtmxHttpRequest
from beacon.core.uploads import UploadRejected, prepare_uploaded_files
from beacon.tickets.forms import TicketForm
from beacon.tickets.selectors import access_category


def _customer(request: HtmxHttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if user.is_staff_member:
        raise PermissionDenied(_("The checker is for customers; agents see the facts on each ticket."))
    return user


@login_required
def check(request: HtmxHttpRequest) -> HttpResponse:
    customer = _customer(request)
    form = CheckForm(request.POST or None, initial=request.GET or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.run_check(customer, form.cleaned_data)
        except ValidationFailed as exc:
            form.add_domain_errors(exc)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            if request.htmx:
                return render(request, "chain/portal/result.html#result", _result_context(result))
            return redirect("chain:result", check_id=result.pk)
    if request.htmx:
        # htmx does not swap 4xx answers: send the form with its errors back in place of the form.
        response = render(request, "chain/portal/check.html#check-form", {"form": form})
        response["HX-Retarget"] = "#check-form"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "chain/portal/check.html", {"form": form}, status=400 if form.errors else 200)


def _result_context(result: TxCheck) -> dict[str, object]:
    return {
        "check": result,
        "text": result.text,
        "transfers": transfer_rows(result),
        "network_name": network_name(result.network),
        "found_network_name": network_name(result.found_network),
    }


@login_required
@require_GET
def result(request: HtmxHttpRequest, check_id: int) -> HttpResponse:
    found = selectors.access_tx_check(request.user, check_id)  # type: ignore[arg-type]
    return render(request, "chain/portal/result.html", _result_context(found))


@login_required
def open_ticket(request: HtmxHttpRequest, check_id: int) -> HttpResponse:
    customer = _customer(request)
    found = selectors.access_tx_check(customer, check_id)
    if found.ticket_id is not None:
        return redirect("portal:detail", ticket_id=found.ticket_id)
    if not found.offers_ticket:
        messages.info(request, _("This result is explained; no request is needed."))
        return redirect("chain:result", check_id=found.pk)
    category = access_category(services.CATEGORY_FOR_KIND[CheckKind(found.kind)])
    prefill = services.ticket_prefill(found, [spec["name"] for spec in category.fields])
    initial = {f"f_{name}": value for name, value in prefill.items()}
    initial["subject"] = _("%(kind)s not resolved: %(network)s transaction") % {
        "kind": found.get_kind_display(),
        "network": network_name(prefill.get("network", "")),
    }
    initial["body"] = _("The transaction checker said: %(title)s. %(explanation)s") % found.text
    form = TicketForm(category, request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            uploads = prepare_uploaded_files(form.cleaned_data["attachments"])
            ctx = services.open_ticket_from_check(
                customer,
                found,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                fields=form.category_values(),
                attachments=uploads,
            )
        except UploadRejected as exc:
            form.add_error("attachments", str(exc.message))
        except ValidationFailed as exc:
            form.add_domain_errors(exc)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Your request %(ref)s has been received.") % {"ref": ctx.ticket.reference})
            for warning in ctx.warnings:
                messages.warning(request, warning)
            return redirect("portal:detail", ticket_id=ctx.ticket.pk)
    context = {"form": form, "category": category, **_result_context(found)}
    return render(request, "chain/portal/open_ticket.html", context, status=400 if form.errors else 200)


@login_required
def freeze(request: HtmxHttpRequest) -> HttpResponse:
    customer = _customer(request)
    category = access_category(freeze_category())
    initial = {"subject": _("Emergency: please freeze my account")}
    form = TicketForm(category, request.POST or None, request.FILES or None, initial=initial)
    confirm = FreezeConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and confirm.is_valid():
        try:
            uploads = prepare_uploaded_files(form.cleaned_data["attachments"])
            freeze_request = request_account_freeze(
                customer,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                fields=form.category_values(),
                attachments=uploads,
            )
        except UploadRejected as exc:
            form.add_error("attachments", str(exc.message))
        except ValidationFailed as exc:
            form.add_domain_errors(exc)
        else:
            return redirect("chain:freeze_status", freeze_id=freeze_request.pk)
    status = 400 if form.errors or confirm.errors else 200
    return render(request, "chain/portal/freeze.html", {"form": form, "confirm": confirm}, status=status)


@login_required
@require_GET
def freeze_status(request: HtmxHttpRequest, freeze_id: int) -> HttpResponse:
    freeze_request = selectors.access_freeze_request(request.user, freeze_id)  # type: ignore[arg-type]
    template = "chain/portal/freeze_status.html#status" if request.htmx else "chain/portal/freeze_status.html"
    return render(request, template, {"freeze": freeze_request})
