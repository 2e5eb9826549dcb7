"""``/admin``: dashboard, orders (search, detail, verify again, refund), refunds, payment alerts
and activation-code batches. Thin views over Flask-free services; every action is a POST with a
CSRF token that redirects back (POST-redirect-GET) and is audited in its transaction. Roles are
checked on the server for every view (``guard.requires``); the menu shows only what they allow.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from flask import Response, abort, current_app, render_template, request
from sqlalchemy import select

from bff.admin import order_search
from bff.admin.routes import REFUND_NOTIFY_PATH
from bff.billing import activation, notifications, refunds
from bff.billing.wechatpay_verify import NotificationRejected, NotificationUndecryptable
from bff.cursors import InvalidCursor
from bff.db import forbid_retry
from bff.db import session as db
from bff.deps import deps
from bff.errors import DomainError
from bff.panel import charts, forms, guard, service
from bff.panel.guard import requires
from bff.panel.web import audited, back, bp, failed, operator_id
from models import Order, Plan, ReconciliationRun, Refund
from models.billing import OrderStatus, RefundStatus

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
    rows: list[Any] = []
    cursor = None
    if not errors:
        query = order_search.OrderQuery(
            out_trade_no=values.get("out_trade_no"), transaction_id=values.get("transaction_id"),
            store_id=values.get("store_id"), user_id=values.get("user_id"),
            status=OrderStatus(values["status"]) if "status" in values else None,
            created_from=values.get("date_from"), created_to=values.get("date_to"))
        try:
            rows, cursor = order_search.search_orders(db(), query, cursor=values.get("cursor"))
        except InvalidCursor as exc:
            errors = {"cursor": [exc.message]}
    args = {k: v for k, v in request.args.items() if k != "cursor"}
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
    detail = order_search.order_detail(db(), order.public_id)
    runs = dict(db().execute(select(ReconciliationRun.id, ReconciliationRun.public_id).where(
        ReconciliationRun.id.in_({m.run_id for m in detail["mismatches"]}))).all())
    audited("order_view", "order", order.public_id)
    return render_template("panel/order.html", d=detail, runs=runs, refundable=refunds.refundable_fen(db(), order),
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
        audited("payment_notification_verify", "order", order.public_id, f"rejected:{exc.reason}", result="denied")
        return back("panel.order_detail", order_id=order.public_id, error="notification_evidence_invalid")
    audited("payment_notification_verify", "order", order.public_id, outcome)
    return back("panel.order_detail", order_id=order.public_id, done="verified", outcome=outcome[:32])


@bp.post("/orders/<order_id>/refunds")
@requires("refunds_manage")
def refund_create(order_id: str) -> Any:
    values, errors = forms.parse(forms.RefundForm, request.form)
    if errors:
        return back("panel.order_detail", order_id=order_id, error="validation_error")
    order = _order(order_id, lock=True)
    amount_fen = int(values["amount_yuan"] * 100)
    return _refund(order, amount_fen, values["refund_reason"], "panel.order_detail", order_id=order.public_id)


def _refund(order: Order, amount_fen: int, reason: str, endpoint: str, **back_to: Any) -> Any:
    base = deps().settings.wechatpay_notify_base or request.url_root
    notify_url = base.rstrip("/") + "/" + REFUND_NOTIFY_PATH
    forbid_retry()  # a second run after a deadlock would ask WeChat Pay for a second refund
    try:
        refund = refunds.create_refund(db(), order, amount_fen=amount_fen, reason=reason,
                                       operator_id=operator_id(), notify_url=notify_url)
    except (refunds.RefundRequestFailed, refunds.RefundOutcomeUnknown) as exc:
        audited("refund_create", "refund", exc.errors["refund_id"], reason, result="failed")
        return failed(exc, endpoint, **back_to)
    except DomainError as exc:
        return failed(exc, endpoint, **back_to)
    audited("refund_create", "refund", refund.public_id, reason)
    return back(endpoint, done="refund_created", **back_to)


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
        return failed(exc, "panel.refunds")
    audited("refund_sync", "refund", refund.public_id)
    return back("panel.refunds", done="refund_synced")


@bp.post("/refunds/<refund_id>/retry")
@requires("refunds_manage")
def refund_retry(refund_id: str) -> Any:
    """A refused attempt (``failed``) is tried again as a new attempt, same amount and reason."""
    refund, order = _refund_row(refund_id)
    if refund.status != RefundStatus.failed:
        return back("panel.refunds", error="order_not_refundable")
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
        alert = service.acknowledge_alert(db(), alert_id, operator_id=operator_id(), note=request.form.get("note"))
    except DomainError as exc:
        return failed(exc, "panel.alerts")
    audited("payment_alert_acknowledge", "payment_alert", str(alert.id), alert.acknowledge_note)
    return back("panel.alerts", done="alert_acknowledged")


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
        return back("panel.batches", error="validation_error")
    start = datetime.combine(values["valid_from"], time(), service.SHANGHAI).astimezone(UTC)
    until = datetime.combine(values["valid_until"], time(), service.SHANGHAI).astimezone(UTC) + timedelta(days=1)
    try:
        batch, codes = activation.create_batch(db(), plan_code=values["plan_code"], quantity=values["quantity"],
                                               valid_from=start, valid_until=until,
                                               channel_note=values["channel_note"], created_by=operator_id())
    except DomainError as exc:
        return failed(exc, "panel.batches")
    service.seal_codes(batch, codes, deps().cipher)
    audited("activation_batch_create", "activation_batch", batch.public_id, values["channel_note"])
    return back("panel.batches", done="batch_created")


@bp.post("/activation-batches/<batch_id>/export")
@requires("activation")
def batch_export(batch_id: str) -> Any:
    try:
        batch, text = service.export_codes(db(), batch_id, operator_id=operator_id(), cipher=deps().cipher)
    except DomainError as exc:
        return failed(exc, "panel.batches")
    audited("activation_codes_export", "activation_batch", batch.public_id)
    response = Response(text, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="activation-codes-{batch.public_id}.csv"'
    return response


@bp.post("/activation-batches/<batch_id>/disable")
@requires("activation")
def batch_disable(batch_id: str) -> Any:
    try:
        batch = activation.disable_batch(db(), activation.find_batch(db(), batch_id))
    except DomainError as exc:
        return failed(exc, "panel.batches")
    audited("activation_batch_disable", "activation_batch", batch.public_id)
    return back("panel.batches", done="batch_disabled")

