from __future__ import annotations

from django.urls import path

from beacon.chat.views import public

urlpatterns = [
    path("", public.portal_chat, name="portal"),
    path("widget/strings.json", public.strings, name="strings"),
    path("upload/", public.upload, name="upload"),
    path("files/<int:attachment_id>/", public.chat_file, name="file"),
    path("transcript/", public.transcript, name="transcript"),
    path("embed-demo/", public.embed_demo, name="embed_demo"),
]
