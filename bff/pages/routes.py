"""`/` (landing page) and `/api/docs/static/` (Swagger UI assets shipped by swagger-ui-bundle)."""

from __future__ import annotations

import hashlib
import io
import os
from functools import lru_cache

from flask import Blueprint, abort, current_app, render_template, send_file
from swagger_ui_bundle import swagger_ui_path
from werkzeug.security import safe_join

from bff.seed import DEMO_OPENID

bp = Blueprint("pages", __name__, template_folder="templates")

SWAGGER_UI_URL = "/api/docs/static/"
# Mounted emulators and what each one offers (the sandbox has its own index pages).
SANDBOX_PAGES = (
    ("/sandbox/", "沙箱总览"),
    ("/sandbox/wechat/", "微信小程序接口模拟（登录、手机号、小程序码、订阅消息）"),
    ("/sandbox/wechatpay/", "微信支付 API v3 模拟（下单、查询、退款、回调通知）"),
    ("/sandbox/oss/", "阿里云 OSS 模拟（PostObject 直传、回调、图片处理）"),
)


@bp.get("/")
def landing():
    sandbox = "mirror.sandbox" in current_app.extensions
    admin = any(rule.rule == "/admin" for rule in current_app.url_map.iter_rules())
    docs = current_app.config.get("OPENAPI_URL_PREFIX") is not None  # not served in production
    return render_template("landing.html", sandbox_pages=SANDBOX_PAGES if sandbox else (), admin=admin, docs=docs,
                           demo_openid=DEMO_OPENID)


@lru_cache(maxsize=32)
def _asset(filename: str) -> tuple[bytes, str] | None:
    path = safe_join(str(swagger_ui_path), filename)
    if path is None or not os.path.isfile(path):
        return None
    with open(path, "rb") as fh:
        data = fh.read()
    return data, hashlib.sha256(data).hexdigest()


@bp.get("/favicon.ico")
def favicon():
    return swagger_ui_asset("favicon-32x32.png")


@bp.get(f"{SWAGGER_UI_URL}<path:filename>")
def swagger_ui_asset(filename: str):
    # Served from memory: a handful of files, read once per process.
    found = _asset(filename)
    if found is None:
        abort(404)
    data, etag = found
    return send_file(io.BytesIO(data), download_name=filename, etag=etag, max_age=7 * 24 * 3600,
                     conditional=True)
