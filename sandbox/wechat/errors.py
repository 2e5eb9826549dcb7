"""WeChat's error convention: HTTP 200 with {"errcode", "errmsg"} (errmsg carries a request id)."""

from __future__ import annotations

import secrets
from typing import Any

# errmsg wording as the real servers send it (PROTOCOLS.md §1).
ERRMSG: dict[int, str] = {
    -1: "system error",
    40001: "invalid credential, access_token is invalid or not latest",
    40002: "invalid grant_type",
    40003: "invalid openid",
    40013: "invalid appid",
    40029: "invalid code",
    40037: "invalid template_id",
    40097: "invalid args",
    40125: "invalid appsecret",
    40163: "code been used",
    40169: "invalid length for scene, or the data is not json string",
    41001: "access_token missing",
    41002: "appid missing",
    41004: "appsecret missing",
    41008: "missing code",
    41030: "invalid page",
    42001: "access_token expired",
    43101: "user refuse to accept the msg",
    45009: "reach max api daily quota limit",
    45011: "api minute-quota reach limit mustslower retry next minute",
    47001: "data format error",
    47003: "argument invalid!",
}


class WeChatError(Exception):
    """Raised anywhere in the emulator; turned into a WeChat error body by the API blueprint."""

    def __init__(self, errcode: int, errmsg: str | None = None) -> None:
        super().__init__(errcode, errmsg)
        self.errcode = errcode
        self.errmsg = errmsg or ERRMSG.get(errcode, "system error")


def new_rid() -> str:
    # Real rids look like "6385b4b3-1c2f3a4e-5b6f7d2c"; clients must not parse them.
    return "-".join(secrets.token_hex(4) for _ in range(3))


def error_body(errcode: int, errmsg: str | None = None) -> dict[str, Any]:
    message = errmsg or ERRMSG.get(errcode, "system error")
    return {"errcode": errcode, "errmsg": f"{message}, rid: {new_rid()}"}
