"""`POST /api/v1/bot/answer`: the answer bot for other channels and tools (staff token or session)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from beacon.bot.answering.answer import BotAnswer, answer_question
from beacon.bot.answering.schemas import AnswerIn, AnswerOut
from beacon.bot.answering.sources import Source
from beacon.core.errors import DomainError
from beacon.core.ratelimit import hit
from beacon.tickets.schemas import ErrorOut

router = Router(tags=["bot"])
PER_MINUTE = 60


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429


def source_out(source: Source | None) -> dict[str, Any] | None:
    if source is None:
        return None
    return {
        "kind": source.kind,
        "id": source.object_id,
        "title": source.title,
        "url": source.absolute_url,
        "language": source.language,
    }


def answer_out(result: BotAnswer) -> dict[str, Any]:
    return {
        "answer": result.answer,
        "language": result.language,
        "source": source_out(result.source),
        "related": source_out(result.related),
        "confidence": result.confidence,
        "hand_over": result.hand_over,
        "reason": result.reason,
    }


@router.post(
    "/answer",
    response={200: AnswerOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Answer a question from the help center, or say it needs a person",
)
def answer(request: HttpRequest, payload: AnswerIn) -> dict[str, Any]:
    """Looks in FAQs, articles and announcements that are on now; never stores the question."""
    if not hit(f"bot-answer:{request.user.pk}", PER_MINUTE, 60):
        raise RateLimited(_("Too many questions. Wait a minute and try again."))
    return answer_out(answer_question(payload.question, payload.language))
