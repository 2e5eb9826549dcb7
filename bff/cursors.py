"""Opaque keyset cursors over an id (newest first): what every id-paged list hands out."""

from __future__ import annotations

import base64

from bff.errors import DomainError


class InvalidCursor(DomainError):
    status, reason, message = 422, "invalid_cursor", "分页游标无效"


def encode_id(row_id: int) -> str:
    return base64.urlsafe_b64encode(str(row_id).encode()).decode().rstrip("=")


def decode_id(cursor: str | None) -> int | None:
    """:raise InvalidCursor: not a cursor this API issued."""
    if not cursor:
        return None
    try:
        return int(base64.urlsafe_b64decode(cursor.encode() + b"==").decode())
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidCursor() from exc
