"""Admin API (运营后台): operator login, refunds, activation-code batches.

Every route but login needs an operator token (``bff/admin/auth.py``); mini-program tokens
are refused (401: wrong audience and type). Roles are checked against the database per request.
"""

from flask import current_app, request
from flask.views import MethodView
from sqlalchemy import select

from bff.admin import auth
from bff.admin import schemas as s
from bff.api import Blueprint
from bff.audit.service import record
from bff.billing import activation, notifications, refunds
from bff.billing.wechatpay_verify import NotificationRejected, NotificationUndecryptable
from bff.db import forbid_retry
from bff.db import session as db
from bff.deps import deps
from bff.errors import DomainError, NotFound, RateLimited
from bff.integrations.wechatpay import WechatPayRejected, WechatPayUnavailable
from bff.limiter import limiter, setting
from bff.panel import sessions as second_factor
from models import Order, PaymentAlert, PaymentNotification, Plan
from models.billing import OperatorRole

blp = Blueprint("admin", __name__, url_prefix="/api/admin/v1", description="运营后台")

REFUND_NOTIFY_PATH = "api/v1/payments/wechatpay/refund-notify"


class EvidenceInvalid(DomainError):
    status, reason, message = 422, "notification_evidence_invalid", "存档的通知未通过验签或无法解密"


def operator(role=None):  # type: ignore[no-untyped-def]
    """Operator auth outermost (before validation), documented like the mini-program's bearer auth."""
    guard = auth.operator_required(role)

    def decorator(fn):  # type: ignore[no-untyped-def]
        errors = auth.OPERATOR_AUTH_ERRORS + ((auth.OperatorRoleRequired,) if role else ())
        fn = blp.errors(*errors)(guard(fn))
        return blp.doc(security=[{"bearerAuth": []}])(fn)

    return decorator


def _audit(action: str, subject_type: str, subject_id: str, purpose: str | None = None) -> None:
    record(action, subject_type=subject_type, subject_id=subject_id, actor_role="operator",
           actor_id=auth.current_operator().public_id, purpose=purpose)


def _refund(refund, order):  # type: ignore[no-untyped-def]
    return {"id": refund.public_id, "order_id": order.public_id, "out_refund_no": refund.out_refund_no,
            "amount_fen": refund.amount_fen, "refund_reason": refund.reason, "operator_id": refund.operator_id,
            "status": refund.status, "refund_id": refund.refund_id, "created_at": refund.created_at,
            "completed_at": refund.completed_at}


def _batch(batch, plan, redeemed=0, codes=None):  # type: ignore[no-untyped-def]
    out = {"id": batch.public_id, "plan_code": plan.code, "quantity": batch.quantity, "redeemed": redeemed,
           "valid_from": batch.valid_from, "valid_until": batch.valid_until, "channel_note": batch.channel_note,
           "created_by": batch.created_by, "created_at": batch.created_at, "disabled_at": batch.disabled_at}
    return out | ({"codes": codes} if codes is not None else {})


@blp.route("/login")
class Login(MethodView):
    @blp.operation("admin_login")
    @blp.arguments(s.AdminLoginIn)
    @blp.response(200, s.AdminLoginOut)
    @blp.errors(auth.OperatorLoginFailed, auth.OperatorLocked, auth.OperatorDisabled, RateLimited,
                second_factor.TotpRequired, second_factor.TotpInvalid, second_factor.TotpReplayed,
                second_factor.TotpLocked)
    @limiter.limit(setting("login_rate_limit"))
    def post(self, data):
        """运营人员登录

        用用户名和密码登录运营后台，返回短时有效的运营令牌（放在 `Authorization: Bearer` 中）。
        已在运营后台绑定动态验证码的账号须同时提交 `totp_code`（缺少时 401 `totp_required`；
        错误或过期 401 `totp_invalid`；已用过 401 `totp_replayed`；错误过多 423 `totp_locked`）。

        调用方：任何人（无需登录）。连续失败会锁定账号（423 `operator_locked`），并按来源限流（429）。
        """
        op, token, expires_at = auth.login(data["username"], data["password"])
        if op.totp_enrolled_at is not None:  # the second factor the panel enrolled guards this door too
            if not data.get("totp_code"):
                raise second_factor.TotpRequired()
            second_factor.verify_code(db(), op, data["totp_code"], cipher=deps().cipher, redis=deps().redis,
                                      settings=deps().settings)
        return {"access_token": token, "token_type": "Bearer", "expires_at": expires_at,
                "operator": {"id": op.public_id, "username": op.username, "roles": list(op.roles)}}


