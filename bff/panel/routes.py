"""``/admin``: the operators' panel. Thin views over Flask-free services; every action is a POST
with a CSRF token that redirects back (POST-redirect-GET) and is audited in its transaction.

Sign-in: ``/admin/login`` (password, with the admin API's lockout) then
``/admin/login/second-factor`` (TOTP; enrolment by QR the first time). Roles are checked on
the server for every view (``guard.requires``); the menu shows only what the roles allow.
"""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from sqlalchemy import select

from bff.admin import auth
from bff.admin.routes import REFUND_NOTIFY_PATH
from bff.audit.service import record
from bff.audit.verify import verify as verify_audit
from bff.auth.service import disable_user
from bff.billing import activation, notifications, refunds
from bff.billing.wechatpay_verify import NotificationRejected, NotificationUndecryptable
from bff.db import forbid_retry
from bff.db import session as db
from bff.deps import deps
from bff.errors import REASONS, DomainError
from bff.limiter import limiter, setting
from bff.panel import charts, forms, guard, service, sessions
from bff.panel.guard import requires
from bff.security.masking import mask_name
from models import Order, Plan, Refund
from models.billing import OrderStatus, RefundStatus
from models.users import UserStatus

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


def _operator_id() -> str:
    return g.panel_operator.public_id


def _audit(action: str, subject_type: str, subject_id: str, purpose: str | None = None, result: str = "ok",
           actor_id: str | None = None) -> None:
    record(action, subject_type=subject_type, subject_id=subject_id, actor_role="operator",
           actor_id=actor_id or _operator_id(), purpose=purpose, result=result)


def _back(endpoint: str, **values: Any) -> Response:
    return redirect(url_for(endpoint, **values), 303)


def _failed(exc: DomainError, endpoint: str, **values: Any) -> Response:
    """An action the service refused: undo its writes unless they must stay (``persist``)."""
    if not exc.persist:
        db().rollback()
    return _back(endpoint, error=exc.reason, **values)


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


# -- sign-in -----------------------------------------------------------------------------------

@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(setting("login_rate_limit"), methods=["POST"])
def login() -> Any:
    current = g.panel_current
    if current is not None and current.session.stage == sessions.FULL:
        return redirect(url_for("panel.dashboard"), 303 if request.method == "POST" else 302)
    values, errors = ({}, {}) if request.method == "GET" else forms.parse(forms.LoginForm, request.form)
    message, status = ("页面已过期，请重新登录。" if request.args.get("expired") else None), 200
    if request.method == "POST" and not errors:
        try:
            operator, _token, _exp = auth.login(values["username"], values["password"])
        except (auth.OperatorLoginFailed, auth.OperatorLocked, auth.OperatorDisabled) as exc:
            message, status = exc.message, exc.status
        else:
            sessions.rehash_if_needed(operator, values["password"])
            if current is not None:
                sessions.end(db(), current)
            token, _stage = sessions.start(db(), operator, deps().cipher)
            target = url_for("panel.second_factor", next=guard.safe_next(request.args.get("next")))
            return guard.set_cookie(redirect(target, 303), token)
    elif errors:
        message, status = "请输入用户名和密码。", 400
    if not guard.cookie_value():  # a nonce the login form's CSRF token is bound to
        g.panel_new_cookie = sessions.new_token()
    response = make_response(render_template("panel/login.html", message=message), status)
    if g.get("panel_new_cookie"):
        guard.set_cookie(response, g.panel_new_cookie)
    return response


@bp.route("/login/second-factor", methods=["GET", "POST"])
@limiter.limit(setting("login_rate_limit"), methods=["POST"])
def second_factor() -> Any:
    current = g.panel_current
    if current.session.stage == sessions.FULL:
        return redirect(url_for("panel.dashboard"), 303 if request.method == "POST" else 302)
    operator, cipher = current.operator, deps().cipher
    message, status = None, 200
    if request.method == "POST":
        values, errors = forms.parse(forms.CodeForm, request.form)
        try:
            if errors:
                raise sessions.TotpInvalid()
            enrolling = operator.totp_enrolled_at is None
            sessions.verify_code(db(), operator, values["code"], cipher=cipher, redis=deps().redis,
                                 settings=deps().settings)
        except sessions.TotpLocked as exc:
            sessions.end(db(), current)  # committed with the redirect: sign in again after the lock
            return guard.clear_cookie(_back("panel.login", error=exc.reason))
        except (sessions.TotpInvalid, sessions.TotpReplayed) as exc:
            message, status = exc.message, exc.status
        else:
            token = sessions.promote(db(), current)
            if enrolling:
                _audit("operator_totp_enrol", "operator", operator.public_id, actor_id=operator.public_id)
            _audit("operator_login", "operator", operator.public_id, actor_id=operator.public_id)
            target = guard.safe_next(request.args.get("next"))
            return guard.set_cookie(redirect(target, 303), token)
    enrol = None
    if current.session.stage == sessions.ENROL:
        uri = sessions.provisioning_uri(operator, cipher, deps().settings.admin_totp_issuer)
        enrol = {"svg": sessions.qr_svg(uri), "secret": sessions.secret_of(operator, cipher)}
    return render_template("panel/second_factor.html", enrol=enrol, message=message), status


