from __future__ import annotations

import io

import pytest
from django.test import override_settings
from PIL import Image

from beacon.core.tests.images import png_bytes
from beacon.core.uploads import UploadRejected, prepare_upload

WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def test_png_is_reencoded_and_kept_as_png() -> None:
    upload = prepare_upload("screenshot.png", png_bytes())
    assert upload.content_type == "image/png"
    assert Image.open(io.BytesIO(upload.data)).size == (40, 30)


def test_jpeg_loses_its_gps_position_and_camera_metadata() -> None:
    original = png_bytes(exif_gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825)
    upload = prepare_upload("photo.jpg", original)
    assert upload.content_type == "image/jpeg"
    assert dict(Image.open(io.BytesIO(upload.data)).getexif()) == {}


def test_windows_program_named_png_is_refused_with_what_it_really_is() -> None:
    with pytest.raises(UploadRejected, match="does not contain what its name says"):
        prepare_upload("invoice.png", WINDOWS_EXE)


def test_program_with_its_own_name_is_refused_as_an_unaccepted_type() -> None:
    with pytest.raises(UploadRejected, match="not a file type we accept"):
        prepare_upload("setup.exe", WINDOWS_EXE)


def test_binary_data_named_log_is_refused() -> None:
    with pytest.raises(UploadRejected):
        prepare_upload("app.log", b"\x00\x01\x02binary")


def test_chinese_text_log_is_accepted_as_text() -> None:
    upload = prepare_upload("错误日志.log", "提现失败 error=-1021\n".encode("gb18030"))
    assert upload.content_type == "text/plain"
    assert upload.name == "错误日志.log"


@override_settings(BEACON_MAX_ATTACHMENT_BYTES=1000)
def test_oversized_file_is_refused_with_the_limit() -> None:
    with pytest.raises(UploadRejected, match="the limit is 1000"):
        prepare_upload("big.txt", b"a" * 1001)


def test_path_in_file_name_is_dropped() -> None:
    upload = prepare_upload("../../etc/passwd.txt", b"root")
    assert upload.name == "passwd.txt"


def test_truncated_image_is_refused() -> None:
    with pytest.raises(UploadRejected, match="could not be read as an image"):
        prepare_upload("broken.png", png_bytes()[:60])
