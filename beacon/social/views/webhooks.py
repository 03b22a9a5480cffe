"""Webhooks: Telegram updates (secret token header) and social mentions (HMAC signature)."""

from __future__ import annotations

import hmac
import json
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from beacon.core.errors import ValidationFailed
from beacon.core.ratelimit import client_ip, hit
from beacon.social.conf import telegram_client
from beacon.social.services.mentions import check_signature, ingest_mention
from beacon.social.services.telegram import handle_update

logger = logging.getLogger(__name__)
MAX_BODY = 256 * 1024


def _json(request: HttpRequest) -> dict[str, object] | None:
    if len(request.body) > MAX_BODY:
        return None
    try:
        data = json.loads(request.body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


@csrf_exempt
@require_POST
def telegram_webhook(request: HttpRequest) -> HttpResponse:
    """Telegram POSTs each update here with the secret given to setWebhook. Anything else is refused.

    A non-2xx answer makes Telegram deliver the update again later, so an error while handling it
    loses nothing; a repeat is recognised by its update_id."""
    secret = settings.BEACON_TELEGRAM_WEBHOOK_SECRET
    if not secret or not settings.BEACON_TELEGRAM_BOT_TOKEN:
        return HttpResponse(status=404)
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not hmac.compare_digest(given.encode(), secret.encode()):
        logger.warning("Telegram webhook: wrong secret token from %s", client_ip(request))
        return HttpResponse("forbidden", status=403)
    update = _json(request)
    if update is None or "update_id" not in update:
        return HttpResponse("bad request", status=400)
    handled = handle_update(update, telegram_client())
    return JsonResponse({"ok": True, "outcome": handled.outcome})


@csrf_exempt
@require_POST
def mentions_webhook(request: HttpRequest) -> HttpResponse:
    """POST a mention as JSON, signed: X-Beacon-Timestamp (unix seconds) and
    X-Beacon-Signature: sha256=HMAC_SHA256(secret, "<timestamp>.<body>")."""
    secret = settings.BEACON_SOCIAL_WEBHOOK_SECRET
    if not secret:
        return HttpResponse(status=404)
    if not hit(f"mentions-webhook:{client_ip(request)}", 600, 60):
        return JsonResponse({"code": "rate_limited", "message": "Too many mentions a minute."}, status=429)
    timestamp = request.headers.get("X-Beacon-Timestamp", "")
    signature = request.headers.get("X-Beacon-Signature", "")
    if len(request.body) > MAX_BODY or not check_signature(secret, timestamp, signature, request.body):
        return JsonResponse({"code": "bad_signature", "message": "Signature missing, wrong or too old."}, status=403)
    payload = _json(request)
    if payload is None:
        return JsonResponse({"code": "invalid", "message": "Send one JSON object."}, status=400)
    try:
        mention, created = ingest_mention(payload)
    except ValidationFailed as exc:
        return JsonResponse({"code": exc.code, "message": str(exc.message), "errors": exc.errors}, status=422)
    return JsonResponse({"id": mention.pk, "created": created}, status=201 if created else 200)
