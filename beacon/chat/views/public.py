"""HTTP around the customer chat: the portal's chat page, the widget's strings, uploads, files and
transcripts. The widget authenticates with its chat's resume token (it may run on the exchange's
site, where Beacon's session cookie is not sent); cross-origin answers are limited to the origins
in BEACON_CHAT_ALLOWED_ORIGINS."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from beacon.chat import conf
from beacon.chat.selectors import chat_attachment, session_by_public_id, transcript_text
from beacon.chat.services.conversation import store_upload
from beacon.chat.tokens import read_file_token, read_resume_token, read_transcript_token
from beacon.chat.widget_strings import widget_strings
from beacon.core.errors import DomainError
from beacon.core.ratelimit import client_ip, hit
from beacon.core.uploads import prepare_uploaded_files
from beacon.tickets.api import attachment_response

TOKEN_HEADER = "HTTP_X_BEACON_CHAT"


def _cors(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    origin = request.headers.get("Origin", "").rstrip("/").lower()
    if origin and origin in conf.allowed_origins():
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Allow-Headers"] = "X-Beacon-Chat"
        response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response["Access-Control-Max-Age"] = "600"
        response["Vary"] = "Origin"
    return response


def _error(request: HttpRequest, code: str, message: str, status: int) -> HttpResponse:
    return _cors(request, JsonResponse({"code": code, "message": message}, status=status))


def portal_chat(request: HttpRequest) -> HttpResponse:
    """The full-page chat in the portal: the same widget, inline, with the portal's sign-in."""
    return render(request, "chat/portal.html", {"language": translation.get_language()})


def embed_demo(request: HttpRequest) -> HttpResponse:
    """A page styled like a hostile host site, embedding the widget with the one <script> tag."""
    return render(request, "chat/embed_demo.html", {"site_url": settings.SITE_URL})


@require_GET
def strings(request: HttpRequest) -> HttpResponse:
    language = "zh-hans" if request.GET.get("lang", "").lower().startswith("zh") else "en"
    with translation.override(language):
        response = JsonResponse({"language": language, "strings": widget_strings()})
    response["Access-Control-Allow-Origin"] = "*"  # public texts, no credentials
    response["Cache-Control"] = "public, max-age=300"
    return response


@csrf_exempt  # authenticated by the chat's token header, not by cookies
@require_http_methods(["POST", "OPTIONS"])
def upload(request: HttpRequest) -> HttpResponse:
    """A file for the chat, checked like a ticket attachment; the message frame refers to its key."""
    if request.method == "OPTIONS":
        return _cors(request, HttpResponse(status=204))
    public_id = read_resume_token(request.META.get(TOKEN_HEADER, ""))
    session = session_by_public_id(public_id) if public_id else None
    if session is None:
        return _error(request, "forbidden", _("This chat can no longer be continued. Start a new chat."), 403)
    if not hit(f"chat-upload:{session.public_id}", 20, 600) or not hit(f"chat-upload-ip:{client_ip(request)}", 60, 600):
        return _error(request, "rate_limited", _("Too many files. Wait a few minutes and try again."), 429)
    files = request.FILES.getlist("file")
    if len(files) != 1:
        return _error(request, "invalid", _("Send one file at a time."), 400)
    with translation.override(session.language):
        try:
            prepared = prepare_uploaded_files(files)[0]
            row = store_upload(session.pk, prepared)
        except DomainError as exc:
            return _error(request, exc.code, str(exc.message), exc.status)
    return _cors(
        request,
        JsonResponse(
            {"key": row.key, "name": row.name, "size": row.size, "is_image": row.content_type.startswith("image/")}
        ),
    )


@require_GET
def chat_file(request: HttpRequest, attachment_id: int) -> FileResponse | HttpResponse:
    """An attachment of the chat the signed link was made for (never an internal note's file)."""
    signed = read_file_token(request.GET.get("t", ""))
    if signed is None or signed[1] != attachment_id:
        return HttpResponse(status=404)
    attachment = chat_attachment(signed[0], attachment_id)
    if attachment is None:
        return HttpResponse(status=404)
    return attachment_response(attachment)


@require_GET
def transcript(request: HttpRequest) -> HttpResponse:
    public_id = read_transcript_token(request.GET.get("t", ""))
    session = session_by_public_id(public_id) if public_id else None
    if session is None:
        return HttpResponse(_("This link has expired. Ask for the transcript again in the chat."), status=404)
    with translation.override(session.language):
        text = transcript_text(session)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="chat-{session.created_at:%Y%m%d-%H%M}.txt"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
