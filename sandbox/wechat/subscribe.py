"""subscribeMessage.send argument checks (everything except recipient and quota)."""

from __future__ import annotations

import re
from typing import Any

from sandbox.wechat.errors import WeChatError

MINIPROGRAM_STATES = ("developer", "trial", "formal")
LANGS = ("zh_CN", "en_US", "zh_HK", "zh_TW")
# Length limits WeChat enforces per keyword type (the key name minus its trailing number).
MAX_LENGTH: dict[str, int] = {
    "thing": 20,
    "number": 32,
    "letter": 32,
    "symbol": 5,
    "character_string": 32,
    "phone_number": 17,
    "car_number": 8,
    "name": 20,
    "phrase": 5,
}


def _invalid(detail: str) -> WeChatError:
    return WeChatError(47003, f"argument invalid! {detail}")


def check_data(required: tuple[str, ...], data: Any) -> None:
    if not isinstance(data, dict):
        raise _invalid("data is empty")
    for key in required:
        entry = data.get(key)
        value = entry.get("value") if isinstance(entry, dict) else None
        if not isinstance(value, str) or not value:
            raise _invalid(f"data.{key}.value is empty")
        kind = re.sub(r"\d+$", "", key)
        if len(value) > MAX_LENGTH.get(kind, 1000):
            raise _invalid(f"data.{key}.value exceed max length")


def check_page(page: Any, pages: tuple[str, ...]) -> None:
    # A query string is allowed here (unlike wxacode); only the path must exist.
    if page is None:
        return
    if not isinstance(page, str) or page.split("?", 1)[0] not in pages:
        raise WeChatError(41030)


def check_options(body: dict[str, Any]) -> None:
    if body.get("miniprogram_state", "formal") not in MINIPROGRAM_STATES:
        raise _invalid("miniprogram_state")
    if body.get("lang", "zh_CN") not in LANGS:
        raise _invalid("lang")
