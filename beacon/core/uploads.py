"""Upload checks shared by every channel: size, type sniffed from the content, images re-encoded.

A channel adapter turns each received file into a `PreparedUpload` with `prepare_upload()` before it
builds an InboundMessage; the pipeline only accepts prepared uploads, so no channel can store a file
that skipped these checks.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import filetype
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from beacon.core.errors import DomainError

Image.MAX_IMAGE_PIXELS = 40_000_000  # larger images are refused as decompression bombs

IMAGE_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "PNG", "image/webp": "WEBP"}
BINARY_TYPES = {
    "application/pdf": {".pdf"},
    "video/mp4": {".mp4", ".m4v"},
    "video/quicktime": {".mov"},
    "video/webm": {".webm"},
}
TEXT_EXTENSIONS = {".txt", ".log", ".csv", ".json"}
IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".webp"}
TEXT_TYPES = {".txt": "text/plain", ".log": "text/plain", ".csv": "text/csv", ".json": "application/json"}


class UploadRejected(DomainError):
    code = "upload_rejected"
    status = 400


@dataclass(frozen=True)
class PreparedUpload:
    name: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def is_text(self) -> bool:
        return self.content_type in {"text/plain", "text/csv", "application/json"}


def safe_filename(name: str) -> str:
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f<>:\"|?*]+", "", name).strip(" .") or "file"
    stem, dot, ext = name.rpartition(".")
    if not dot:
        return name[:120]
    return f"{stem[:100]}.{ext[:10]}"


def _extension(name: str) -> str:
    _stem, dot, ext = name.rpartition(".")
    return f".{ext.lower()}" if dot else ""


def prepare_upload(name: str, data: bytes) -> PreparedUpload:
    """Check one uploaded file and return what may be stored.

    Raises UploadRejected with a message the user can act on. The declared name only picks the
    expected kind; the type is decided by the bytes. Images are decoded and re-encoded so that
    metadata (EXIF, GPS position, camera serial) and any trailing payload are dropped.
    """
    name = safe_filename(name)
    limit = settings.BEACON_MAX_ATTACHMENT_BYTES
    if len(data) > limit:
        raise UploadRejected(
            _("“%(name)s” is %(size)s; the limit is %(limit)s. Compress it or send a smaller screenshot.")
            % {"name": name, "size": filesizeformat(len(data)), "limit": filesizeformat(limit)}
        )
    if not data:
        raise UploadRejected(_("“%(name)s” is empty.") % {"name": name})
    ext = _extension(name)
    kind = filetype.guess(data)
    if ext in IMAGE_EXTENSIONS:
        if kind is None or kind.mime not in IMAGE_FORMATS:
            raise _disguised(name, kind)
        return _reencode_image(name, data, kind.mime)
    for mime, extensions in BINARY_TYPES.items():
        if ext in extensions:
            if kind is None or kind.mime != mime:
                raise _disguised(name, kind)
            return PreparedUpload(name, mime, data)
    if ext in TEXT_EXTENSIONS:
        if kind is not None or not _looks_like_text(data):
            raise _disguised(name, kind)
        return PreparedUpload(name, TEXT_TYPES[ext], data)
    raise UploadRejected(
        _(
            "“%(name)s” is not a file type we accept. Send screenshots (PNG, JPG, GIF, WebP), PDF, "
            "screen recordings (MP4, MOV, WebM) or text logs (TXT, LOG, CSV, JSON)."
        )
        % {"name": name}
    )


def _disguised(name: str, kind: filetype.Type | None) -> UploadRejected:
    found = kind.mime if kind is not None else _("unknown data")
    return UploadRejected(
        _("“%(name)s” does not contain what its name says (its content is %(found)s). It was not accepted.")
        % {"name": name, "found": found}
    )


def _looks_like_text(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _reencode_image(name: str, data: bytes, mime: str) -> PreparedUpload:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            clean = ImageOps.exif_transpose(image)
            if clean.mode not in {"RGB", "RGBA", "L", "LA"}:
                clean = clean.convert("RGBA" if "A" in clean.getbands() or clean.mode == "P" else "RGB")
            out = io.BytesIO()
            fmt = IMAGE_FORMATS[mime]
            if fmt == "JPEG":
                clean.convert("RGB").save(out, "JPEG", quality=90, optimize=True)
            else:
                clean.save(out, fmt)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UploadRejected(
            _("“%(name)s” could not be read as an image. Take the screenshot again and re-send it.") % {"name": name}
        ) from exc
    out_mime = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}[fmt]
    stem = name.rpartition(".")[0] or name
    out_ext = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}[fmt]
    return PreparedUpload(f"{stem}.{out_ext}", out_mime, out.getvalue())


def prepare_uploaded_files(files: list[Any]) -> list[PreparedUpload]:
    """Check a request's uploaded files (Django UploadedFile objects) before reading them whole."""
    limit = settings.BEACON_MAX_ATTACHMENTS_PER_MESSAGE
    if len(files) > limit:
        raise UploadRejected(_("Attach at most %(n)d files to one message.") % {"n": limit})
    prepared = []
    for upload in files:
        if upload.size > settings.BEACON_MAX_ATTACHMENT_BYTES:
            raise UploadRejected(
                _("“%(name)s” is %(size)s; the limit is %(limit)s. Compress it or send a smaller screenshot.")
                % {
                    "name": safe_filename(upload.name or "file"),
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.BEACON_MAX_ATTACHMENT_BYTES),
                }
            )
        prepared.append(prepare_upload(upload.name or "file", upload.read()))
    return prepared
