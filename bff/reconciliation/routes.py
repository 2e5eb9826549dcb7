"""Admin API (运营后台): order search and detail, WeChat Pay reconciliation runs and mismatches.

Operators only. Orders: finance and support (support finds the order a buyer asks about).
Reconciliation: finance. Every write is audited; re-running a date runs it now, in the request
(a merchant's day is small; ``mirror reconcile`` does the same from a shell).
"""

from flask import Response, current_app, stream_with_context
from flask.views import MethodView

from bff.admin import auth
from bff.admin import order_search as orders
from bff.admin.routes import operator
from bff.api import Blueprint
from bff.audit.service import record
from bff.billing.service import OrderNotFound
from bff.cursors import InvalidCursor
from bff.db import forbid_retry
from bff.db import session as db
from bff.deps import deps
from bff.reconciliation import schemas as s
from bff.reconciliation import service
from models.billing import OperatorRole

blp = Blueprint("admin_reconciliation", __name__, url_prefix="/api/admin/v1", description="运营后台：订单与对账")
ORDER_READERS = (OperatorRole.finance, OperatorRole.support)
FINANCE = OperatorRole.finance


def _audit(action: str, subject_type: str, subject_id: str, purpose: str | None = None) -> None:
    record(action, subject_type=subject_type, subject_id=subject_id, actor_role="operator",
           actor_id=auth.current_operator().public_id, purpose=purpose)


def _order(order, user_id, plan_code):  # type: ignore[no-untyped-def]
    return {"id": order.public_id, "out_trade_no": order.out_trade_no, "transaction_id": order.transaction_id,
            "status": order.status, "amount_fen": order.amount_fen, "refunded_fen": order.refunded_fen,
            "plan_code": plan_code, "user_id": user_id, "channel": order.channel, "created_at": order.created_at,
            "paid_at": order.paid_at, "closed_at": order.closed_at}


def _mismatch(row, run_public_id):  # type: ignore[no-untyped-def]
    return {"id": row.public_id, "run_id": run_public_id, "bill_date": row.bill_date, "category": row.category,
            "state": row.state, "out_trade_no": row.out_trade_no, "out_refund_no": row.out_refund_no,
            "transaction_id": row.transaction_id, "bill_amount_fen": row.bill_amount_fen,
            "local_amount_fen": row.local_amount_fen, "bill_evidence": row.bill_evidence,
            "local_evidence": row.local_evidence, "note": row.note, "resolved_by": row.resolved_by,
            "resolved_at": row.resolved_at}


def _run(run, latest_ids):  # type: ignore[no-untyped-def]
    return {"id": run.public_id, "bill_date": run.bill_date, "status": run.status, "latest": run.id in latest_ids,
            "trigger": run.trigger, "operator_id": run.operator_id, "started_at": run.started_at,
            "finished_at": run.finished_at, "failure_reason": run.failure_reason,
            "failure_detail": run.failure_detail, "bill_rows": run.bill_rows, "refund_rows": run.refund_rows,
            "mismatches": run.mismatches, "repaired": run.repaired, "pending": run.pending, "totals": run.totals}


def _run_ids(session, mismatches):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from models import ReconciliationRun

    ids = {m.run_id for m in mismatches}
    if not ids:
        return {}
    return dict(session.execute(select(ReconciliationRun.id, ReconciliationRun.public_id)
                                .where(ReconciliationRun.id.in_(ids))).all())


@blp.route("/orders")
class AdminOrders(MethodView):
    @operator(ORDER_READERS)
    @blp.operation("admin_orders_search")
    @blp.arguments(s.OrderSearchQuery, location="query")
    @blp.response(200, s.AdminOrderPage)
    @blp.errors(InvalidCursor)
    def get(self, args):
        """搜索订单

        运营后台：按商户订单号、微信支付订单号、门店、用户、状态或下单日期范围查找订单，最新的在前，游标分页。

        调用方：平台运营人员（finance 或 support 角色）。
        """
        cursor, limit = args.pop("cursor", None), args.pop("limit")
        page, next_cursor = orders.search_orders(db(), orders.OrderQuery(**args), cursor=cursor, limit=limit)
        return {"orders": [_order(*row) for row in page], "next_cursor": next_cursor}


@blp.route("/orders/<order_id>")
class AdminOrder(MethodView):
    @operator(ORDER_READERS)
    @blp.operation("admin_order_detail")
    @blp.response(200, s.AdminOrderDetail)
    @blp.errors(OrderNotFound)
    def get(self, order_id):
        """查看订单详情

        运营后台：一笔订单的完整记录：收到的支付通知（可按 event_id 重放校验）、退款、权益流水、支付告警和对账差异。

        调用方：平台运营人员（finance 或 support 角色）。
        """
        d = orders.order_detail(db(), order_id)
        runs = _run_ids(db(), d["mismatches"])
        return _order(d["order"], d["user_id"], d["plan_code"]) | {
            "notifications": [{"event_id": n.event_id, "event_type": n.event_type, "kind": n.kind,
                               "received_at": n.received_at, "verified": n.verified, "outcome": n.outcome}
                              for n in d["notifications"]],
            "refunds": [{"id": r.public_id, "out_refund_no": r.out_refund_no, "amount_fen": r.amount_fen,
                         "status": r.status.value, "refund_reason": r.reason, "created_at": r.created_at,
                         "completed_at": r.completed_at} for r in d["refunds"]],
            "ledger": [{"kind": e.kind, "delta_seconds": e.delta_seconds, "ends_at": e.ends_at,
                        "cause_type": e.cause_type.value, "cause_id": e.cause_id, "created_at": e.created_at}
                       for e in d["ledger"]],
            "alerts": [{"kind": a.kind, "detail": a.detail, "created_at": a.created_at} for a in d["alerts"]],
            "mismatches": [_mismatch(m, runs.get(m.run_id, "")) for m in d["mismatches"]],
        }


