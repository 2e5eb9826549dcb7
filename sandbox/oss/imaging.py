"""``x-oss-process=image/...``: resize, text watermark, format and quality, chained with ``/``.

Parameters follow OSSDOC (doc 44688 "resize", "watermark"); every action is validated before
the image is decoded, and a bad one answers 400 InvalidArgument. Rendering uses OpenCV.
Text watermarks use Hershey fonts, which only have ASCII glyphs: accents are stripped
(é -> e) and other non-ASCII characters (CJK included) are drawn as '?'.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from collections.abc import Callable

import cv2
import numpy as np

from sandbox.oss.errors import OssError

CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "bmp": "image/bmp",
    "gif": "image/gif",
}
GRAVITIES = ("nw", "north", "ne", "west", "center", "east", "sw", "south", "se")
# gravity -> (column: west/centre/east, row: north/middle/south)
_PLACE = dict(zip(GRAVITIES, ("wn", "cn", "en", "wm", "cm", "em", "ws", "cs", "es"), strict=True))
_HEX = re.compile(r"[0-9A-Fa-f]{6}")


def sniff_format(data: bytes) -> str | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"BM"):
        return "bmp"
    return None


def _decode(data: bytes) -> np.ndarray | None:
    if sniff_format(data) is None:
        return None
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    return image if isinstance(image, np.ndarray) and image.size else None


def image_info(data: bytes) -> tuple[int, int, str] | None:
    """(width, height, format) for the callback's ${imageInfo.*}; None if not an image."""
    image = _decode(data)
    fmt = sniff_format(data)
    if image is None or fmt is None:
        return None
    return image.shape[1], image.shape[0], fmt


# --- parameter parsing ---------------------------------------------------------


def _bad(action: str, detail: str) -> OssError:
    return OssError("InvalidArgument", f"The {action} parameter is invalid: {detail}.")