@bp.post("/logout")
def logout() -> Any:
    current = g.panel_current
    sessions.end(db(), current)
    if current.session.stage == sessions.FULL:
        _audit("operator_logout", "operator", current.operator.public_id, actor_id=current.operator.public_id)
    return guard.clear_cookie(_back("panel.login"))


# -- dashboard ---------------------------------------------------------------------------------

@bp.get("")
@requires("dashboard")
def dashboard() -> Any:
    board = service.dashboard(db(), failed_jobs=service.failed_job_count(deps().redis))
    chart = charts.revenue_svg(board.revenue_by_day) if guard.can("money_figures") else None
    return render_template("panel/dashboard.html", board=board, chart=chart)


# -- orders ------------------------------------------------------------------------------------

@bp.get("/orders")
@requires("orders")
def orders() -> Any:
    values, errors = forms.parse(forms.OrderSearch, request.args)
    before = values.pop("before", None)
    rows, cursor = ([], None) if errors else service.search_orders(db(), service.OrderFilters(**values),
                                                                   before=before)
    args = {k: v for k, v in request.args.items() if k != "before"}
    return render_template("panel/orders.html", rows=rows, cursor=cursor, errors=errors, args=args,
                           statuses=[s.value for s in OrderStatus])


def _order(order_id: str, *, lock: bool = False) -> Order:
    try:
        return refunds.find_order(db(), order_id, lock=lock)
    except refunds.OrderNotFound:
        abort(404)


@bp.get("/orders/<order_id>")
@requires("orders")
def order_detail(order_id: str) -> Any:
    order = _order(order_id)
    detail = service.order_detail(db(), order)
    _audit("order_view", "order", order.public_id)
    return render_template("panel/order.html", d=detail, refundable=refunds.refundable_fen(db(), order),
                           ref=guard.make_ref, outcome=request.args.get("outcome"))


@bp.post("/orders/<order_id>/notifications/<ref>/verify")
@requires("notifications_verify")
def verify_notification(order_id: str, ref: str) -> Any:
    from bff.billing.notify_routes import _keys

    order = _order(order_id)
    notification = service.notification_of(db(), order, guard.parse_ref("notification", ref))
    try:
        outcome = notifications.replay_notification(
            db(), current_app.extensions["mirror.db"].factory, notification.id, settings=deps().settings,
            keys=_keys())
    except (NotificationRejected, NotificationUndecryptable) as exc:
        db().rollback()
        _audit("payment_notification_verify", "order", order.public_id, f"rejected:{exc.reason}", result="denied")
        return _back("panel.order_detail", order_id=order.public_id, error="notification_evidence_invalid")
    _audit("payment_notification_verify", "order", order.public_id, outcome)
    return _back("panel.order_detail", order_id=order.public_id, done="verified", outcome=outcome[:32])


@bp.post("/orders/<order_id>/refunds")
@requires("refunds_manage")
def refund_create(order_id: str) -> Any:
    values, errors = forms.parse(forms.RefundForm, request.form)
    if errors:
        return _back("panel.order_detail", order_id=order_id, error="validation_error")
    order = _order(order_id, lock=True)
    amount_fen = int(values["amount_yuan"] * 100)
    return _refund(order, amount_fen, values["refund_reason"], "panel.order_detail", order_id=order.public_id)


