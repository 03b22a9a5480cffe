"""Reads of the triage classifier: which model classifies, what it says, which category it means.

The active model is the newest active `TriageModel` row; without one, the seed model shipped with
Beacon (trained on the built-in bilingual examples for the demo categories). Each process
keeps the model it loaded and checks the active version with one small query per classification,
so a newly trained model is used everywhere at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from beacon.bot.classifier.datasets import SEED_MODEL_FILE, seed_digest, seed_examples
from beacon.bot.classifier.embeddings import primed
from beacon.bot.classifier.features import prepare
from beacon.bot.classifier.model import Classifier, ModelFormatError, Prediction
from beacon.bot.classifier.training import Example, train
from beacon.bot.models import TriageModel
from beacon.core.errors import NotFound
from beacon.tickets.enums import MessageKind, Status
from beacon.tickets.models import Category, Message, Ticket
from beacon.tickets.selectors import access_category, active_categories

logger = logging.getLogger(__name__)

FALLBACK_CATEGORY = "general"
SEED = "seed"

_lock = threading.Lock()
_loaded: dict[str, tuple[str, Classifier]] = {}  # "current" → (key, classifier)


# The active model's row, read once for a block of suggesting_categories() (False: not read).
_batch_row: ContextVar[tuple[int, str, list[str]] | Literal[False] | None] = ContextVar(
    "beacon_triage_model_row", default=False
)


@dataclass(frozen=True)
class Classification:
    prediction: Prediction
    model: str  # "v3", or "seed" for the built-in model


def _active_row() -> tuple[int, str, list[str]] | None:
    row = (
        TriageModel.objects.filter(is_active=True)
        .order_by("-version")
        .values_list("version", "artifact_sha256", "categories")
        .first()
    )
    return None if row is None else (row[0], row[1], list(row[2]))


def current_classifier(row: tuple[int, str, list[str]] | Literal[False] | None = False) -> tuple[str, Classifier]:
    """The model that classifies now, and its name ("v3" or "seed"). `row`: the active row if the
    caller already read it."""
    row = _active_row() if row is False else row
    key = SEED if row is None else f"v{row[0]}:{row[1]}"
    loaded = _loaded.get("current")
    if loaded is not None and loaded[0] == key:
        return key.partition(":")[0], loaded[1]
    with _lock:
        loaded = _loaded.get("current")
        if loaded is None or loaded[0] != key:
            if row is None:
                classifier = _seed_classifier()
            else:
                artifact = TriageModel.objects.values_list("artifact", flat=True).get(version=row[0])
                classifier = Classifier.from_bytes(bytes(artifact))
            loaded = (key, classifier)
            _loaded["current"] = loaded
    return key.partition(":")[0], loaded[1]


def _seed_classifier() -> Classifier:
    """The shipped seed model; trained here from the seed examples if it is missing or stale."""
    seed = _loaded.get(SEED)
    if seed is None:
        try:
            classifier = Classifier.from_bytes(SEED_MODEL_FILE.read_bytes())
        except (OSError, ModelFormatError):
            classifier = None
        if classifier is None or classifier.meta.get("seed_sha256") != seed_digest():
            logger.warning("The shipped seed model is missing or stale: training one from the seed examples.")
            classifier, _report = train(seed_examples())
        seed = (SEED, classifier)
        _loaded[SEED] = seed
    return seed[1]


def _model_categories(row: tuple[int, str, list[str]] | None) -> list[str]:
    """The categories the current model knows, without loading it."""
    if row is not None:
        return row[2]
    return sorted({example.category for example in seed_examples()})


def classify(text: str, allowed: Collection[str] | None = None) -> Classification:
    """Classify `text` among the active categories (or `allowed`, a subset of them)."""
    choices = set(active_categories().values_list("slug", flat=True))
    if allowed is not None:
        choices &= set(allowed)
    return _classify(text, choices)


def _classify(text: str, choices: set[str]) -> Classification:
    row = _batch_row.get()
    if row is False:
        row = _active_row()
    if not choices & set(_model_categories(row)):
        # Nothing the model knows can be chosen here: don't load it to say "out of scope".
        return Classification(Prediction(None, 0.0, [], True), "none")
    name, classifier = current_classifier(row)
    return Classification(classifier.predict(text, choices), name)


def suggested_category(
    text: str, fallback: str = FALLBACK_CATEGORY, *, active: Mapping[str, Category] | None = None
) -> Category:
    """The category for a new ticket whose customer chose none: the classifier's answer, or
    `fallback` when it is unsure. `active`: the active categories by slug (with their default
    team), when the caller has them at hand (the pipeline's triage configuration); else read."""
    if active is None:
        return access_category(classify(text).prediction.category or fallback)
    category = active.get(_classify(text, set(active)).prediction.category or fallback)
    if category is None:
        raise NotFound(_("Choose one of the listed categories."), field="category")
    return category


@contextmanager
def suggesting_categories(texts: Iterable[str]) -> Iterator[None]:
    """For a batch of new tickets (received mail): their texts go through the sentence encoder
    together, at about half the CPU per text, and suggested_category() (or classify()) of any of
    them inside the block uses the result; the active model is looked up once for the block. The
    answers are the same; other texts are classified as usual; nothing is kept after the block."""
    prepared = [prepare(text) for text in texts]
    token = _batch_row.set(_active_row() if prepared else False)
    try:
        with primed(prepared):
            yield
    finally:
        _batch_row.reset(token)


def solved_ticket_examples() -> list[Example]:
    """Labelled examples from the operator's own solved and closed tickets: the title and the
    customer's first message, labelled with the category the ticket ended in (agents correct it)."""
    first_message = (
        Message.objects.filter(ticket=OuterRef("pk"), kind=MessageKind.PUBLIC, author=OuterRef("requester"))
        .order_by("created_at", "id")
        .values("body")[:1]
    )
    rows = (
        Ticket.objects.filter(status__in=[Status.SOLVED, Status.CLOSED], category__is_active=True)
        .annotate(first_body=Subquery(first_message))
        .values_list("subject", "first_body", "category__slug")
        .order_by("pk")
    )
    return [Example(f"{subject}\n{body or ''}".strip(), slug) for subject, body, slug in rows.iterator()]


def recent_models(limit: int = 10) -> list[TriageModel]:
    return list(TriageModel.objects.defer("artifact").select_related("created_by")[:limit])


def category_names(slugs: list[str], language: str | None) -> dict[str, str]:
    """Display names of categories in `language` (en or zh-hans), by slug."""
    chinese = (language or "").startswith("zh")
    rows = Category.objects.filter(slug__in=slugs).values_list("slug", "name_zh" if chinese else "name_en")
    return dict(rows)
