"""WeChat-facing routes, mirroring https://api.weixin.qq.com/ under /wechat.

Each route: count the call, apply any injected fault, check credentials, check the
per-minute quota, then do the work. Errors are HTTP 200 JSON, as WeChat sends them.
"""

from __future__ import annotations

import functools
import json
import math
import time
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from sandbox.wechat import qrcode, subscribe
from sandbox.wechat.errors import WeChatError, error_body
from sandbox.wechat.state import TOKEN_TTL, WeChatState

bp = Blueprint("wechat_api", __name__, url_prefix="/wechat")


def _state() -> WeChatState:
    return current_app.extensions["sandbox_wechat"]  # type: ignore[no-any-return]


@bp.errorhandler(WeChatError)
def _wechat_error(error: WeChatError) -> Response:
    return jsonify(error_body(error.errcode, error.errmsg))


def wechat_api(api: str) -> Callable[[Callable[[], Response]], Callable[[], Response]]:
    """Count the call and apply an injected fault before the real handler runs."""

    def decorate(view: Callable[[], Response]) -> Callable[[], Response]:
        @functools.wraps(view)
        def wrapper() -> Response:
            fault = _state().limits.record_call(api)
            if fault is not None:
                if fault.delay > 0:
                    time.sleep(fault.delay)  # real time: exercises client timeouts
                if fault.http_status:
                    return Response(
                        f"{fault.http_status} injected fault",
                        status=fault.http_status,
                        mimetype="text/html",
                    )
                if fault.errcode is not None:
                    return jsonify(error_body(fault.errcode))
            return view()

        return wrapper

    return decorate


def _json_body() -> dict[str, Any]:
    # Parse the raw body whatever the Content-Type: wechatpy posts JSON bytes without one.
    try:
        body = json.loads(request.get_data(cache=True) or b"")
    except ValueError:
        raise WeChatError(47001) from None
    if not isinstance(body, dict):
        raise WeChatError(47001)
    return body


def _check_quota(appid: str, api: str) -> None:
    if not _state().limits.within_quota(appid, api):
        # wxacode's 5000/min limit answers 45009; the others their minute quota 45011.
        raise WeChatError(45009 if api == "getwxacodeunlimit" else 45011)


def _authorize(api: str) -> str:
    appid = _state().authorize(request.args.get("access_token"))
    _check_quota(appid, api)
    return appid


@bp.get("/sns/jscode2session")
@wechat_api("jscode2session")
def jscode2session() -> Response:
    state, args = _state(), request.args
    appid = state.check_app(args.get("appid"), args.get("secret"))
    if args.get("grant_type", "authorization_code") != "authorization_code":
        raise WeChatError(40002)
    _check_quota(appid, "jscode2session")
    # Success has no errcode field, like the real server.
    return jsonify(state.code2session(appid, args.get("js_code")))


@bp.get("/cgi-bin/token")
@wechat_api("token")
def token() -> Response:
    state, args = _state(), request.args
    if args.get("grant_type") != "client_credential":
        raise WeChatError(40002)
    appid = state.check_app(args.get("appid"), args.get("secret"))
    _check_quota(appid, "token")
    issued = state.issue_token(appid)
    return jsonify(access_token=issued.value, expires_in=TOKEN_TTL)


@bp.post("/cgi-bin/stable_token")
@wechat_api("stable_token")
def stable_token() -> Response:
    state, body = _state(), _json_body()
    if body.get("grant_type") != "client_credential":
        raise WeChatError(40002)
    appid = state.check_app(body.get("appid"), body.get("secret"))
    _check_quota(appid, "stable_token")
    issued = state.stable_token(appid, force_refresh=body.get("force_refresh") is True)
    # Rounded up: a token reused with 300.5 s left must not report less than 300.
    remaining = math.ceil(issued.expires_at - state.clock.now())
    return jsonify(access_token=issued.value, expires_in=remaining)


@bp.post("/wxa/business/getuserphonenumber")
@wechat_api("getuserphonenumber")
def getuserphonenumber() -> Response:
    state = _state()
    appid = _authorize("getuserphonenumber")
    body = _json_body()
    phone = state.redeem_phone_code(appid, body.get("code"), body.get("openid"))
    # Mainland numbers come back without the country code; others with it.
    full = phone.pure_number if phone.country_code == "86" else f"+{phone.country_code}{phone.pure_number}"
    return jsonify(
        errcode=0,
        errmsg="ok",
        phone_info={
            "phoneNumber": full,
            "purePhoneNumber": phone.pure_number,
            "countryCode": int(phone.country_code),
            "watermark": {"timestamp": int(phone.issued_at), "appid": appid},
        },
    )


@bp.post("/wxa/getwxacodeunlimit")
@wechat_api("getwxacodeunlimit")
def getwxacodeunlimit() -> Response:
    state = _state()
    appid = _authorize("getwxacodeunlimit")
    body = _json_body()
    scene = qrcode.check_scene(body.get("scene"))
    page = qrcode.check_page(
        body.get("page"), body.get("check_path", True) is not False, state.config.wechat_pages
    )
    env_version = body.get("env_version", "release")
    if env_version not in qrcode.ENV_VERSIONS:
        raise WeChatError(40097)
    image = qrcode.render_png(
        qrcode.payload(appid, page, scene, env_version),
        qrcode.clamp_width(body.get("width", qrcode.DEFAULT_WIDTH)),
        line_color=body.get("line_color"),
        auto_color=body.get("auto_color") is True,
        is_hyaline=body.get("is_hyaline") is True,
    )
    return Response(image, mimetype="image/png")


@bp.post("/cgi-bin/message/subscribe/send")
@wechat_api("subscribe_send")
def subscribe_send() -> Response:
    state = _state()
    appid = _authorize("subscribe_send")
    body = _json_body()
    if not state.known_user(appid, body.get("touser")):
        raise WeChatError(40003)
    template_id = body.get("template_id")
    templates = state.config.wechat_templates
    required = templates.get(template_id) if isinstance(template_id, str) else None
    if required is None:
        raise WeChatError(40037)
    subscribe.check_data(required, body.get("data"))
    subscribe.check_page(body.get("page"), state.config.wechat_pages)
    subscribe.check_options(body)
    message = {
        "touser": body["touser"],
        "template_id": body["template_id"],
        "page": body.get("page"),
        "miniprogram_state": body.get("miniprogram_state", "formal"),
        "lang": body.get("lang", "zh_CN"),
        "data": body["data"],
    }
    state.record_message(appid, message)
    return jsonify(errcode=0, errmsg="ok")
