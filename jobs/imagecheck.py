"""Deciding whether uploaded bytes are a photo, and making a clean copy of one. Bytes in, bytes out.

Order matters: the type is sniffed from magic bytes (never trusted from the upload), the
container is walked to find data hidden outside the picture (polyglots), the pixel count is
read from the header BEFORE anything is decoded (decompression bombs), and only then is the
picture decoded and re-encoded to a JPEG that carries no metadata (EXIF, GPS, XMP, ICC).
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import warnings
from dataclasses import dataclass

import cv2
import numpy as np
import pillow_heif
from PIL import Image, UnidentifiedImageError

pillow_heif.register_heif_opener()

JPEG, PNG, HEIC = "image/jpeg", "image/png", "image/heic"
HEIC_BRANDS = (b"heic", b"heix", b"hevc", b"mif1")
PILLOW_FORMATS = {JPEG: ["JPEG"], PNG: ["PNG"], HEIC: ["HEIF"]}
TRAILING_TOLERANCE = 32  # padding some encoders leave after the end marker
MAX_APPENDED_JPEGS = 4  # Multi-Picture Format (depth maps, gain maps) appends whole JPEGs
THUMB_SIDE = 320
CLEAN_QUALITY, THUMB_QUALITY = 92, 85
# Looked for outside the compressed pixel data: markup a browser could run, a ZIP a reader could open.
_HIDDEN = re.compile(rb"<script|<svg|<html|<\?php|<!doctype|PK\x03\x04", re.IGNORECASE)
# In JPEG entropy-coded data 0xFF is followed by a stuffed 0x00 or a restart marker; anything else
# is the next marker.
_JPEG_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7]")

REASONS = ("type_mismatch", "not_an_image", "polyglot", "pixel_limit", "decode_failed")


class Rejected(Exception):
    def __init__(self, reason: str) -> None:
        assert reason in REASONS
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Cleaned:
    jpeg: bytes  # the clean original: re-encoded, upright, no metadata
    thumb: bytes
    width: int
    height: int
    sha256: str  # of ``jpeg``


def sniff(data: bytes) -> str | None:
    """The content type the magic bytes say, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(data) >= 12 and data[4:8] == b"ftyp" and data[8:12] in HEIC_BRANDS:
        return HEIC
    return None


# --- containers: where could something other than pixels hide? ---------------------------


