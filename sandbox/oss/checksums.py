"""Digests OSS reports for an object: CRC-64/ECMA-182 (x-oss-hash-crc64ecma), MD5 ETag, Content-MD5."""

from __future__ import annotations

import base64
import hashlib

_POLY = 0xC96C5795D7870F42  # ECMA-182, bit-reflected
_MASK = 0xFFFFFFFFFFFFFFFF


def _make_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ _POLY if crc & 1 else crc >> 1
        table.append(crc)
    return table


_TABLE = _make_table()


def crc64(data: bytes, crc: int = 0) -> int:
    """CRC-64/XZ (ECMA-182 reflected, init and xorout all ones), what OSS calls crc64ecma.

    ``crc`` lets callers continue a previous value, so chunks can be fed one by one.
    """
    value = crc ^ _MASK
    table = _TABLE
    for byte in data:
        value = table[(value ^ byte) & 0xFF] ^ (value >> 8)
    return value ^ _MASK


def etag(data: bytes) -> str:
    # OSS ETags of simple uploads are the upper-case hex MD5.
    return hashlib.md5(data).hexdigest().upper()  # noqa: S324 - protocol-mandated MD5


def content_md5(data: bytes) -> str:
    return base64.b64encode(hashlib.md5(data).digest()).decode("ascii")  # noqa: S324