def _params(action: str, items: list[str], allowed: set[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("_")
        if not sep or name not in allowed:
            raise _bad(action, f"unknown parameter {item!r}")
        params[name] = value
    return params


def _int(
    action: str, params: dict[str, str], name: str, low: int, high: int, default: int | None = None
) -> int | None:
    raw = params.get(name)
    if raw is None:
        return default
    if not re.fullmatch(r"-?\d+", raw) or not low <= int(raw) <= high:
        raise _bad(action, f"{name} must be an integer in [{low}, {high}]")
    return int(raw)


def _color(action: str, params: dict[str, str], name: str, default: str) -> tuple[int, int, int]:
    raw = params.get(name, default)
    if not _HEX.fullmatch(raw):
        raise _bad(action, f"{name} must be RRGGBB hex")
    r, g, b = (int(raw[i : i + 2], 16) for i in (0, 2, 4))
    return b, g, r  # OpenCV is BGR


Step = Callable[[np.ndarray], np.ndarray]


def _resize(items: list[str]) -> Step:
    p = _params("resize", items, {"m", "w", "h", "l", "s", "limit", "color", "p"})
    mode = p.get("m", "lfit")
    if mode not in ("lfit", "mfit", "fill", "pad", "fixed"):
        raise _bad("resize", f"unknown mode {mode}")
    w, h = _int("resize", p, "w", 1, 16384), _int("resize", p, "h", 1, 16384)
    longest, shortest = _int("resize", p, "l", 1, 16384), _int("resize", p, "s", 1, 16384)
    percent = _int("resize", p, "p", 1, 1000)
    limit = _int("resize", p, "limit", 0, 1, 1)
    color = _color("resize", p, "color", "FFFFFF")
    if percent is None and w is None and h is None and longest is None and shortest is None:
        raise _bad("resize", "one of w, h, l, s, p is required")

    def apply(image: np.ndarray) -> np.ndarray:
        src_h, src_w = image.shape[:2]
        if percent is not None:
            scale = percent / 100
            box_w, box_h, how = src_w * scale, src_h * scale, "fixed"
        else:
            bw, bh = w, h
            if bw is None and bh is None:  # l/s name the long and short side of the source
                bw, bh = (longest, shortest) if src_w >= src_h else (shortest, longest)
            ratios = [r for r in ((bw / src_w) if bw else None, (bh / src_h) if bh else None) if r]
            scale = max(ratios) if mode in ("mfit", "fill") else min(ratios)
            box_w, box_h, how = bw or src_w * scale, bh or src_h * scale, mode
        if how == "fixed":
            out_w, out_h = box_w, box_h
        else:
            out_w, out_h = src_w * scale, src_h * scale
        out_w, out_h, box_w, box_h = (max(1, round(v)) for v in (out_w, out_h, box_w, box_h))
        if limit == 1 and (out_w > src_w or out_h > src_h):
            return image  # limit_1: never enlarge, answer the original
        resized = cv2.resize(image, (out_w, out_h), interpolation=cv2.INTER_AREA)
        if how == "fill":
            top, left = (out_h - box_h) // 2, (out_w - box_w) // 2
            return resized[top : top + box_h, left : left + box_w]
        if how == "pad":
            canvas = np.empty((box_h, box_w) + resized.shape[2:], resized.dtype)
            canvas[...] = color + (255,) * (canvas.shape[2] - 3) if canvas.ndim == 3 else color[0]
            top, left = (box_h - out_h) // 2, (box_w - out_w) // 2
            canvas[top : top + out_h, left : left + out_w] = resized
            return canvas
        return resized

    return apply


def _ascii(text: str) -> str:
    stripped = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return "".join(c if 32 <= ord(c) < 127 else "?" for c in stripped)


def _watermark(items: list[str]) -> Step:
    allowed = {
        "text",
        "type",
        "color",
        "size",
        "t",
        "g",
        "x",
        "y",
        "voffset",
        "shadow",
        "rotate",
        "fill",
        "image",
    }
    p = _params("watermark", items, allowed)
    if "image" in p:
        raise _bad("watermark", "image watermarks are not supported by the sandbox")
    try:
        raw = p["text"]
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode("utf-8")
    except (KeyError, binascii.Error, UnicodeDecodeError):
        raise _bad("watermark", "text must be URL-safe base64 of UTF-8 text") from None
    if not text or len(text) > 64:
        raise _bad("watermark", "text must be 1 to 64 characters")
    size = _int("watermark", p, "size", 1, 1000, 40) or 40
    opacity = _int("watermark", p, "t", 0, 100, 100)
    dx, dy = _int("watermark", p, "x", 0, 4096, 10) or 0, _int("watermark", p, "y", 0, 4096, 10) or 0
    voffset = _int("watermark", p, "voffset", -1000, 1000, 0) or 0
    for ignored in ("shadow", "rotate", "fill"):
        _int("watermark", p, ignored, 0, 360)
    color = _color("watermark", p, "color", "000000")
    gravity = p.get("g", "se")
    if gravity not in GRAVITIES:
        raise _bad("watermark", f"unknown gravity {gravity}")
    drawn = _ascii(text)

    def apply(image: np.ndarray) -> np.ndarray:
        if image.ndim == 2:
            image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
        font, thickness = cv2.FONT_HERSHEY_SIMPLEX, max(1, size // 15)
        scale = cv2.getFontScaleFromHeight(font, size, thickness)
        (tw, th), baseline = cv2.getTextSize(drawn, font, scale, thickness)
        height, width = image.shape[:2]
        column = {"w": dx, "c": (width - tw) // 2, "e": width - tw - dx}
        row = {"n": dy, "m": (height - th) // 2 + voffset, "s": height - th - baseline - dy}
        left, top = column[_PLACE[gravity][0]], row[_PLACE[gravity][1]]
        overlay = image.copy()
        ink = color + (255,) * (image.shape[2] - 3)
        cv2.putText(overlay, drawn, (left, top + th), font, scale, ink, thickness, cv2.LINE_AA)
        alpha = (opacity if opacity is not None else 100) / 100
        return cv2.addWeighted(overlay, alpha, image, 1 - alpha, 0)

    return apply


def parse(spec: str) -> tuple[list[Step], str | None, int | None]:
    """Validate an x-oss-process value; return the steps, output format and JPEG quality."""
    actions = spec.split("/")
    if actions[0] != "image" or len(actions) < 2 or not all(actions[1:]):
        raise OssError("InvalidArgument", f"The x-oss-process value is not supported: {spec}")
    steps: list[Step] = []
    fmt: str | None = None
    quality: int | None = None
    for action in actions[1:]:
        name, *items = action.split(",")
        if name == "resize":
            steps.append(_resize(items))
        elif name == "watermark":
            steps.append(_watermark(items))
        elif name == "format":
            fmt = {"jpeg": "jpg"}.get(items[0], items[0]) if len(items) == 1 else None
            if fmt not in CONTENT_TYPES:
                raise _bad("format", f"unsupported format {','.join(items)}")
        elif name == "quality":
            p = _params("quality", items, {"q", "Q"})
            quality = _int("quality", p, "q", 1, 100) or _int("quality", p, "Q", 1, 100)
            if quality is None:
                raise _bad("quality", "q or Q is required")
        else:
            raise OssError("InvalidArgument", f"The image action is not supported: {name}")
    return steps, fmt, quality


def process(data: bytes, spec: str) -> tuple[bytes, str]:
    """Apply x-oss-process to an image; output keeps the source format unless format_ says."""
    steps, fmt, quality = parse(spec)
    image = _decode(data)
    source_format = sniff_format(data)
    if image is None or source_format is None:
        raise OssError("InvalidArgument", "The object is not an image, or its format is not supported.")
    for step in steps:
        image = step(image)
    out = fmt or source_format
    params = [cv2.IMWRITE_JPEG_QUALITY, quality or 90] if out == "jpg" else []
    if out == "jpg" and image.ndim == 3 and image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    ok, encoded = cv2.imencode("." + out, image, params)
    if not ok:
        raise OssError("InternalError", f"could not encode {out}")
    return encoded.tobytes(), CONTENT_TYPES[out]