@blp.route("/reconciliation/runs")
class Runs(MethodView):
    @operator(FINANCE)
    @blp.operation("admin_reconciliation_runs_list")
    @blp.arguments(s.RunQuery, location="query")
    @blp.response(200, s.RunPage)
    @blp.errors(InvalidCursor)
    def get(self, args):
        """列出对账记录

        运营后台：列出微信支付账单的对账记录（每次运行一条，重跑不覆盖历史），最新的在前；
        `latest` 标出各日期最新的一次。

        调用方：平台运营人员（finance 角色）。
        """
        runs, next_cursor = service.list_runs(db(), bill_date=args.get("bill_date"), status=args.get("status"),
                                              cursor=args.get("cursor"), limit=args["limit"])
        latest = service.latest_run_ids(db(), runs)
        return {"runs": [_run(r, latest) for r in runs], "next_cursor": next_cursor}

    @operator(FINANCE)
    @blp.operation("admin_reconciliation_runs_create")
    @blp.arguments(s.RunCreate)
    @blp.response(201, s.RunOut)
    @blp.errors(service.ReconciliationDateInvalid)
    def post(self, data):
        """对某日重新对账

        运营后台：立即下载该日期（最近三个月内）的交易账单和退款账单并对账，新增一条对账记录；已处理的差异保持已处理。
        账单未就绪、摘要不符或格式错误时，该记录状态为 failed 并给出原因。

        调用方：平台运营人员（finance 角色）。
        """
        day = data["bill_date"]
        service.check_date(day)
        op = auth.current_operator()
        forbid_retry()  # one request, one run: the run commits on its own, a second try would add another
        public_id = service.run_reconciliation(current_app.extensions["mirror.db"].factory, day,
                                               gateway=deps().wechatpay, trigger="operator", operator_id=op.public_id)
        run = service.find_run(db(), public_id)
        _audit("reconciliation_run", "reconciliation_run", public_id, day.isoformat())
        return _run(run, service.latest_run_ids(db(), [run]))


@blp.route("/reconciliation/runs/<run_id>")
class RunById(MethodView):
    @operator(FINANCE)
    @blp.operation("admin_reconciliation_run_detail")
    @blp.arguments(s.MismatchQuery, location="query")
    @blp.response(200, s.RunDetail)
    @blp.errors(service.ReconciliationRunNotFound, InvalidCursor)
    def get(self, args, run_id):
        """查看对账记录与差异

        运营后台：一次对账的汇总（账单汇总、明细合计、本地合计）和差异明细，每条差异附双方证据；可按类别、状态筛选。

        调用方：平台运营人员（finance 角色）。
        """
        run = service.find_run(db(), run_id)
        items, next_cursor = service.list_mismatches(db(), run, category=args.get("category"),
                                                     state=args.get("state"), cursor=args.get("cursor"),
                                                     limit=args["limit"])
        return _run(run, service.latest_run_ids(db(), [run])) | {
            "items": [_mismatch(m, run.public_id) for m in items], "next_cursor": next_cursor}


@blp.route("/reconciliation/runs/<run_id>/export")
class RunExport(MethodView):
    @operator(FINANCE)
    @blp.operation("admin_reconciliation_run_export")
    @blp.response(200, content_type="text/csv", description="差异明细 CSV（UTF-8，带 BOM）")
    @blp.errors(service.ReconciliationRunNotFound)
    def get(self, run_id):
        """导出对账差异 CSV

        运营后台：导出一次对账的全部差异（含双方证据），以 `=`、`+`、`-`、`@` 开头的单元格已加前缀防止表格公式注入。

        调用方：平台运营人员（finance 角色）。导出记入审计。
        """
        run = service.find_run(db(), run_id)
        _audit("reconciliation_export", "reconciliation_run", run.public_id)
        db().commit()  # the audit row is written before the (streamed) body
        body = stream_with_context(service.export_csv(db(), run))
        return Response(body, mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="reconciliation-{run.bill_date}-{run.public_id}.csv"',
            "Cache-Control": "no-store"})


@blp.route("/reconciliation/mismatches/<mismatch_id>/resolve")
class MismatchResolve(MethodView):
    @operator(FINANCE)
    @blp.operation("admin_reconciliation_mismatch_resolve")
    @blp.arguments(s.ResolveIn)
    @blp.response(200, s.MismatchOut)
    @blp.errors(service.MismatchNotFound, service.MismatchNotOpen)
    def post(self, data, mismatch_id):
        """处理对账差异

        运营后台：填写处理说明，将一条待处理的差异标为已处理（记入审计）；之后重跑该日期，这条差异仍为已处理。

        调用方：平台运营人员（finance 角色）。已处理或已自动修复的差异返回 409。
        """
        op = auth.current_operator()
        row = service.resolve_mismatch(db(), mismatch_id, note=data["note"], operator_id=op.public_id)
        _audit("reconciliation_mismatch_resolve", "reconciliation_mismatch", row.public_id, data["note"][:200])
        return _mismatch(row, _run_ids(db(), [row]).get(row.run_id, ""))
