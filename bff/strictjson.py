"""The one JSON reader for untrusted bodies: bounded depth and numbers, valid Unicode only.

``json.loads`` alone turns hostile input into server errors: 2,000 nested arrays raise
RecursionError, a 5,000-digit integer raises ValueError (Python's int-conversion limit), and a
lone surrogate (``"\\ud800"``) parses into a str that cannot be encoded for the database, a hash
or WeChat. Everything here is refused up front as ``MalformedJson`` (400 ``malformed_json``).
Flask-free: the notification handlers read their raw bodies with it too.
"""

from __future__ import annotations

import json
import math
from typing import Any

from bff.errors import MalformedJson

MAX_DEPTH = 32  # the deepest body any operation takes is 3 levels
MAX_INT_DIGITS = 19  # a signed 64-bit integer; the database holds nothing wider


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError("integer too long")
    return int(text)


def _float(text: str) -> float:
    if len(text) > 64 or not math.isfinite(value := float(text)):
        raise ValueError("number out of range")
    return value


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _check(value: Any) -> None:
    """Depth and Unicode, iteratively (a recursive walk would fail on the very input it guards)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            item.encode("utf-8")  # UnicodeEncodeError on a lone surrogate
        elif isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise ValueError("nested too deeply")
            if isinstance(item, dict):
                stack.extend((key, depth) for key in item)
                stack.extend((v, depth + 1) for v in item.values())
            else:
                stack.extend((v, depth + 1) for v in item)


def loads(raw: bytes | str) -> Any:
    """:raise MalformedJson: not UTF-8, not JSON, too deep, a number out of range or a lone surrogate."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        value = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
        _check(value)
    except (ValueError, UnicodeError, RecursionError):  # JSONDecodeError is a ValueError
        raise MalformedJson() from None
    return value
