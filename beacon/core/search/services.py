"""Writes to the synonym table. Each change is audited; the cached map is dropped at once."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.core.audit import record_event
from beacon.core.errors import PermissionDenied, ValidationFailed
from beacon.core.search.models import SynonymGroup
from beacon.core.search.synonyms import forget_synonyms, split_terms, term_words


def _require_editor(actor: User | None) -> None:
    if actor is not None and not actor.is_supervisor:
        raise PermissionDenied(_("Only supervisors and administrators can change search synonyms."))


def clean_terms(raw: str) -> str:
    terms = split_terms(raw)
    if len(terms) < 2:
        raise ValidationFailed({"terms": [_("List at least two terms that mean the same, separated by commas.")]})
    if any(not term_words(term) for term in terms):
        raise ValidationFailed({"terms": [_("Every term needs at least one letter, digit or Chinese character.")]})
    if len(", ".join(terms)) > 1000:
        raise ValidationFailed({"terms": [_("Keep a group under 1,000 characters; split it into several.")]})
    return ", ".join(terms)


@transaction.atomic
def save_synonym_group(actor: User | None, group: SynonymGroup | None, terms: str, note: str = "") -> SynonymGroup:
    """Create (group is None) or change a synonym group. `actor` None means the system (imports)."""
    _require_editor(actor)
    cleaned = clean_terms(terms)
    old = group.terms if group is not None else None
    if group is None:
        group = SynonymGroup(terms=cleaned, note=note[:200], updated_by=actor)
        group.save()
    else:
        group.terms, group.note, group.updated_by = cleaned, note[:200], actor
        group.save(update_fields=["terms", "note", "updated_by", "updated_at"])
    record_event(actor, "synonyms.saved", group, {"old": old, "new": cleaned})
    forget_synonyms()
    return group


@transaction.atomic
def delete_synonym_group(actor: User | None, group: SynonymGroup) -> None:
    _require_editor(actor)
    record_event(actor, "synonyms.deleted", group, {"old": group.terms})
    group.delete()
    forget_synonyms()
