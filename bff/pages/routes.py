"""`/` (landing page) and `/api/docs/static/` (Swagger UI assets shipped by swagger-ui-bundle)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, send_from_directory
from swagger_ui_bundle import swagger_ui_path

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
def landing():  # type: ignore[no-untyped-def]
    sandbox = "mirror.sandbox" in current_app.extensions
    admin = any(rule.rule == "/admin" for rule in current_app.url_map.iter_rules())
    return render_template("landing.html", sandbox_pages=SANDBOX_PAGES if sandbox else (), admin=admin)


@bp.get(f"{SWAGGER_UI_URL}<path:filename>")
def swagger_ui_asset(filename: str):  # type: ignore[no-untyped-def]
    # One week: the bundle's file names do not change within an installed version.
    return send_from_directory(str(swagger_ui_path), filename, max_age=7 * 24 * 3600)
