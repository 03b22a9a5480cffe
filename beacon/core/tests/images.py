"""Real image files for upload tests."""

from __future__ import annotations

import io

from PIL import Image


def png_bytes(size: tuple[int, int] = (40, 30), exif_gps: bool = False) -> bytes:
    image = Image.new("RGB", size, (240, 185, 11))
    out = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0)}  # GPS IFD
        image.save(out, "JPEG", exif=exif)
    else:
        image.save(out, "PNG")
    return out.getvalue()
