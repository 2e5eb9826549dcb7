"""WeChat Pay API v3 routes, mirroring https://api.mch.weixin.qq.com under /wechatpay.

Clients set their gateway to ``<sandbox base>/wechatpay``. The merchant signs the path as
WeChat sees it, i.e. WITHOUT that prefix (``/v3/pay/transactions/jsapi``), so the prefix
(and the sandbox's own mount point, e.g. /sandbox) is stripped before verifying.
Every reply is signed with the current platform key, except the bill file download.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, current_app, g, request

from sandbox.wechatpay import crypto, signing, validation
from sandbox.wechatpay.errors import PayError, param_error
from sandbox.wechatpay.state import PayState

PREFIX = "/wechatpay"
bp = Blueprint("wechatpay_api", __name__, url_prefix=PREFIX)


def _state() -> PayState:
    return current_app.extensions["sandbox_wechatpay"]  # type: ignore[no-any-return]


def signed_path() -> str:
    """PATH?QUERY as the merchant signed it: the raw request target minus the gateway prefix."""
    prefix = request.script_root + PREFIX
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if isinstance(raw, str) and raw.startswith(prefix + "/"):
        return raw[len(prefix) :]
    path = quote(request.environ.get("PATH_INFO", ""), safe="/;=,:@!$&'()*+-._~|")
    path = path[len(PREFIX) :] if path.startswith(PREFIX + "/") else path
    query = request.environ.get("QUERY_STRING", "")
    return path + ("?" + query if query else "")


def _reply(payload: dict[str, Any] | None, status: int = 200) -> Response:
    if payload is None:
        response = Response(status=status)
        del response.headers["Content-Type"]
        return response
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status=status, content_type="application/json; charset=utf-8")


@bp.errorhandler(PayError)
def _pay_error(error: PayError) -> Response:
    return _reply(error.body(), error.status)


@bp.before_request
def _authenticate() -> None:
    state = _state()
    g.wechatpay_auth = signing.verify_request(
        request.headers.get("Authorization"),
        request.method,
        signed_path(),
        request.get_data(cache=True),
        state.config,
        state.merchant_key,
    )


@bp.after_request
def _sign(response: Response) -> Response:
    response.headers["Request-ID"] = crypto.new_request_id()
    if not g.get("wechatpay_unsigned"):
        response.headers.update(_state().sign_headers(response.get_data()))
    return response


def _mchid() -> str:
    return str(g.wechatpay_auth.mchid)


def _check_query_mchid() -> None:
    mchid = request.args.get("mchid")
    if mchid is None:
        raise param_error("mchid", "缺少必填参数", location="query")
    if mchid != _mchid():
        raise param_error("mchid", "与请求头Authorization中的商户号不一致", mchid, location="query")


# --- orders -------------------------------------------------------------------
@bp.post("/v3/pay/transactions/jsapi")
def jsapi() -> Response:
    fields = validation.jsapi(validation.json_body(request.get_data()), _mchid())
    order = _state().create_order(_mchid(), fields)
    return _reply({"prepay_id": order.prepay_id})


@bp.get("/v3/pay/transactions/out-trade-no/<out_trade_no>")
def query_by_out_trade_no(out_trade_no: str) -> Response:
    _check_query_mchid()
    state = _state()
    with state.lock:
        return _reply(state.find_order(out_trade_no=out_trade_no).transaction_json())


@bp.get("/v3/pay/transactions/id/<transaction_id>")
def query_by_transaction_id(transaction_id: str) -> Response:
    _check_query_mchid()
    state = _state()
    with state.lock:
        return _reply(state.find_order(transaction_id=transaction_id).transaction_json())


@bp.post("/v3/pay/transactions/out-trade-no/<out_trade_no>/close")
def close(out_trade_no: str) -> Response:
    body = validation.json_body(request.get_data())
    if body.get("mchid") != _mchid():
        raise param_error("mchid", "与请求头Authorization中的商户号不一致", body.get("mchid"))
    _state().close_order(out_trade_no)
    return _reply(None, 204)


# --- refunds ------------------------------------------------------------------
@bp.post("/v3/refund/domestic/refunds")
def refund() -> Response:
    fields = validation.refund(validation.json_body(request.get_data()))
    state = _state()
    with state.lock:
        return _reply(state.create_refund(fields).refund_json())


@bp.get("/v3/refund/domestic/refunds/<out_refund_no>")
def query_refund(out_refund_no: str) -> Response:
    state = _state()
    with state.lock:
        return _reply(state.find_refund(out_refund_no).refund_json())


# --- platform certificates ----------------------------------------------------
@bp.get("/v3/certificates")
def certificates() -> Response:
    state = _state()
    return _reply(state.platform.certificates_payload(state.config.apiv3_key))


# --- bills --------------------------------------------------------------------
@bp.get("/v3/bill/tradebill")
def tradebill() -> Response:
    args = request.args
    day = validation.bill_date(args.get("bill_date"))
    bill_type = args.get("bill_type", "ALL")
    if bill_type not in ("ALL", "SUCCESS", "REFUND"):
        raise param_error("bill_type", "仅支持ALL、SUCCESS、REFUND", bill_type, location="query")
    tar_type = args.get("tar_type")
    if tar_type not in (None, "GZIP"):
        raise param_error("tar_type", "仅支持GZIP, 不压缩时不传", tar_type, location="query")
    token, sha1 = _state().trade_bill(_mchid(), day, bill_type, compress=tar_type == "GZIP")
    # Must start with the client's gateway: wechatpayv3's download_bill strips it off.
    url = request.url_root.rstrip("/") + PREFIX + "/v3/billdownload/file?token=" + token
    return _reply({"hash_type": "SHA1", "hash_value": sha1, "download_url": url})


@bp.get("/v3/billdownload/file")
def billdownload() -> Response:
    data = _state().bill_file(_mchid(), request.args.get("token"))
    g.wechatpay_unsigned = True  # the file is not signed; clients check hash_value instead
    return Response(data, content_type="application/octet-stream")
