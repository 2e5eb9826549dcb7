"""The panel's blueprint and what every page shares: the session guard, the menu and labels,
money and time formats, POST-redirect-GET with audit, error pages and the stylesheet."""

from __future__ import annotations

import hashlib
import io
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, g, redirect, render_template, request, send_file, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from bff.audit.service import record
from bff.db import session as db
from bff.deps import deps
from bff.errors import REASONS, DomainError
from bff.panel import guard, service, sessions
from bff.security.masking import mask_name

bp = Blueprint("panel", __name__, url_prefix="/admin", template_folder="templates")
STATIC_DIR = Path(__file__).parent / "static"
bp.before_request(guard.before_request)
bp.after_request(guard.after_request)

# Outcome codes shown after an action (?done=...): the text never comes from the URL.
NOTICES = {
    "refund_created": "退款已提交微信支付，结果以退款通知或同步为准。",
    "refund_synced": "已向微信支付同步退款状态。",
    "verified": "已按存档证据重新验签并处理。",
    "alert_acknowledged": "告警已确认。",
    "batch_created": "激活码批次已创建。激活码只能导出一次，请立即导出并妥善保存。",
    "batch_disabled": "批次已停用，未兑换的激活码随即失效。",
    "store_disabled": "门店已停用，成员将无法访问该门店。",
    "user_disabled": "用户已停用，其全部登录会话已失效。",
    "enrolled": "动态验证码已绑定。",
    "recon_run_done": "对账已完成运行，结果见下方（失败时显示原因）。",
    "mismatch_resolved": "差异已标为已处理。",
}
OUTCOMES = {"processed": "已处理", "duplicate": "重复通知（无变化）", "late": "迟到通知", "stale": "过时通知",
            "ignored": "已忽略"}
ORDER_STATUS = {"created": "待支付", "paid": "已支付", "partially_refunded": "部分退款", "refunded": "已退款",
                "closed": "已关闭"}
ROLE_NAMES = {"admin": "管理员", "finance": "财务", "support": "客服"}
REFUND_STATUS = {"processing": "处理中", "success": "退款成功", "closed": "已关闭", "abnormal": "异常",
                 "failed": "未受理"}


# -- helpers -----------------------------------------------------------------------------------

@bp.app_template_filter("yuan")
def _yuan(fen: int | None) -> str:
    if fen is None:
        return "—"
    sign, fen = ("-", -fen) if fen < 0 else ("", fen)
    return f"{sign}¥{fen // 100:,}.{fen % 100:02d}"


@bp.app_template_filter("cst")
def _cst(value: datetime | None) -> str:
    return value.astimezone(service.SHANGHAI).strftime("%Y-%m-%d %H:%M:%S") if value else "—"


@bp.context_processor
def _context() -> dict[str, Any]:
    cookie = g.get("panel_new_cookie") or guard.cookie_value() or ""
    operator = g.get("panel_operator")
    menu = [(endpoint, label) for endpoint, label, perm in guard.MENU if guard.can(perm)] if operator else []
    notice = NOTICES.get(request.args.get("done", ""))
    error = REASONS[request.args["error"]].message if request.args.get("error") in REASONS else None
    return {"csrf_token": sessions.csrf_token(deps().settings, cookie) if cookie else "", "operator": operator,
            "menu": menu, "can": guard.can, "notice": notice, "error": error, "order_status": ORDER_STATUS,
            "refund_status": REFUND_STATUS, "outcomes": OUTCOMES, "role_names": ROLE_NAMES, "mask_name": mask_name}


def operator_id() -> str:
    return g.panel_operator.public_id


def audited(action: str, subject_type: str, subject_id: str, purpose: str | None = None, result: str = "ok",
           actor_id: str | None = None) -> None:
    record(action, subject_type=subject_type, subject_id=subject_id, actor_role="operator",
           actor_id=actor_id or operator_id(), purpose=purpose, result=result)


def back(endpoint: str, **values: Any) -> WerkzeugResponse:
    return redirect(url_for(endpoint, **values), 303)


def failed(exc: DomainError, endpoint: str, **values: Any) -> WerkzeugResponse:
    """An action the service refused: undo its writes unless they must stay (``persist``)."""
    if not exc.persist:
        db().rollback()
    return back(endpoint, error=exc.reason, **values)


@bp.errorhandler(400)
@bp.errorhandler(403)
@bp.errorhandler(404)
def _http_error(exc: Any) -> tuple[str, int]:
    messages = {400: "表单已失效或不完整，请刷新页面后重试。", 403: "当前账号没有访问此页面或执行此操作的权限。",
                404: "页面或记录不存在。"}
    return render_template("panel/error.html", code=exc.code, message=messages[exc.code]), exc.code


@lru_cache(maxsize=8)
def _asset(filename: str) -> tuple[bytes, str] | None:
    path = STATIC_DIR / filename
    if "/" in filename or "\\" in filename or not path.is_file():
        return None
    data = path.read_bytes()
    return data, hashlib.sha256(data).hexdigest()


@bp.get("/static/<path:filename>", endpoint="static")
def static_asset(filename: str) -> Any:
    """The panel's stylesheet, served from memory (read once per process)."""
    found = _asset(filename)
    if found is None:
        abort(404)
    data, etag = found
    return send_file(io.BytesIO(data), download_name=filename, etag=etag, max_age=24 * 3600, conditional=True)



def register(app: Any) -> None:
    """Import every page module (each adds its views to ``bp``), then mount the panel."""
    from bff.panel import accounts, reconciliation, routes, signin  # noqa: F401

    app.register_blueprint(bp)