@blp.route("/orders/<order_id>/refunds")
class OrderRefunds(MethodView):
    @operator((OperatorRole.finance, OperatorRole.support))
    @blp.operation("admin_order_refunds_list")
    @blp.response(200, s.AdminOrderRefundsOut)
    @blp.errors(refunds.OrderNotFound)
    def get(self, order_id):
        """查看订单的退款

        运营后台：列出一笔订单的全部退款尝试，以及仍可退的金额。

        调用方：平台运营人员（finance 或 support 角色）。
        """
        order = refunds.find_order(db(), order_id)
        return {"order_id": order.public_id, "order_status": order.status, "amount_fen": order.amount_fen,
                "refunded_fen": order.refunded_fen, "refundable_fen": refunds.refundable_fen(db(), order),
                "refunds": [_refund(r, order) for r in refunds.list_refunds(db(), order)]}

    @operator(OperatorRole.finance)
    @blp.operation("admin_order_refund_create")
    @blp.arguments(s.AdminRefundIn)
    @blp.response(201, s.AdminRefundOut)
    @blp.errors(refunds.OrderNotFound, refunds.OrderNotRefundable, refunds.RefundAmountInvalid,
                refunds.RefundRequestFailed, refunds.RefundOutcomeUnknown)
    def post(self, data, order_id):
        """发起退款

        运营后台：通过微信支付退还已支付订单的全部或部分金额，须填写退款原因 `refund_reason`（记入审计）。
        退款结果以微信支付的退款通知或同步为准。

        调用方：平台运营人员（finance 角色）。超过可退金额返回 422 `refund_amount_exceeds_paid`；
        订单不可退返回 409；微信支付拒绝返回 502；结果未知返回 503，可稍后同步。
        """
        order = refunds.find_order(db(), order_id, lock=True)
        base = deps().settings.wechatpay_notify_base or request.url_root
        notify_url = base.rstrip("/") + "/" + REFUND_NOTIFY_PATH
        op = auth.current_operator()
        forbid_retry()  # a second run after a deadlock would ask WeChat Pay for a second refund
        try:
            refund = refunds.create_refund(db(), order, amount_fen=data["amount_fen"], reason=data["refund_reason"],
                                           operator_id=op.public_id, notify_url=notify_url)
        except (refunds.RefundRequestFailed, refunds.RefundOutcomeUnknown) as exc:
            _audit("refund_create", "refund", exc.errors["refund_id"], data["refund_reason"])
            raise
        _audit("refund_create", "refund", refund.public_id, data["refund_reason"])
        return _refund(refund, order)


@blp.route("/refunds/<refund_id>/sync")
class RefundSync(MethodView):
    @operator(OperatorRole.finance)
    @blp.operation("admin_refund_sync")
    @blp.response(200, s.AdminRefundOut)
    @blp.errors(refunds.RefundNotFound, WechatPayRejected, WechatPayUnavailable)
    def post(self, refund_id):
        """同步退款状态

        运营后台：向微信支付查询一笔退款的最新状态，并应用最终结果。

        调用方：平台运营人员（finance 角色）。微信支付不可用时返回 503。
        """
        refund = refunds.sync_refund(db(), refunds.find_refund(db(), refund_id))
        order = db().get(Order, refund.order_id)
        _audit("refund_sync", "refund", refund.public_id)
        return _refund(refund, order)


