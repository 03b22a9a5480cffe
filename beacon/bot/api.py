"""`POST /api/v1/triage/classify`: the category a text belongs to (staff token or session)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Router

from beacon.bot import selectors
from beacon.bot.schemas import ClassifyIn, ClassifyOut
from beacon.core.errors import DomainError
from beacon.core.ratelimit import hit
from beacon.tickets.schemas import ErrorOut

router = Router(tags=["triage"])
PER_MINUTE = 120
LANGUAGES = {"en", "zh-hans"}


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429


def classification_out(result: selectors.Classification, language: str | None) -> dict[str, Any]:
    prediction = result.prediction
    names = selectors.category_names([slug for slug, _confidence in prediction.alternatives], language)
    return {
        "category": prediction.category,
        "confidence": round(prediction.confidence, 4),
        "alternatives": [
            {"category": slug, "name": names.get(slug, slug), "confidence": confidence}
            for slug, confidence in prediction.alternatives
        ],
        "out_of_scope": prediction.out_of_scope,
        "model": result.model,
    }


@router.post(
    "/classify",
    response={200: ClassifyOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Suggest the category of a text, or say it is out of scope",
)
def classify(request: HttpRequest, payload: ClassifyIn) -> dict[str, Any]:
    """Chinese and English (and other languages the sentence encoder knows). The text is not stored."""
    if not hit(f"triage-classify:{request.user.pk}", PER_MINUTE, 60):
        raise RateLimited(_("Too many requests. Wait a minute and try again."))
    language = payload.language if payload.language in LANGUAGES else translation.get_language()
    return classification_out(selectors.classify(payload.text), language)
