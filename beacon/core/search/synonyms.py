"""The synonym table as the query builder uses it: cached, rebuilt when an admin changes it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

from beacon.core import text

CACHE_KEY = "search:synonyms:v1"
CACHE_SECONDS = 3600
_SEPARATORS = re.compile(r"[,，、;；=\n|]+")

# A term as found in a query (all its words) → the other terms of its group, as indexed words
SynonymMap = dict[tuple[str, ...], frozenset[tuple[str, ...]]]


def split_terms(raw: str) -> list[str]:
    """The terms an editor typed, in order, without blanks or repeats."""
    return list(dict.fromkeys(term.strip() for term in _SEPARATORS.split(raw or "") if term.strip()))


def term_words(term: str) -> tuple[str, ...]:
    """Every word of a synonym term, stopwords included: "sign in" must not fire on any "sign"."""
    return tuple(dict.fromkeys(token.term for token in text.tokenize(term)))


def indexed_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a term that the index holds (it drops stopwords: "top up" is indexed as "top")."""
    return tuple(word for word in words if word not in text.STOPWORDS) or words


def build_map(groups: Iterable[str]) -> SynonymMap:
    result: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for raw in groups:
        terms = {words for words in (term_words(term) for term in split_terms(raw)) if words}
        for words in terms:
            result.setdefault(words, set()).update(indexed_words(other) for other in terms if other != words)
    return {words: frozenset(others) for words, others in result.items() if others}


def synonym_map() -> SynonymMap:
    cached: SynonymMap | None = cache.get(CACHE_KEY)
    if cached is None:
        from beacon.core.search.models import SynonymGroup

        cached = build_map(SynonymGroup.objects.values_list("terms", flat=True))
        cache.set(CACHE_KEY, cached, CACHE_SECONDS)
    return cached


def forget_synonyms() -> None:
    """Drop the cached map now and again after commit (a reader may have cached the old one)."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY), robust=True)
