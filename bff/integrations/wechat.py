"""WeChat mini-program server APIs through wechatpy, at the real host or the sandbox.

wechatpy 1.8.18 hard-codes the token URL and retries token errors recursively with
no cap, so the client below fetches the shared stable token itself and retries a
token error once. The access token lives in Redis and is shared by every process.
No Flask imports: jobs use this adapter too.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import redis
import requests
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException
from wechatpy.session.redisstorage import RedisStorage

from bff.config import Settings
from bff.errors import DomainError

log = logging.getLogger(__name__)

_CODE_ERRORS = {40029, 40163, 40226}
_TOKEN_ERRORS = {40001, 40014, 42001}
_QUOTA_ERRORS = {45009, 45011}


class WechatCodeRejected(DomainError):
    status, reason, message = 401, "wechat_code_invalid", "微信授权码无效或已使用，请重新授权"


class WechatUnavailable(DomainError):
    status, reason, message = 503, "wechat_unavailable", "微信服务暂不可用，请稍后再试"


class WechatRejected(DomainError):
    """WeChat refused a request for a reason the caller can act on (e.g. no subscription)."""

    status, reason, message = 502, "wechat_rejected", "微信拒绝了该请求"

    def __init__(self, errcode: int, errmsg: str) -> None:
        super().__init__()
        self.errcode = errcode
        self.errmsg = errmsg


@dataclass(frozen=True)
class WechatSession:
    openid: str
    session_key: str
    unionid: str | None


@dataclass(frozen=True)
class WechatPhone:
    number: str
    country_code: str


class _Client(WeChatClient):
    """wechatpy client whose every URL, token fetch included, follows ``api_base``."""

    def __init__(self, *, api_base: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.api_base = api_base
        self.API_BASE_URL = api_base + "cgi-bin/"
        self.wxa.API_BASE_URL = api_base

    def fetch_access_token(self) -> dict[str, Any]:
        # stable_token hands every process the same token, so web workers and job
        # workers never invalidate each other's token as /cgi-bin/token would.
        res = self._http.post(
            self.api_base + "cgi-bin/stable_token",
            json={"grant_type": "client_credential", "appid": self.appid,
                  "secret": self.secret, "force_refresh": False},
            timeout=self.timeout,
        )
        res.raise_for_status()
        result = res.json()
        if result.get("errcode"):
            raise WeChatClientException(result["errcode"], result.get("errmsg"), client=self)
        expires_in = int(result.get("expires_in", 7200))
        # Expire our copy a minute early so we never present a token WeChat just retired.
        self.session.set(self.access_token_key, result["access_token"], max(expires_in - 60, 1))
        self.expires_at = int(time.time()) + expires_in
        return result


class WechatGateway:
    def __init__(self, settings: Settings, redis_client: redis.Redis) -> None:
        self.appid = settings.wechat_appid
        self._client = _Client(
            api_base=settings.wechat_api_base,
            appid=settings.wechat_appid,
            secret=settings.wechat_secret.get_secret_value(),
            session=RedisStorage(redis_client, prefix="mirror:wechat"),
            timeout=settings.wechat_timeout,
            auto_retry=False,
        )

    def code_to_session(self, code: str) -> WechatSession:
        # wechatpy would fetch and append an access token jscode2session does not use; a None
        # value keeps it out of the query (requests drops None params).
        result = self._call(
            self._client.get, "sns/jscode2session", api_base_url=self._client.api_base, code_errors=True,
            params={"appid": self.appid, "secret": self._client.secret, "js_code": code,
                    "grant_type": "authorization_code", "access_token": None},
        )
        if not result.get("openid") or not result.get("session_key"):
            raise WechatUnavailable()
        return WechatSession(result["openid"], result["session_key"], result.get("unionid") or None)

    def get_phone_number(self, code: str, *, openid: str) -> WechatPhone:
        result = self._call(
            self._client.post, "wxa/business/getuserphonenumber",
            api_base_url=self._client.api_base, data={"code": code, "openid": openid}, code_errors=True,
        )
        info = result.get("phone_info") or {}
        number = info.get("purePhoneNumber") or info.get("phoneNumber")
        watermark = info.get("watermark") or {}
        if not number or watermark.get("appid") != self.appid:
            raise WechatUnavailable()
        return WechatPhone(str(number), str(info.get("countryCode") or "86"))

    def get_unlimited_qrcode(self, *, scene: str, page: str, width: int = 430) -> bytes:
        result = self._call(
            self._client.post, "wxa/getwxacodeunlimit", api_base_url=self._client.api_base,
            data={"scene": scene, "page": page, "width": width, "check_path": True},
        )
        if isinstance(result, requests.Response):
            return result.content
        raise WechatUnavailable()

    def send_subscribe_message(self, *, openid: str, template_id: str, data: dict[str, str],
                               page: str | None = None) -> None:
        body: dict[str, Any] = {
            "touser": openid,
            "template_id": template_id,
            "data": {key: {"value": value} for key, value in data.items()},
        }
        if page:
            body["page"] = page
        self._call(self._client.post, "message/subscribe/send", data=body)

    def _call(self, fn: Any, *args: Any, code_errors: bool = False, **kwargs: Any) -> Any:
        for attempt in (1, 2):
            try:
                return fn(*args, **kwargs)
            except WeChatClientException as exc:
                errcode = int(exc.errcode) if exc.errcode is not None else None
                if errcode in _TOKEN_ERRORS and attempt == 1:
                    # Token retired (rotation or expiry): drop ours and retry exactly once.
                    self._client.session.delete(self._client.access_token_key)
                    continue
                if code_errors and errcode in _CODE_ERRORS:
                    raise WechatCodeRejected() from exc
                if errcode is None or errcode == -1 or errcode in _QUOTA_ERRORS | _TOKEN_ERRORS:
                    log.warning("wechat unavailable", extra={"errcode": errcode})
                    raise WechatUnavailable() from exc
                raise WechatRejected(errcode, str(exc.errmsg)) from exc
            except (requests.RequestException, ValueError) as exc:
                log.warning("wechat unreachable: %s", type(exc).__name__)
                raise WechatUnavailable() from exc
        raise WechatUnavailable()
