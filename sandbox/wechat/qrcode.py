"""wxacode.getUnlimited: argument rules and a real, scannable QR image.

The payload is a URL naming the app, page and scene so tests can decode the image
and check what a scanning phone would open.
"""

from __future__ import annotations

import io
import re
from typing import Any
from urllib.parse import urlencode

import segno

from sandbox.wechat.errors import WeChatError

# At most 32 visible characters from this set; '%' is excluded, so no URL-encoded text.
_SCENE = re.compile(r"[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}")
ENV_VERSIONS = ("release", "trial", "develop")
MIN_WIDTH, MAX_WIDTH, DEFAULT_WIDTH = 280, 1280, 430


def check_scene(scene: Any) -> str:
    if not isinstance(scene, str) or not _SCENE.fullmatch(scene):
        raise WeChatError(40169)
    return scene


def check_page(page: Any, check_path: bool, pages: tuple[str, ...]) -> str:
    """An empty page means the app's home page (the first one)."""
    if page is None or page == "":
        return pages[0]
    if not isinstance(page, str) or page.startswith("/") or "?" in page:
        raise WeChatError(41030)
    if check_path and page not in pages:
        raise WeChatError(41030)
    return page


def clamp_width(width: Any) -> int:
    # WeChat clamps out-of-range widths rather than rejecting them.
    try:
        value = int(width)
    except (TypeError, ValueError):
        return DEFAULT_WIDTH
    return max(MIN_WIDTH, min(MAX_WIDTH, value))


def _line_color(color: Any) -> tuple[int, int, int]:
    # wechatpy sends the channels as strings ("0"), the docs as numbers; accept both.
    try:
        rgb = tuple(max(0, min(255, int(color[c]))) for c in ("r", "g", "b"))
    except (TypeError, ValueError, KeyError):
        return (0, 0, 0)
    return rgb  # type: ignore[return-value]


def payload(appid: str, page: str, scene: str, env_version: str) -> str:
    query = urlencode({"page": page, "scene": scene, "env_version": env_version})
    return f"https://mp.weixin.qq.com/a/{appid}?{query}"


def render_png(
    data: str, width: int, line_color: Any = None, auto_color: bool = False, is_hyaline: bool = False
) -> bytes:
    code = segno.make_qr(data, error="m")
    border = 4
    modules = code.symbol_size(border=border)[0]
    scale = max(1, width // modules)
    dark = (0, 0, 0) if auto_color else _line_color(line_color)
    out = io.BytesIO()
    code.save(out, kind="png", scale=scale, border=border, dark=dark, light=None if is_hyaline else "white")
    return out.getvalue()