def _jpeg_end(data: bytes, pos: int, metadata: list[bytes]) -> int:
    """Walk one JPEG's segments from its SOI at ``pos``; the offset just past its EOI."""
    pos += 2
    while pos < len(data):
        if data[pos] != 0xFF:
            raise Rejected("decode_failed")
        while pos < len(data) and data[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= len(data):
            break
        marker = data[pos]
        pos += 1
        if marker == 0xD9:
            return pos
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            continue
        if pos + 2 > len(data):
            break
        (length,) = struct.unpack(">H", data[pos:pos + 2])
        if length < 2 or pos + length > len(data):
            break
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:  # APPn (EXIF, XMP, ICC...) and comments
            metadata.append(data[pos + 2:pos + length])
        pos += length
        if marker == 0xDA:  # start of scan: skip the entropy-coded data to the next marker
            found = _JPEG_NEXT_MARKER.search(data, pos)
            if found is None:
                break
            pos = found.start()
    raise Rejected("decode_failed")  # truncated: no end of image


def _jpeg_parts(data: bytes) -> tuple[list[bytes], bytes]:
    metadata: list[bytes] = []
    end = _jpeg_end(data, 0, metadata)
    for _ in range(MAX_APPENDED_JPEGS):
        if not data.startswith(b"\xff\xd8\xff", end):
            break
        end = _jpeg_end(data, end, metadata)
    return metadata, data[end:]


def _png_parts(data: bytes) -> tuple[list[bytes], bytes]:
    metadata: list[bytes] = []
    pos = 8
    while pos + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if pos + 12 + length > len(data):
            break
        if kind != b"IDAT":
            metadata.append(data[pos + 8:pos + 8 + length])
        pos += 12 + length
        if kind == b"IEND":
            return metadata, data[pos:]
    raise Rejected("decode_failed")


def _heic_parts(data: bytes) -> tuple[list[bytes], bytes]:
    """ISO BMFF boxes; whatever cannot be read as a box is trailing data."""
    metadata: list[bytes] = []
    pos = 0
    while pos + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        header = 8
        if size == 1 and pos + 16 <= len(data):
            (size,) = struct.unpack(">Q", data[pos + 8:pos + 16])
            header = 16
        elif size == 0:
            size = len(data) - pos
        if size < header or pos + size > len(data) or not kind.isascii():
            break
        if kind != b"mdat":
            metadata.append(data[pos + header:pos + size])
        pos += size
    return metadata, data[pos:]


def check_container(data: bytes, content_type: str) -> None:
    """:raise Rejected: ``polyglot`` for data after the picture or markup/archives in its
    metadata; ``decode_failed`` for a broken structure."""
    walk = {JPEG: _jpeg_parts, PNG: _png_parts, HEIC: _heic_parts}[content_type]
    metadata, trailing = walk(data)
    if len(trailing) > TRAILING_TOLERANCE:
        raise Rejected("polyglot")
    if any(_HIDDEN.search(part) for part in [*metadata, trailing]):
        raise Rejected("polyglot")


# --- header, decode, re-encode -------------------------------------------------------------


def header(data: bytes, content_type: str, max_pixels: int) -> tuple[int, int, int]:
    """(width, height, EXIF orientation) from the header only: nothing is decoded here.

    :raise Rejected: ``pixel_limit`` above ``max_pixels``; ``decode_failed`` if unreadable.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # we apply our own limit
            with Image.open(io.BytesIO(data), formats=PILLOW_FORMATS[content_type]) as im:
                width, height = im.size
                if width <= 0 or height <= 0:
                    raise Rejected("decode_failed")
                if width * height > max_pixels:
                    raise Rejected("pixel_limit")
                # Only JPEG: its EXIF is parsed with the header, while Pillow would decode a whole
                # PNG to find an eXIf chunk; HEIC rotation is in the container and libheif applies it.
                orientation = int(im.getexif().get(0x0112, 1)) if content_type == JPEG else 1
    except Image.DecompressionBombError:
        raise Rejected("pixel_limit") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, TypeError, struct.error):
        raise Rejected("decode_failed") from None
    return width, height, orientation


def _decode(data: bytes, content_type: str) -> np.ndarray:
    if content_type == HEIC:
        try:
            # libheif applies the container's rotation/mirror; HEIC carries no separate EXIF turn.
            heif = pillow_heif.open_heif(io.BytesIO(data), convert_hdr_to_8bit=True)
            pixels = np.asarray(heif)
        except (ValueError, RuntimeError, OSError):
            raise Rejected("decode_failed") from None
        code = cv2.COLOR_RGBA2BGR if pixels.ndim == 3 and pixels.shape[2] == 4 else cv2.COLOR_RGB2BGR
        return cv2.cvtColor(pixels, code)
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION)
    if image is None:
        raise Rejected("decode_failed")
    return image


def upright(image: np.ndarray, orientation: int) -> np.ndarray:
    """Apply an EXIF orientation (same result as Pillow's ``ImageOps.exif_transpose``)."""
    if orientation == 2:
        return cv2.flip(image, 1)
    if orientation == 3:
        return cv2.rotate(image, cv2.ROTATE_180)
    if orientation == 4:
        return cv2.flip(image, 0)
    if orientation == 5:
        return cv2.transpose(image)
    if orientation == 6:
        return cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE)
    if orientation == 7:
        return cv2.rotate(cv2.transpose(image), cv2.ROTATE_180)
    if orientation == 8:
        return cv2.rotate(image, cv2.ROTATE_90_COUNTERCLOCKWISE)
    return image


def _jpeg(image: np.ndarray, quality: int) -> bytes:
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise Rejected("decode_failed")
    return encoded.tobytes()


def thumbnail(image: np.ndarray, side: int = THUMB_SIDE) -> np.ndarray:
    height, width = image.shape[:2]
    scale = side / max(height, width)
    if scale >= 1:
        return image
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def clean(data: bytes, content_type: str, *, max_pixels: int) -> Cleaned:
    """Check ``data`` declared as ``content_type`` and make its clean original and thumbnail.

    :raise Rejected: with one of ``REASONS``.
    """
    actual = sniff(data)
    if actual is None:
        raise Rejected("not_an_image")
    if actual != content_type:
        raise Rejected("type_mismatch")
    check_container(data, content_type)
    width, height, orientation = header(data, content_type, max_pixels)
    image = _decode(data, content_type)
    if image.shape[:2] != (height, width):
        raise Rejected("decode_failed")
    image = upright(image, orientation)
    out = _jpeg(image, CLEAN_QUALITY)
    return Cleaned(out, _jpeg(thumbnail(image), THUMB_QUALITY), image.shape[1], image.shape[0],
                   hashlib.sha256(out).hexdigest())
