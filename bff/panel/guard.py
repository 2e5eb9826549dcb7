"""Who may open which panel page: the session from the cookie, CSRF on every POST, and one
permission table that both the server checks and the menu is built from."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import abort, current_app, g, redirect, request, url_for

from bff.db import session as db
from bff.deps import deps
from bff.panel import sessions
from models.billing import OperatorRole

COOKIE = "mirror_admin"
COOKIE_PATH = "/admin"
ADMIN, FINANCE, SUPPORT = OperatorRole.admin.value, OperatorRole.finance.value, OperatorRole.support.value

# permission -> roles holding it. Separation of duties: money moves only with ``finance``;
# accounts, codes and the audit trail are ``admin``'s; ``support`` reads what customers ask about.
PERMISSIONS: dict[str, frozenset[str]] = {
    "dashboard": frozenset({ADMIN, FINANCE, SUPPORT}),
    "money_figures": frozenset({ADMIN, FINANCE}),
    "orders": frozenset({ADMIN, FINANCE, SUPPORT}),
    "notifications_verify": frozenset({FINANCE}),
    "refunds": frozenset({FINANCE}),
    "refunds_manage": frozenset({FINANCE}),
    "alerts": frozenset({FINANCE}),
    "alerts_ack": frozenset({FINANCE}),
    "reconciliation": frozenset({FINANCE}),
    "activation": frozenset({ADMIN}),
    "stores": frozenset({ADMIN, SUPPORT}),
    "stores_disable": frozenset({ADMIN}),
    "users": frozenset({ADMIN, SUPPORT}),
    "users_disable": frozenset({ADMIN}),
    "audit": frozenset({ADMIN}),
}

MENU = (  # (endpoint, label, permission)
    ("panel.dashboard", "概览", "dashboard"),
    ("panel.orders", "订单", "orders"),
    ("panel.refunds", "退款", "refunds"),
    ("panel.alerts", "支付告警", "alerts"),
    ("panel.recon_runs", "对账", "reconciliation"),
    ("panel.batches", "激活码", "activation"),
    ("panel.stores", "门店", "stores"),
    ("panel.users", "用户", "users"),
    ("panel.audit", "审计日志", "audit"),
)

# Reachable without a full session.
PUBLIC = {"panel.login", "panel.static"}
HALF = {"panel.second_factor", "panel.logout"}


def can(permission: str) -> bool:
    operator = g.get("panel_operator")
    return operator is not None and bool(PERMISSIONS[permission] & set(operator.roles or []))


def requires(permission: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """403 unless the signed-in operator (roles read from the database this request) may."""
    assert permission in PERMISSIONS

    def decorator(fn: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not can(permission):
                abort(403)
            return fn(*args, **kwargs)

        wrapper.panel_permission = permission  # type: ignore[attr-defined]
        return wrapper

    return decorator


def cookie_value() -> str | None:
    return request.cookies.get(COOKIE)


def set_cookie(response: Any, token: str) -> Any:
    response.set_cookie(COOKIE, token, path=COOKIE_PATH, secure=deps().settings.admin_cookie_secure,
                        httponly=True, samesite="Strict")
    return response


def clear_cookie(response: Any) -> Any:
    response.delete_cookie(COOKIE, path=COOKIE_PATH, secure=deps().settings.admin_cookie_secure,
                           httponly=True, samesite="Strict")
    return response


def before_request() -> Any:
    """Load the session; anonymous requests go to the login page; POSTs need the CSRF token."""
    if request.endpoint == "panel.static":
        return None
    settings = deps().settings
    current = sessions.load(db(), cookie_value(), settings)
    g.panel_current = current
    g.panel_operator = current.operator if current and current.session.stage == sessions.FULL else None
    if request.method == "POST" and not sessions.csrf_valid(settings, cookie_value(), request.form.get("csrf_token")):
        if current is None:
            return redirect(url_for("panel.login", expired=1), 303)
        abort(400)
    if request.endpoint in PUBLIC:
        return None
    if current is None:
        target = url_for("panel.login", next=request.full_path if request.method == "GET" else None)
        return redirect(target, 302 if request.method == "GET" else 303)
    if current.session.stage != sessions.FULL:
        if request.endpoint in HALF:
            return None
        return redirect(url_for("panel.second_factor"), 302 if request.method == "GET" else 303)
    sessions.touch(current)
    return None


def after_request(response: Any) -> Any:
    if request.endpoint == "panel.static":
        return response
    response.headers["Cache-Control"] = "no-store"
    # The panel runs no script at all.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'")
    return response


def safe_next(target: str | None) -> str:
    """Only a path inside the panel: never an open redirect."""
    if not target:
        return url_for("panel.dashboard")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith(COOKIE_PATH) or "\\" in target:
        return url_for("panel.dashboard")
    return target.rstrip("?")


# -- opaque references for rows that have no public id (payment notifications and alerts) -------

def make_ref(kind: str, row_id: int) -> str:
    raw = row_id.to_bytes(8, "big")
    return base64.urlsafe_b64encode(raw).decode().rstrip("=") + "." + _tag(kind, raw)


def parse_ref(kind: str, ref: str) -> int:
    try:
        head, tag = ref.split(".", 1)
        raw = base64.urlsafe_b64decode(head + "=" * (-len(head) % 4))
    except ValueError:
        abort(404)
    if len(raw) != 8 or not hmac.compare_digest(_tag(kind, raw), tag):
        abort(404)
    return int.from_bytes(raw, "big")


def _tag(kind: str, raw: bytes) -> str:
    key = current_app.extensions["mirror.settings"].secret_key.get_secret_value().encode()
    return hmac.new(key, f"panel-ref|{kind}|".encode() + raw, hashlib.sha256).hexdigest()[:20]