@blp.route("/activation-batches")
class Batches(MethodView):
    @operator(OperatorRole.admin)
    @blp.operation("admin_activation_batches_list")
    @blp.response(200, s.AdminBatchList)
    def get(self):
        """列出激活码批次

        运营后台：列出全部激活码批次及已兑换数量（从不返回激活码本身）。

        调用方：平台运营人员（admin 角色）。
        """
        return {"batches": [_batch(b, p, n) for b, p, n in activation.list_batches(db())]}

    @operator(OperatorRole.admin)
    @blp.operation("admin_activation_batch_create")
    @blp.arguments(s.AdminBatchIn)
    @blp.response(201, s.AdminBatchCreated)
    @blp.errors(activation.PlanNotFound, activation.BatchWindowInvalid)
    def post(self, data):
        """创建激活码批次

        运营后台：为某个套餐生成一批激活码。激活码只在本次响应中出现一次，请立即妥善保存。

        调用方：平台运营人员（admin 角色）。套餐不存在时返回 404 `plan_not_found`。
        """
        batch, codes = activation.create_batch(db(), created_by=auth.current_operator().public_id, **data)
        _audit("activation_batch_create", "activation_batch", batch.public_id, data["channel_note"])
        return _batch(batch, db().get(Plan, batch.plan_id), 0, codes)


@blp.route("/activation-batches/<batch_id>/disable")
class BatchDisable(MethodView):
    @operator(OperatorRole.admin)
    @blp.operation("admin_activation_batch_disable")
    @blp.response(200, s.AdminBatchOut)
    @blp.errors(activation.BatchNotFound)
    def post(self, batch_id):
        """停用激活码批次

        运营后台：停用一个批次，其中尚未兑换的激活码随即失效（兑换时返回 410）。已兑换的不受影响。

        调用方：平台运营人员（admin 角色）。
        """
        batch = activation.disable_batch(db(), activation.find_batch(db(), batch_id))
        _audit("activation_batch_disable", "activation_batch", batch.public_id)
        redeemed = next((n for b, _, n in activation.list_batches(db()) if b.id == batch.id), 0)
        return _batch(batch, db().get(Plan, batch.plan_id), redeemed)


@blp.route("/payment-alerts")
class PaymentAlerts(MethodView):
    @operator((OperatorRole.finance, OperatorRole.support))
    @blp.operation("admin_payment_alerts_list")
    @blp.response(200, s.AdminAlertList)
    def get(self):
        """列出支付告警

        运营后台：列出支付告警（金额或商户号不符、未发放权益等），最新的在前。

        调用方：平台运营人员（finance 或 support 角色）。
        """
        rows = db().execute(
            select(PaymentAlert, Order.public_id, PaymentNotification.event_id)
            .outerjoin(Order, Order.id == PaymentAlert.order_id)
            .outerjoin(PaymentNotification, PaymentNotification.id == PaymentAlert.notification_id)
            .order_by(PaymentAlert.id.desc()).limit(200)
        )
        return {"alerts": [{"kind": a.kind, "detail": a.detail, "order_id": order_id, "event_id": event_id,
                            "created_at": a.created_at} for a, order_id, event_id in rows]}


@blp.route("/payment-notifications/<event_id>/replay")
class NotificationReplay(MethodView):
    @operator(OperatorRole.finance)
    @blp.operation("admin_payment_notification_replay")
    @blp.response(200, s.AdminReplayOut)
    @blp.errors(NotFound, EvidenceInvalid)
    def post(self, event_id):
        """重放支付通知

        运营后台：根据已保存的证据重新处理一条微信支付通知（校验签名，不校验时效）。

        调用方：平台运营人员（finance 角色）。
        """
        from bff.billing.notify_routes import _keys

        row_id = db().scalar(select(PaymentNotification.id).where(PaymentNotification.event_id == event_id)
                             .order_by(PaymentNotification.id.desc()).limit(1))
        if row_id is None:
            raise NotFound()
        try:
            outcome = notifications.replay_notification(
                db(), current_app.extensions["mirror.db"].factory, row_id, settings=deps().settings, keys=_keys())
        except (NotificationRejected, NotificationUndecryptable) as exc:
            raise EvidenceInvalid(errors={"why": exc.reason}) from exc
        _audit("payment_notification_replay", "payment_notification", event_id[:32], outcome)
        return {"event_id": event_id, "outcome": outcome}