def _refund(order: Order, amount_fen: int, reason: str, endpoint: str, **back: Any) -> Any:
    base = deps().settings.wechatpay_notify_base or request.url_root
    notify_url = base.rstrip("/") + "/" + REFUND_NOTIFY_PATH
    forbid_retry()  # a second run after a deadlock would ask WeChat Pay for a second refund
    try:
        refund = refunds.create_refund(db(), order, amount_fen=amount_fen, reason=reason,
                                       operator_id=_operator_id(), notify_url=notify_url)
    except (refunds.RefundRequestFailed, refunds.RefundOutcomeUnknown) as exc:
        _audit("refund_create", "refund", exc.errors["refund_id"], reason, result="failed")
        return _failed(exc, endpoint, **back)
    except DomainError as exc:
        return _failed(exc, endpoint, **back)
    _audit("refund_create", "refund", refund.public_id, reason)
    return _back(endpoint, done="refund_created", **back)


@bp.get("/refunds", endpoint="refunds")
@requires("refunds")
def refunds_list() -> Any:
    values, _errors = forms.parse(forms.RefundFilter, request.args)
    rows = service.list_refunds(db(), status=values.get("status"))
    return render_template("panel/refunds.html", rows=rows, statuses=[s.value for s in RefundStatus],
                           status=values.get("status"))


def _refund_row(refund_id: str) -> tuple[Refund, Order]:
    try:
        refund = refunds.find_refund(db(), refund_id)
    except refunds.RefundNotFound:
        abort(404)
    order = db().get(Order, refund.order_id)
    assert order is not None
    return refund, order


@bp.post("/refunds/<refund_id>/sync")
@requires("refunds_manage")
def refund_sync(refund_id: str) -> Any:
    refund, order = _refund_row(refund_id)
    try:
        refunds.sync_refund(db(), refund)
    except DomainError as exc:
        return _failed(exc, "panel.refunds")
    _audit("refund_sync", "refund", refund.public_id)
    return _back("panel.refunds", done="refund_synced")


@bp.post("/refunds/<refund_id>/retry")
@requires("refunds_manage")
def refund_retry(refund_id: str) -> Any:
    """A refused attempt (``failed``) is tried again as a new attempt, same amount and reason."""
    refund, order = _refund_row(refund_id)
    if refund.status != RefundStatus.failed:
        return _back("panel.refunds", error="order_not_refundable")
    order = _order(order.public_id, lock=True)
    return _refund(order, refund.amount_fen, refund.reason, "panel.refunds")


# -- payment alerts ----------------------------------------------------------------------------

@bp.get("/alerts")
@requires("alerts")
def alerts() -> Any:
    show_all = request.args.get("all") == "1"
    return render_template("panel/alerts.html", rows=service.list_alerts(db(), open_only=not show_all),
                           show_all=show_all, ref=guard.make_ref)


@bp.post("/alerts/<ref>/acknowledge")
@requires("alerts_ack")
def alert_acknowledge(ref: str) -> Any:
    alert_id = guard.parse_ref("alert", ref)
    try:
        alert = service.acknowledge_alert(db(), alert_id, operator_id=_operator_id(), note=request.form.get("note"))
    except DomainError as exc:
        return _failed(exc, "panel.alerts")
    _audit("payment_alert_acknowledge", "payment_alert", str(alert.id), alert.acknowledge_note)
    return _back("panel.alerts", done="alert_acknowledged")


# -- activation-code batches -------------------------------------------------------------------

@bp.get("/activation-batches")
@requires("activation")
def batches() -> Any:
    plans = db().scalars(select(Plan).where(Plan.duration_days > 0).order_by(Plan.sort_order)).all()
    today = service.today()
    return render_template("panel/batches.html", rows=activation.list_batches(db()), plans=plans,
                           default_from=today.isoformat(), default_until=(today + timedelta(days=90)).isoformat())


@bp.post("/activation-batches")
@requires("activation")
def batch_create() -> Any:
    values, errors = forms.parse(forms.BatchForm, request.form)
    if errors:
        return _back("panel.batches", error="validation_error")
    start = datetime.combine(values["valid_from"], time(), service.SHANGHAI).astimezone(UTC)
    until = datetime.combine(values["valid_until"], time(), service.SHANGHAI).astimezone(UTC) + timedelta(days=1)
    try:
        batch, codes = activation.create_batch(db(), plan_code=values["plan_code"], quantity=values["quantity"],
                                               valid_from=start, valid_until=until,
                                               channel_note=values["channel_note"], created_by=_operator_id())
    except DomainError as exc:
        return _failed(exc, "panel.batches")
    service.seal_codes(batch, codes, deps().cipher)
    _audit("activation_batch_create", "activation_batch", batch.public_id, values["channel_note"])
    return _back("panel.batches", done="batch_created")


