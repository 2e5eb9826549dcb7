"""Plans, the caller's VIP state and orders (WeChat Pay JSAPI)."""

from flask import request
from flask.views import MethodView

from bff.agreements.service import AgreementRequired, requires_agreements
from bff.api import Blueprint
from bff.auth.guard import current_user
from bff.billing import schemas as s
from bff.billing import service
from bff.db import session as db
from bff.deps import deps
from bff.errors import RateLimited
from bff.integrations.wechatpay import WechatPayRejected, WechatPayUnavailable
from bff.limiter import limiter, user_or_ip
from models import Plan

blp = Blueprint("billing", __name__, url_prefix="/api/v1", description="会员与订单")

ORDER_RATE_LIMIT = "10/minute;60/hour"  # payment creation, per user (SECURITY.md 32)


def _order(order):
    plan = db().get_one(Plan, order.plan_id)
    return {"id": order.public_id, "out_trade_no": order.out_trade_no, "plan_code": plan.code,
            "channel": order.channel, "amount_fen": order.amount_fen, "currency": order.currency,
            "status": order.status, "created_at": order.created_at, "expires_at": order.expires_at,
            "paid_at": order.paid_at, "closed_at": order.closed_at}


def _plan(plan):
    return {"code": plan.code, "name": plan.name, "price_fen": plan.price_fen, "duration_days": plan.duration_days,
            "limits": plan.limits or {}}


@blp.route("/plans")
class Plans(MethodView):
    @blp.operation("plans_list")
    @blp.arguments(s.PlansQuery, location="query")
    @blp.response(200, s.PlanList)
    def get(self, query):
        """列出套餐

        列出可购买的套餐（服务器价格）、免费版限额，以及当前平台可用的购买渠道（iOS 只提供激活码）。

        调用方：任何人（无需登录）。
        """
        from bff.billing.quotas import free_plan

        free = free_plan(db())
        return {"plans": [_plan(p) for p in service.purchasable_plans(db())],
                "free": {"code": free.code, "name": free.name, "limits": free.limits or {}},
                "purchase_channels": service.purchase_channels(query["platform"]) if "platform" in query else []}


@blp.route("/me/vip")
class MyVip(MethodView):
    @blp.authenticated
    @blp.operation("me_vip")
    @blp.response(200, s.VipOut)
    def get(self):
        """我的 VIP

        调用者的 VIP 权益（来自权益流水）、当前生效的限额和本月用量。

        调用方：已登录的用户。
        """
        return service.vip_view(db(), current_user(), redis=deps().redis)


@blp.route("/orders")
class Orders(MethodView):
    @blp.authenticated
    @blp.operation("orders_list")
    @blp.response(200, s.OrderList)
    def get(self):
        """我的订单

        调用者的订单，最新的在前（最多 50 条）。

        调用方：已登录的用户。
        """
        return {"orders": [_order(o) for o in service.my_orders(db(), current_user())]}

    @blp.authenticated
    @blp.operation("orders_create")
    @blp.arguments(s.OrderCreate)
    @blp.response(201, s.OrderCreated)
    @blp.errors(AgreementRequired, service.ConsultantRequired, service.PlanNotFound,
                service.PaymentUnavailableOnPlatform, WechatPayUnavailable, WechatPayRejected, RateLimited)
    @limiter.limit(lambda: ORDER_RATE_LIMIT, key_func=user_or_ip)  # callable: evaluated per app instance
    @requires_agreements
    def post(self, data):
        """下单购买套餐

        下单购买套餐：服务端按服务器价格向微信支付预下单，返回 `wx.requestPayment` 所需参数（RSA 签名的 paySign）。
        支付结果以 `GET /orders/{order_id}` 或支付通知为准。

        调用方：已注册的顾问。iOS 返回 403 `payment_unavailable_on_platform`，请改用激活码；套餐不存在 404；
        限流 429；微信支付拒绝 502、不可用 503。
        """
        settings = deps().settings
        order, payment = service.create_order(
            db(), current_user(), plan_code=data["plan_code"], platform=data["platform"], gateways=deps(),
            notify_base=settings.wechatpay_notify_base or request.url_root, ttl_minutes=settings.order_ttl_minutes)
        return {"order": _order(order), "payment": payment}


@blp.route("/orders/<order_id>")
class OrderById(MethodView):
    @blp.authenticated
    @blp.operation("orders_get")
    @blp.response(200, s.OrderOut)
    @blp.errors(service.OrderNotFound)
    def get(self, order_id):
        """查询订单

        读取调用者的一笔订单；未支付的订单会先向微信支付查询（按商户订单号），因此支付后轮询即可得到最终状态。

        调用方：订单所属的用户。
        """
        order = service.order_of(db(), current_user(), order_id)
        return _order(service.refresh_pending(db(), order, deps()))
