"""Test hooks under /control/wechatpay: the paying user, refund outcomes, delivery faults, settings.

Bad input here is a test bug, so it gets HTTP 400 {"error": ...} rather than a WeChat code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Response, current_app, jsonify, request

from sandbox.control import ControlError, control_blueprint, json_body
from sandbox.wechatpay import crypto
from sandbox.wechatpay.config import PLATFORM_MODES, RUNTIME_SETTINGS
from sandbox.wechatpay.notify import FAULT_MODES, Fault
from sandbox.wechatpay.state import PayState
from sandbox.wechatpay.validation import is_int

bp = control_blueprint("wechatpay_control", "/control/wechatpay")



def _state() -> PayState:
    return current_app.extensions["sandbox_wechatpay"]  # type: ignore[no-any-return]



_body = json_body


def _positive_int(body: dict[str, Any], key: str, default: int | None) -> int | None:
    value = body.get(key, default)
    if value is not None and (not is_int(value) or value < 1):
        raise ControlError(f"{key} must be a positive integer")
    return value


@bp.post("/pay")
def pay() -> Response:
    """The user completes wx.requestPayment: SUCCESS now, TRANSACTION.SUCCESS delivered next."""
    state, body = _state(), _body()
    prepay_id, out_trade_no = body.get("prepay_id"), body.get("out_trade_no")
    if not isinstance(prepay_id or out_trade_no, str):
        raise ControlError("give prepay_id or out_trade_no")
    bank_type = body.get("bank_type", "OTHERS")
    if not isinstance(bank_type, str) or not bank_type:
        raise ControlError("bank_type must be a string such as OTHERS or CMB_CREDIT")
    payer_total = _positive_int(body, "payer_total", None)
    with state.lock:
        order, n = state.pay(prepay_id, out_trade_no, payer_total, bank_type)
        return jsonify(transaction=order.transaction_json(), notification_id=n.id)


@bp.post("/refund-result")
def refund_result() -> Response:
    state, body = _state(), _body()
    out_refund_no, status = body.get("out_refund_no"), body.get("status", "SUCCESS")
    if not isinstance(out_refund_no, str):
        raise ControlError("out_refund_no is required")
    with state.lock:
        refund, n = state.settle_refund(out_refund_no, status)
        return jsonify(refund=refund.refund_json(), notification_id=n.id if n else None)


@bp.get("/deliveries")
def deliveries() -> Response:
    args = request.args
    found = _state().deliveries.query(
        out_trade_no=args.get("out_trade_no"),
        out_refund_no=args.get("out_refund_no"),
        event_type=args.get("event_type"),
        id=args.get("notification_id"),
    )
    return jsonify(deliveries=found)


@bp.post("/faults")
def faults() -> Response:
    body = _body()
    mode = body.get("mode")
    if mode not in FAULT_MODES:
        raise ControlError(f"mode must be one of {', '.join(FAULT_MODES)}")
    count = _positive_int(body, "count", 1)
    copies = _positive_int(body, "copies", 2)
    seconds = body.get("seconds", 1.0)
    if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or not 0 <= seconds <= 60:
        raise ControlError("seconds must be a number in 0..60")
    assert count is not None and copies is not None
    _state().deliveries.add_fault(Fault(mode, count, copies, float(seconds)))
    return jsonify(ok=True)


@bp.post("/redeliver")
def redeliver() -> Response:
    notification_id = _body().get("notification_id")
    if not isinstance(notification_id, str):
        raise ControlError("notification_id is required")
    n = _state().deliveries.redeliver(notification_id)
    return jsonify(notification_id=n.id, status=n.status)


@bp.post("/release")
def release() -> Response:
    """Deliver every notification parked by the ``hold`` fault, all at the same moment."""
    released = _state().deliveries.release()
    return jsonify(notification_ids=[n.id for n in released])


@bp.post("/bills")
def inject_bill() -> Response:
    """Serve a hand-made bill for a date instead of the one built from traffic.

    ``{"bill_date": "YYYY-MM-DD", "bill_type": "ALL"|"SUCCESS"|"REFUND", "csv": "..." | null,
    "hash_value"?: "<sha1 to announce instead of the real one>"}``; ``csv: null`` = no bill that day.
    """
    body = _body()
    try:
        day = dt.date.fromisoformat(str(body.get("bill_date")))
    except ValueError:
        raise ControlError("bill_date must be YYYY-MM-DD") from None
    bill_type = body.get("bill_type", "ALL")
    if bill_type not in ("ALL", "SUCCESS", "REFUND"):
        raise ControlError("bill_type must be ALL, SUCCESS or REFUND")
    text, hash_value = body.get("csv"), body.get("hash_value")
    if text is not None and not isinstance(text, str):
        raise ControlError("csv must be a string or null")
    if hash_value is not None and not isinstance(hash_value, str):
        raise ControlError("hash_value must be a string")
    _state().inject_bill(day, bill_type, None if text is None else text.encode("utf-8"), hash_value)
    return jsonify(ok=True)


@bp.post("/settings")
def settings() -> Response:
    """Change runtime settings (platform_mode, signing_key_index, time_scale, ...) until reset."""
    state, body = _state(), _body()
    unknown = set(body) - set(RUNTIME_SETTINGS)
    if unknown:
        raise ControlError(f"unknown settings {sorted(unknown)}; allowed: {', '.join(RUNTIME_SETTINGS)}")
    mode = body.get("platform_mode", state.settings.platform_mode)
    if mode not in PLATFORM_MODES:
        raise ControlError(f"platform_mode must be one of {', '.join(PLATFORM_MODES)}")
    index = body.get("signing_key_index", state.settings.signing_key_index)
    if not is_int(index) or not 0 <= index < len(state.platform.keys):
        raise ControlError(f"signing_key_index must be in 0..{len(state.platform.keys) - 1}")
    scale = body.get("time_scale", state.settings.time_scale)
    if not isinstance(scale, (int, float)) or isinstance(scale, bool) or scale < 0:
        raise ControlError("time_scale must be a non-negative number")
    refund_after = body.get("refund_auto_success_seconds", state.settings.refund_auto_success_seconds)
    if refund_after is not None and (not isinstance(refund_after, (int, float)) or refund_after < 0):
        raise ControlError("refund_auto_success_seconds must be a non-negative number or null")
    ready = body.get("bill_ready_hour", state.settings.bill_ready_hour)
    if ready is not None and (not is_int(ready) or not 0 <= ready <= 23):
        raise ControlError("bill_ready_hour must be an hour 0..23 or null")
    with state.lock:
        s = state.settings
        s.platform_mode, s.signing_key_index, s.time_scale = mode, index, float(scale)
        s.refund_auto_success_seconds, s.bill_ready_hour = refund_after, ready
        return jsonify(settings=dict(s.__dict__), serial=state.platform.serial(mode, index))


@bp.get("/platform")
def platform() -> Response:
    """Everything a merchant downloads from the console: public keys + ids, certificates."""
    state = _state()
    p = state.platform
    keys = [
        {
            "index": i,
            "public_key_id": p.public_key_ids[i],
            "public_key": crypto.public_pem(key.public_key()),
            "certificate_serial_no": p.serial("certificate", i),
            "certificate": crypto.certificate_pem(p.certificates[i]),
        }
        for i, key in enumerate(p.keys)
    ]
    s = state.settings
    return jsonify(
        keys=keys,
        settings=dict(s.__dict__),
        signing_serial=p.serial(s.platform_mode, s.signing_key_index),
        mchid=state.config.mchid,
        appid=state.appid,
    )