@bp.post("/activation-batches/<batch_id>/export")
@requires("activation")
def batch_export(batch_id: str) -> Any:
    try:
        batch, text = service.export_codes(db(), batch_id, operator_id=_operator_id(), cipher=deps().cipher)
    except DomainError as exc:
        return _failed(exc, "panel.batches")
    _audit("activation_codes_export", "activation_batch", batch.public_id)
    response = Response(text, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="activation-codes-{batch.public_id}.csv"'
    return response


@bp.post("/activation-batches/<batch_id>/disable")
@requires("activation")
def batch_disable(batch_id: str) -> Any:
    try:
        batch = activation.disable_batch(db(), activation.find_batch(db(), batch_id))
    except DomainError as exc:
        return _failed(exc, "panel.batches")
    _audit("activation_batch_disable", "activation_batch", batch.public_id)
    return _back("panel.batches", done="batch_disabled")


# -- stores and users --------------------------------------------------------------------------

@bp.get("/stores")
@requires("stores")
def stores() -> Any:
    values, _ = forms.parse(forms.ListQuery, request.args)
    return render_template("panel/stores.html", rows=service.list_stores(db(), query=values.get("q")),
                           q=values.get("q", ""))


@bp.get("/stores/<store_id>")
@requires("stores")
def store_detail(store_id: str) -> Any:
    try:
        store = service.find_store(db(), store_id)
    except DomainError:
        abort(404)
    _audit("store_view", "store", store.public_id)
    return render_template("panel/store.html", store=store, members=service.store_members(db(), store))


@bp.post("/stores/<store_id>/disable")
@requires("stores_disable")
def store_disable(store_id: str) -> Any:
    values, errors = forms.parse(forms.NoteForm, request.form)
    if errors:
        return _back("panel.store_detail", store_id=store_id, error="note_required")
    try:
        store = service.find_store(db(), store_id)
    except DomainError:
        abort(404)
    service.disable_store(db(), store)
    _audit("store_disable", "store", store.public_id, values["note"])
    return _back("panel.store_detail", store_id=store.public_id, done="store_disabled")


@bp.get("/users")
@requires("users")
def users() -> Any:
    values, _ = forms.parse(forms.ListQuery, request.args)
    return render_template("panel/users.html", rows=service.list_users(db(), query=values.get("q")),
                           q=values.get("q", ""))


@bp.get("/users/<user_id>")
@requires("users")
def user_detail(user_id: str) -> Any:
    try:
        user = service.find_user(db(), user_id)
    except DomainError:
        abort(404)
    from models import ConsultantProfile

    profile = db().get(ConsultantProfile, user.id)
    _audit("user_view", "user", user.public_id)
    return render_template("panel/user.html", user=user, profile=profile, stores=service.user_stores(db(), user),
                           orders=service.user_orders(db(), user))


@bp.post("/users/<user_id>/disable")
@requires("users_disable")
def user_disable(user_id: str) -> Any:
    values, errors = forms.parse(forms.NoteForm, request.form)
    if errors:
        return _back("panel.user_detail", user_id=user_id, error="note_required")
    try:
        user = service.find_user(db(), user_id)
    except DomainError:
        abort(404)
    if user.status != UserStatus.disabled:
        disable_user(user)
    _audit("user_disable", "user", user.public_id, values["note"])
    return _back("panel.user_detail", user_id=user.public_id, done="user_disabled")


# -- audit trail -------------------------------------------------------------------------------

@bp.get("/audit")
@requires("audit")
def audit() -> Any:
    values, errors = forms.parse(forms.AuditSearch, request.args)
    before = values.pop("before", None)
    rows, cursor = ([], None) if errors else service.search_audit(db(), service.AuditFilters(**values),
                                                                  before=before)
    args = {k: v for k, v in request.args.items() if k != "before"}
    return render_template("panel/audit.html", rows=rows, cursor=cursor, errors=errors, args=args, result=None)


@bp.post("/audit/verify")
@requires("audit")
def audit_verify() -> Any:
    result = verify_audit(db())
    _audit("audit_chain_verify", "audit_chain", "all", "ok" if result.ok else f"{len(result.problems)} problems")
    rows, cursor = service.search_audit(db(), service.AuditFilters())
    return render_template("panel/audit.html", rows=rows, cursor=cursor, errors={}, args={}, result=result)
