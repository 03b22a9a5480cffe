"""The public help center: home, categories, articles, FAQ, search and announcements.

Pages live under /help/<lang>/: the language of the content is in the address, so links can be
shared and crawled, and each page marks its content with the right `lang`.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from beacon.core.http import HtmxHttpRequest
from beacon.helpcenter import selectors
from beacon.helpcenter.enums import SEARCH_KINDS, AnnouncementKind
from beacon.helpcenter.forms import SearchForm
from beacon.helpcenter.models import Article
from beacon.helpcenter.services import feedback
from beacon.tickets.selectors import paginate

VIEWED_SESSION_KEY = "helpcenter_viewed"


def _context(lang: str, **extra: Any) -> dict[str, Any]:
    other = selectors.other_language(lang)
    return {"lang": lang, "other_lang": other, "other_lang_name": "English" if other == "en" else "简体中文", **extra}


def root(request: HtmxHttpRequest) -> HttpResponseRedirect:
    return redirect("helpcenter:home", lang=selectors.content_language())


def home(request: HtmxHttpRequest, lang: str) -> HttpResponse:
    context = _context(
        lang,
        nav="home",
        form=SearchForm(language=lang),
        tree=selectors.category_tree(lang),
        popular=selectors.popular_articles(lang),
        announcements=list(selectors.published_announcements()[:5]),
    )
    return render(request, "helpcenter/home.html", context)


def search(request: HtmxHttpRequest, lang: str) -> HttpResponse:
    form = SearchForm(request.GET or None, language=lang)
    data = form.cleaned_data if form.is_valid() else {}
    query = (data.get("q") or "").strip()
    hits = []
    if query:
        category = selectors.access_category(data["category"]) if data.get("category") else None
        kinds = [data["type"]] if data.get("type") else list(SEARCH_KINDS)
        hits = selectors.search(
            query, None if data.get("everywhere") else lang, kinds=kinds, category=category, limit=20
        )
        feedback.log_search(query, lang, "portal", len(hits))
    context = _context(lang, form=form, query=query, hits=hits)
    template = (
        "helpcenter/search.html#results" if request.htmx and not request.htmx.boosted else "helpcenter/search.html"
    )
    return render(request, template, context)


def category(request: HtmxHttpRequest, lang: str, slug: str) -> HttpResponse:
    node = selectors.access_category(slug)
    page = paginate(selectors.category_articles(lang, node), _page_number(request), per_page=30)
    context = _context(
        lang,
        category=node,
        trail=selectors.breadcrumbs(node),
        children=[c for c in selectors.active_categories() if c.parent_id == node.pk],
        page=page,
    )
    return render(request, "helpcenter/category.html", context)


def faq(request: HtmxHttpRequest, lang: str) -> HttpResponse:
    entries = list(selectors.faq_entries(lang))
    groups: dict[int, tuple[Any, list[Article]]] = {}
    for entry in entries:
        groups.setdefault(entry.category_id, (entry.category, []))[1].append(entry)
    return render(request, "helpcenter/faq.html", _context(lang, nav="faq", groups=list(groups.values())))


def article(request: HtmxHttpRequest, lang: str, slug: str) -> HttpResponse:
    item = selectors.access_published_article(lang, slug)
    _count_view(request, item)
    context = _context(
        lang,
        article=item,
        trail=selectors.breadcrumbs(item.category),
        translations=selectors.translations(item),
        related=selectors.related_articles(item),
        voted=request.session.get(f"helpcenter_vote_{item.pk}"),
    )
    return render(request, "helpcenter/article.html", context)


def _count_view(request: HtmxHttpRequest, item: Article) -> None:
    """One view per article per browser session: reloading does not inflate the count."""
    viewed: list[int] = request.session.get(VIEWED_SESSION_KEY, [])
    if item.pk in viewed:
        return
    feedback.record_view(item)
    request.session[VIEWED_SESSION_KEY] = [*viewed[-199:], item.pk]


@require_POST
def vote(request: HtmxHttpRequest, lang: str, slug: str) -> HttpResponse:
    item = selectors.access_published_article(lang, slug)
    helpful = request.POST.get("helpful") == "yes"
    if request.user.is_authenticated:
        voter = f"user:{request.user.pk}"
    else:
        if not request.session.session_key:
            request.session.save()
        voter = f"session:{request.session.session_key}"
    feedback.vote(item, voter, helpful)
    request.session[f"helpcenter_vote_{item.pk}"] = "yes" if helpful else "no"
    if request.htmx:
        context = _context(lang, article=item, voted="yes" if helpful else "no")
        return render(request, "helpcenter/article.html#vote", context)
    return redirect(item.get_absolute_url())


def announcements(request: HtmxHttpRequest, lang: str) -> HttpResponse:
    kind = request.GET.get("type", "")
    kind = kind if kind in AnnouncementKind.values else ""
    page = paginate(selectors.published_announcements(kind), _page_number(request), per_page=20)
    context = _context(
        lang,
        nav="announcements",
        page=page,
        kind=kind,
        kinds=AnnouncementKind.choices,
        query=f"type={kind}" if kind else "",
    )
    return render(request, "helpcenter/announcements.html", context)


def announcement(request: HtmxHttpRequest, lang: str, slug: str) -> HttpResponse:
    item = selectors.access_announcement(slug, actor=request.user)  # type: ignore[arg-type]
    return render(request, "helpcenter/announcement.html", _context(lang, announcement=item))


def image(request: HtmxHttpRequest, key: str) -> FileResponse:
    found = selectors.access_image(key)
    response = FileResponse(found.file.open("rb"), content_type=found.content_type)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _page_number(request: HtmxHttpRequest) -> int:
    try:
        return int(request.GET.get("page", "1"))
    except ValueError:
        return 1
