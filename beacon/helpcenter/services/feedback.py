"""What readers tell us: views, "was this helpful?", requests an article made unnecessary, and the
searches they ran. These rows are themselves the record, so only deflections (which change what
support sees) also write an audit event."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from beacon.accounts.models import User
from beacon.core import text
from beacon.core.audit import record_event
from beacon.helpcenter.models import Article, ArticleVote, Deflection, SearchLog

SEARCH_SOURCES = ("portal", "api", "bot")


def record_view(article: Article) -> None:
    """Count a view with one UPDATE (no read-modify-write race)."""
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)


@transaction.atomic
def vote(article: Article, voter: str, helpful: bool) -> ArticleVote:
    """Record or change a reader's "was this helpful?" answer. `voter` identifies the reader
    (an account or a browser session); a second vote replaces the first."""
    existing = ArticleVote.objects.select_for_update().filter(article=article, voter=voter).first()
    if existing is not None:
        if existing.helpful != helpful:
            existing.helpful = helpful
            existing.save(update_fields=["helpful"])
            shift = {"helpful_yes": F("helpful_yes") + 1, "helpful_no": F("helpful_no") - 1}
            if not helpful:
                shift = {"helpful_yes": F("helpful_yes") - 1, "helpful_no": F("helpful_no") + 1}
            Article.objects.filter(pk=article.pk).update(**shift)
        return existing
    try:
        with transaction.atomic():
            ballot = ArticleVote.objects.create(article=article, voter=voter[:80], helpful=helpful)
    except IntegrityError:  # the same reader, twice at once
        return ArticleVote.objects.get(article=article, voter=voter[:80])
    counter = "helpful_yes" if helpful else "helpful_no"
    Article.objects.filter(pk=article.pk).update(**{counter: F(counter) + 1})
    return ballot


@transaction.atomic
def record_deflection(user: User | None, article: Article, query: str) -> Deflection:
    """A customer about to open a ticket says this article solved it: no ticket is opened."""
    deflection = Deflection.objects.create(
        article=article, user=user if user is not None and user.is_authenticated else None, query=query[:300]
    )
    record_event(user, "helpcenter.request_deflected", article, {"deflection": deflection.pk, "query": query[:120]})
    return deflection


def log_search(query: str, language: str, source: str, results: int) -> None:
    """Remember a search for the analytics page. Queries that are only punctuation are not kept."""
    words = text.query_terms(query)
    if not words:
        return
    SearchLog.objects.create(
        query=" ".join(query.split())[:256],
        normalized=" ".join(words)[:256],
        language=language[:10],
        source=source if source in SEARCH_SOURCES else "portal",
        results=min(results, 1000),
    )
