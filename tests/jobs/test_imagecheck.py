"""jobs.imagecheck on bytes: no app, no storage."""

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image, ImageOps

from jobs import imagecheck
from jobs.imagecheck import HEIC, JPEG, PNG, Rejected, clean
from tests.support import images

LIMIT = 60_000_000


def _reason(data: bytes, content_type: str, max_pixels: int = LIMIT) -> str:
    with pytest.raises(Rejected) as caught:
        clean(data, content_type, max_pixels=max_pixels)
    return caught.value.reason


def test_types_come_from_magic_bytes_not_from_the_declared_type():
    assert imagecheck.sniff(images.jpeg()) == JPEG
    assert imagecheck.sniff(images.png()) == PNG
    assert imagecheck.sniff(images.heic()) == HEIC
    assert imagecheck.sniff(images.SVG) is None and imagecheck.sniff(b"GIF89a....") is None
    assert imagecheck.sniff(b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00") is None  # an MP4, not a HEIC
    assert _reason(images.png(), JPEG) == "type_mismatch"
    assert _reason(images.jpeg(), HEIC) == "type_mismatch"
    assert _reason(images.SVG, PNG) == "not_an_image"
    assert _reason(b"", JPEG) == "not_an_image"


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_applied_like_pillow_does(orientation):
    raw = images.jpeg(40, 24, orientation=orientation)
    out = clean(raw, JPEG, max_pixels=LIMIT)
    expected = np.asarray(ImageOps.exif_transpose(Image.open(io.BytesIO(raw))).convert("RGB"), dtype=np.int16)
    got = np.asarray(Image.open(io.BytesIO(out.jpeg)).convert("RGB"), dtype=np.int16)
    assert got.shape == expected.shape and (out.width, out.height) == (got.shape[1], got.shape[0])
    assert np.abs(got - expected).mean() < 6  # same picture, up to JPEG re-encoding


def test_a_rotated_heic_comes_out_upright():
    raw = images.heic(64, 48, orientation=6)
    out = clean(raw, HEIC, max_pixels=LIMIT)
    assert (out.width, out.height) == (48, 64)
    expected = np.rot90(np.asarray(images.gradient(64, 48), dtype=np.int16), k=-1)  # turned clockwise
    got = np.asarray(Image.open(io.BytesIO(out.jpeg)).convert("RGB"), dtype=np.int16)
    assert got.shape == expected.shape and np.abs(got - expected).mean() < 6


def test_the_clean_original_carries_no_metadata_at_all():
    raw = images.jpeg(gps=True, comment=b"taken at home")
    out = clean(raw, JPEG, max_pixels=LIMIT)
    for marker in (b"Exif\x00\x00", b"taken at home", b"PhoneCam", b"http://ns.adobe.com/xap"):
        assert marker not in out.jpeg
    assert not Image.open(io.BytesIO(out.jpeg)).getexif()


def test_sizes_and_hash_describe_the_clean_original():
    import hashlib

    out = clean(images.png(1000, 500), PNG, max_pixels=LIMIT)
    assert (out.width, out.height) == (1000, 500)
    assert out.sha256 == hashlib.sha256(out.jpeg).hexdigest()
    assert Image.open(io.BytesIO(out.thumb)).size == (320, 160)
    small = clean(images.png(100, 50), PNG, max_pixels=LIMIT)
    assert Image.open(io.BytesIO(small.thumb)).size == (100, 50)  # never enlarged


def test_a_little_padding_after_the_end_is_tolerated_but_more_is_a_polyglot():
    assert clean(images.jpeg() + b"\x00" * 16, JPEG, max_pixels=LIMIT).width == 64
    assert _reason(images.jpeg() + b"\x00" * 500, JPEG) == "polyglot"
    assert _reason(images.png() + images.HTML, PNG) == "polyglot"
    assert _reason(images.heic() + images.zip_archive(), HEIC) == "polyglot"


def test_a_multi_picture_jpeg_is_not_a_polyglot():
    # MPF (depth or gain maps) appends whole JPEGs after the first one's end marker.
    assert clean(images.jpeg() + images.jpeg(16, 16), JPEG, max_pixels=LIMIT).width == 64
    assert _reason(images.jpeg() + images.jpeg(16, 16) + images.HTML, JPEG) == "polyglot"


def _png_with_chunk(kind: bytes, data: bytes) -> bytes:
    raw = images.png()
    chunk = struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return raw[:33] + chunk + raw[33:]  # after IHDR


@pytest.mark.parametrize("hidden", [b"<script>alert(1)</script>", b"<SVG onload=alert(1)>", b"<html>",
                                    b"PK\x03\x04" + b"\0" * 26])
def test_markup_or_an_archive_hidden_in_metadata_is_a_polyglot(hidden):
    assert _reason(images.jpeg(comment=b"note " + hidden), JPEG) == "polyglot"
    assert _reason(_png_with_chunk(b"tEXt", b"Comment\x00" + hidden), PNG) == "polyglot"


def test_ordinary_metadata_is_not_mistaken_for_a_polyglot():
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    assert clean(_png_with_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + xmp), PNG,
                 max_pixels=LIMIT).width == 64


def test_a_truncated_or_garbled_file_fails_to_decode():
    assert _reason(images.jpeg()[:-100], JPEG) == "decode_failed"
    assert _reason(images.png()[:60], PNG) == "decode_failed"
    assert _reason(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 7 + b"\xff\xd9", JPEG) == "decode_failed"


def test_the_pixel_limit_is_enforced_from_the_header_before_any_decoding(monkeypatch):
    monkeypatch.setattr(imagecheck, "_decode", lambda *_: pytest.fail("decoded a bomb"))
    assert _reason(images.pixel_flood_png(), PNG) == "pixel_limit"  # also above Pillow's own bomb check
    assert _reason(images.png(100, 100), PNG, max_pixels=9_999) == "pixel_limit"
    assert _reason(images.jpeg(100, 100), JPEG, max_pixels=9_999) == "pixel_limit"
    assert _reason(images.heic(100, 100), HEIC, max_pixels=9_999) == "pixel_limit"
