"""Staff pages for announcements, search synonyms, search analytics and import/export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beacon.accounts.models import User
from beacon.core.errors import DomainError, NotFound, ValidationFailed
from beacon.core.http import HtmxHttpRequest
from beacon.core.search import services as search_services
from beacon.core.search.models import SynonymGroup
from beacon.helpcenter import selectors, transfer
from beacon.helpcenter.forms import AnnouncementForm, ImportForm, SynonymForm
from beacon.helpcenter.models import Announcement
from beacon.helpcenter.services import announcements as services
from beacon.helpcenter.services.transfer import import_bundle
from beacon.tickets.selectors import paginate

staff_required = user_passes_test(lambda u: u.is_authenticated and u.is_staff_member)


@login_required
@staff_required
def announcement_list(request: HtmxHttpRequest) -> HttpResponse:
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    page = paginate(Announcement.objects.order_by("-starts_at", "-id"), number, per_page=30)
    return render(request, "helpcenter/manage/announcements.html", {"page": page, "section": "announcements"})


def _announcement_initial(item: Announcement | None) -> dict[str, Any]:
    if item is None:
        return {"starts_at": timezone.localtime().replace(second=0, microsecond=0), "is_published": True}
    return {
        "kind": item.kind,
        "title_en": item.title_en,
        "title_zh": item.title_zh,
        "body_en": item.body_en,
        "body_zh": item.body_zh,
        "starts_at": timezone.localtime(item.starts_at),
        "ends_at": timezone.localtime(item.ends_at) if item.ends_at else None,
        "affected": ", ".join(item.affected or []),
        "pinned": item.pinned,
        "is_published": item.is_published,
    }


@login_required
@staff_required
def announcement_edit(request: HtmxHttpRequest, announcement_id: int | None = None) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    item = selectors.access_announcement_by_id(actor, announcement_id) if announcement_id else None
    form = AnnouncementForm(request.POST or None, initial=_announcement_initial(item))
    if request.method == "POST" and form.is_valid():
        try:
            item = services.save_announcement(actor, item, **form.cleaned_data)
        except ValidationFailed as exc:
            form.add_domain_errors(exc)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Announcement saved."))
            return redirect("helpcenter:manage_announcement", announcement_id=item.pk)
    context = {"form": form, "announcement": item, "section": "announcements"}
    return render(request, "helpcenter/manage/announcement_form.html", context, status=400 if form.errors else 200)


@login_required
@staff_required
@require_POST
def announcement_end(request: HtmxHttpRequest, announcement_id: int) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    item = selectors.access_announcement_by_id(actor, announcement_id)
    try:
        services.end_announcement(actor, item)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Marked as over: the banner is gone."))
    return redirect("helpcenter:manage_announcement", announcement_id=item.pk)


@login_required
@staff_required
def synonyms(request: HtmxHttpRequest) -> HttpResponse:
    """List the synonym groups; supervisors add, change and delete them on the same page."""
    actor: User = request.user  # type: ignore[assignment]
    form = SynonymForm(request.POST or None)
    if request.method == "POST":
        group = _synonym_group(request.POST.get("group", ""))
        try:
            if request.POST.get("delete") and group is not None:
                search_services.delete_synonym_group(actor, group)
                messages.success(request, _("Synonym group deleted."))
                return redirect("helpcenter:manage_synonyms")
            if form.is_valid():
                search_services.save_synonym_group(actor, group, form.cleaned_data["terms"], form.cleaned_data["note"])
                messages.success(request, _("Synonyms saved: searches use them from now on."))
                return redirect("helpcenter:manage_synonyms")
        except ValidationFailed as exc:
            form.add_domain_errors(exc)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
    context = {"form": form, "groups": SynonymGroup.objects.select_related("updated_by"), "section": "synonyms"}
    return render(request, "helpcenter/manage/synonyms.html", context, status=400 if form.errors else 200)


def _synonym_group(value: str) -> SynonymGroup | None:
    if not value:
        return None
    group = SynonymGroup.objects.filter(pk=int(value) if value.isdigit() else 0).first()
    if group is None:
        raise NotFound(_("No such synonym group."))
    return group


@login_required
@staff_required
def insights(request: HtmxHttpRequest) -> HttpResponse:
    deflected, deflected_articles = selectors.deflection_stats()
    context = {
        "top": selectors.top_queries(),
        "empty": selectors.top_queries(no_results=True),
        "deflected": deflected,
        "deflected_articles": deflected_articles,
        "unhelpful": selectors.least_helpful(),
        "section": "insights",
    }
    return render(request, "helpcenter/manage/insights.html", context)


@login_required
@staff_required
def transfer_page(request: HtmxHttpRequest) -> HttpResponse:
    """Download everything as JSON or CSV; supervisors upload a file to import."""
    fmt = request.GET.get("download", "")
    if fmt in {"json", "csv"}:
        bundle = selectors.export_bundle()
        content = transfer.to_json(bundle) if fmt == "json" else transfer.to_csv(bundle)
        response = HttpResponse(content, content_type="application/json" if fmt == "json" else "text/csv")
        response["Content-Disposition"] = f'attachment; filename="helpcenter.{fmt}"'
        return response
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        fmt = "csv" if (upload.name or "").lower().endswith(".csv") else "json"
        try:
            report = import_bundle(request.user, transfer.parse(upload.read(), fmt))  # type: ignore[arg-type]
        except ValidationFailed as exc:
            for name, errors in exc.errors.items():
                form.add_error(None, f"{name}: {' '.join(errors)}")
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(
                request,
                _("Imported: %(created)d new, %(updated)d changed, %(unchanged)d unchanged.")
                % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
            )
            return redirect("helpcenter:manage_transfer")
    return render(request, "helpcenter/manage/transfer.html", {"form": form, "section": "transfer"})
