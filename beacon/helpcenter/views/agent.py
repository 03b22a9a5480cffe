"""Staff pages for the knowledge base: list, write, review and publish, history, images."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beacon.accounts.models import User
from beacon.core.errors import DomainError, ValidationFailed
from beacon.core.http import HtmxHttpRequest
from beacon.core.uploads import UploadRejected, prepare_uploaded_files
from beacon.helpcenter import selectors
from beacon.helpcenter.diff import diff_lines
from beacon.helpcenter.enums import TRANSITIONS, ArticleStatus
from beacon.helpcenter.forms import ArticleFilterForm, ArticleForm, ImageUploadForm, NewArticleForm
from beacon.helpcenter.models import Article
from beacon.helpcenter.services import articles as services
from beacon.tickets.selectors import paginate

staff_required = user_passes_test(lambda u: u.is_authenticated and u.is_staff_member)


def _page_number(request: HtmxHttpRequest) -> int:
    try:
        return int(request.GET.get("page", "1"))
    except ValueError:
        return 1


@login_required
@staff_required
def article_list(request: HtmxHttpRequest) -> HttpResponse:
    form = ArticleFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    articles = selectors.staff_articles(
        status=data.get("status") or "",
        language=data.get("language") or "",
        kind=data.get("kind") or "",
        q=(data.get("q") or "").strip(),
    )
    page = paginate(articles, _page_number(request), per_page=30)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "section": "articles"}
    template = "helpcenter/manage/articles.html"
    if request.htmx and not request.htmx.boosted:
        template += "#article-table"
    return render(request, template, context)


@login_required
@staff_required
def article_new(request: HtmxHttpRequest) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    original = (
        selectors.access_article(actor, request.GET["translation_of"]) if "translation_of" in request.GET else None
    )
    initial: dict[str, Any] = {"language": "en", "kind": "article", "position": 100}
    if original is not None:
        initial.update(
            language=selectors.other_language(original.language),
            kind=original.kind,
            category=original.category.slug,
            slug=original.slug,
            position=original.position,
        )
    form = NewArticleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = services.create_article(
                actor,
                language=data["language"],
                category=data["category"],
                title=data["title"],
                body=data["body"],
                kind=data["kind"],
                phrasings=data["phrasings"],
                slug=data["slug"],
                translation_of=original,
                position=data["position"],
            )
        except ValidationFailed as exc:
            form.add_domain_errors(exc)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("helpcenter:manage_article", article_id=article.pk)
    context = {"form": form, "original": original, "section": "articles", "upload_form": ImageUploadForm()}
    return render(request, "helpcenter/manage/article_form.html", context)


def _edit_context(actor: User, article: Article, form: ArticleForm) -> dict[str, Any]:
    allowed = sorted(TRANSITIONS[ArticleStatus(article.status)])
    return {
        "article": article,
        "form": form,
        "section": "articles",
        "upload_form": ImageUploadForm(),
        "transitions": [ArticleStatus(s) for s in allowed],
        "translations": selectors.translations(article, published_only=False),
        "missing_language": not any(
            t.language == selectors.other_language(article.language)
            for t in selectors.translations(article, published_only=False)
        ),
    }


@login_required
@staff_required
def article_edit(request: HtmxHttpRequest, article_id: int) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    article = selectors.access_article(actor, article_id)
    initial = {
        "title": article.title,
        "kind": article.kind,
        "category": article.category.slug,
        "slug": article.slug,
        "body": article.body,
        "phrasings": "\n".join(article.phrasings or []),
        "position": article.position,
    }
    form = ArticleForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_article(
                    actor,
                    article,
                    title=data["title"],
                    body=data["body"],
                    phrasings=data["phrasings"],
                    category=data["category"],
                    kind=data["kind"],
                    slug=data["slug"] or None,
                    position=data["position"],
                    note=data["note"],
                )
            except ValidationFailed as exc:
                form.add_domain_errors(exc)
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("Saved."))
                return redirect("helpcenter:manage_article", article_id=article.pk)
        status = 400
    return render(request, "helpcenter/manage/article_form.html", _edit_context(actor, article, form), status=status)


@login_required
@staff_required
@require_POST
def article_status(request: HtmxHttpRequest, article_id: int) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    article = selectors.access_article(actor, article_id)
    try:
        article = services.change_article_status(actor, article, request.POST.get("status", ""))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The article is now %(status)s.") % {"status": ArticleStatus(article.status).label})
    return redirect("helpcenter:manage_article", article_id=article.pk)


@login_required
@staff_required
def article_versions(request: HtmxHttpRequest, article_id: int) -> HttpResponse:
    article = selectors.access_article(request.user, article_id)  # type: ignore[arg-type]
    history = list(selectors.versions(article))
    new = selectors.access_version(article, request.GET.get("b", article.version))
    default_old = new.number - 1 if new.number > 1 else new.number
    old = selectors.access_version(article, request.GET.get("a", default_old))
    context = {
        "article": article,
        "history": history,
        "old": old,
        "new": new,
        "title_changed": old.title != new.title,
        "phrasings_changed": old.phrasings != new.phrasings,
        "diff": diff_lines(old.body, new.body),
        "section": "articles",
    }
    return render(request, "helpcenter/manage/versions.html", context)


@login_required
@staff_required
@require_POST
def restore(request: HtmxHttpRequest, article_id: int, number: int) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    article = selectors.access_article(actor, article_id)
    version = selectors.access_version(article, number)
    try:
        article = services.restore_version(actor, article, version)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Version %(n)d is the current content again.") % {"n": version.number})
    return redirect("helpcenter:manage_versions", article_id=article.pk)


@login_required
@staff_required
@require_POST
def upload_image(request: HtmxHttpRequest) -> HttpResponse:
    """Store an image and answer with the Markdown that shows it (the editor inserts it)."""
    files = request.FILES.getlist("image")
    try:
        uploads = prepare_uploaded_files(files[:1])
        if not uploads:
            raise UploadRejected(_("Choose an image first."))
        image = services.upload_image(request.user, uploads[0])  # type: ignore[arg-type]
    except DomainError as exc:
        return JsonResponse({"error": str(exc.message)}, status=400)
    alt = image.name.rpartition(".")[0].replace("]", "")
    return JsonResponse({"url": image.get_absolute_url(), "markdown": f"![{alt}]({image.get_absolute_url()})"})
