"""Test hooks under /control/wechat: stand-ins for the mini-program client plus fault/quota knobs.

Bad input here is a test bug, so it gets HTTP 400 {"error": ...} rather than a WeChat errcode.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Response, current_app, jsonify, request

from sandbox.control import ControlError, control_blueprint, json_body
from sandbox.wechat.crypto import encrypt_wxa_data
from sandbox.wechat.limits import APIS, Fault
from sandbox.wechat.state import WeChatState

bp = control_blueprint("wechat_control", "/control/wechat")



def _state() -> WeChatState:
    return current_app.extensions["sandbox_wechat"]  # type: ignore[no-any-return]



_body = json_body


def _required(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value:
        raise ControlError(f"{key} is required")
    return value


def _api(body: dict[str, Any]) -> str:
    api = body.get("api")
    if api not in APIS:
        raise ControlError(f"api must be one of {', '.join(APIS)}")
    return str(api)


def parse_phone(raw: str) -> tuple[str, str]:
    """'13800138000', '+86 138-0013-8000' or '+1 202-555-0123' -> (country code, pure number)."""
    text = raw.strip()
    country = "86"
    match = re.fullmatch(r"\+(\d{1,3})[\s-]+(.+)", text)
    if match:
        country, text = match.group(1), match.group(2)
    elif text.startswith("+86"):
        text = text[3:]
    elif text.startswith("+"):
        raise ControlError("write foreign numbers as '+<country code> <number>'")
    pure = re.sub(r"[\s-]", "", text)
    if not re.fullmatch(r"[0-9]{5,15}", pure):
        raise ControlError(f"not a phone number: {raw!r}")
    if country == "86" and not re.fullmatch(r"1[0-9]{10}", pure):
        raise ControlError(f"not a mainland mobile number: {raw!r}")
    return country, pure


@bp.post("/login")
def login() -> Response:
    state, body = _state(), _body()
    unionid = body.get("unionid")
    if unionid is not None and not isinstance(unionid, str):
        raise ControlError("unionid must be a string or null")
    code, openid = state.login(
        body.get("openid") or None,
        body.get("appid") or state.config.wechat_appid,
        set_unionid="unionid" in body,
        unionid=unionid,
    )
    return jsonify(code=code, openid=openid)


@bp.get("/users/<openid>")
def user(openid: str) -> Response:
    state = _state()
    with state.lock:
        found = state.users.get(openid)
        if found is None:
            raise ControlError(f"unknown openid {openid}")
        return jsonify(
            openid=found.openid,
            appid=found.appid,
            unionid=found.unionid,
            session_key=found.session_key,
            subscriptions=dict(found.quota),
        )


@bp.post("/phone-code")
def phone_code() -> Response:
    state, body = _state(), _body()
    country, pure = parse_phone(_required(body, "phone"))
    return jsonify(code=state.issue_phone_code(_required(body, "openid"), country, pure))


@bp.post("/encrypted-phone")
def encrypted_phone() -> Response:
    state, body = _state(), _body()
    openid = _required(body, "openid")
    country, pure = parse_phone(_required(body, "phone"))
    with state.lock:
        found = state.users.get(openid)
        if found is None or found.session_key is None:
            raise ControlError("unknown openid, or no login code exchanged yet (no session_key)")
        session_key = found.session_key
    payload = {
        "phoneNumber": pure if country == "86" else f"+{country}{pure}",
        "purePhoneNumber": pure,
        "countryCode": country,  # a string in the legacy payload
        "watermark": {
            "appid": body.get("appid") or state.config.wechat_appid,
            "timestamp": int(state.clock.now()),
        },
    }
    encrypted, iv = encrypt_wxa_data(session_key, payload)
    return jsonify(encryptedData=encrypted, iv=iv)


@bp.post("/subscribe")
def subscribe() -> Response:
    state, body = _state(), _body()
    template_id = _required(body, "template_id")
    if template_id not in state.config.wechat_templates:
        raise ControlError(f"unknown template_id {template_id}")
    count = body.get("count", 1)
    if not isinstance(count, int) or count < 1:
        raise ControlError("count must be a positive integer")
    left = state.grant_subscription(_required(body, "openid"), template_id, count)
    return jsonify(template_id=template_id, remaining=left)


@bp.get("/messages")
def messages() -> Response:
    state = _state()
    openid = request.args.get("openid")
    with state.lock:
        found = [dict(m) for m in state.messages if openid is None or m["touser"] == openid]
    return jsonify(messages=found)


@bp.post("/faults")
def faults() -> Response:
    state, body = _state(), _body()
    api = _api(body)
    errcode, http_status = body.get("errcode"), body.get("http_status")
    delay, count = body.get("delay", 0), body.get("count", 1)
    if errcode is not None and not isinstance(errcode, int):
        raise ControlError("errcode must be an integer")
    if http_status is not None and not (isinstance(http_status, int) and 400 <= http_status <= 599):
        raise ControlError("http_status must be an integer in 400..599")
    if not isinstance(delay, (int, float)) or delay < 0:
        raise ControlError("delay must be a non-negative number of seconds")
    if not isinstance(count, int) or count < 1:
        raise ControlError("count must be a positive integer")
    if errcode is None and http_status is None and not delay:
        raise ControlError("give errcode, http_status or delay")
    fault = Fault(errcode=errcode, http_status=http_status, delay=float(delay), remaining=count)
    state.limits.add_fault(api, fault)
    return jsonify(ok=True)


@bp.post("/quota")
def quota() -> Response:
    state, body = _state(), _body()
    api = _api(body)
    per_minute = body.get("per_minute")
    if not isinstance(per_minute, int) or per_minute < 0:
        raise ControlError("per_minute must be a non-negative integer")
    state.limits.set_quota(body.get("appid") or state.config.wechat_appid, api, per_minute)
    return jsonify(ok=True)


@bp.post("/expire-tokens")
def expire_tokens() -> Response:
    return jsonify(expired=_state().expire_tokens())


@bp.get("/calls")
def calls() -> Response:
    counts = _state().limits.calls()
    api = request.args.get("api")
    if api is None:
        return jsonify(calls=counts)
    if api not in counts:
        raise ControlError(f"api must be one of {', '.join(APIS)}")
    return jsonify(api=api, count=counts[api], calls=counts)
