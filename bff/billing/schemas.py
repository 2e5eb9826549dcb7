import marshmallow as ma

from bff.billing.service import ACTIVATION_CODE, PLATFORMS, WECHATPAY_JSAPI
from bff.schemas import Schema
from models.billing import OrderStatus

LIMITS_DOC = "clients / images / analyses_per_month / exports_per_month；null 为不限"


def _limits() -> ma.fields.Dict:
    return ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(allow_none=True), required=True,
                          metadata={"description": LIMITS_DOC})


USAGE_DOC = "clients：本人拥有的门店中的有效客户档案数；*_this_month：本月用量"
CHANNELS = (WECHATPAY_JSAPI, ACTIVATION_CODE)


class PlansQuery(Schema):
    platform = ma.fields.String(validate=ma.validate.OneOf(PLATFORMS),
                                metadata={"description": "wx.getDeviceInfo().platform；缺省时不提供购买渠道"})


class PlanOut(Schema):
    code = ma.fields.String(required=True, metadata={"description": "套餐代码，下单时作为 plan_code"})
    name = ma.fields.String(required=True, metadata={"description": "套餐名称"})
    price_fen = ma.fields.Integer(required=True, metadata={"description": "价格（分），以服务器为准"})
    duration_days = ma.fields.Integer(required=True, metadata={"description": "有效天数"})
    limits = _limits()


class FreeTierOut(Schema):
    code = ma.fields.String(required=True, metadata={"description": "免费版代码"})
    name = ma.fields.String(required=True, metadata={"description": "免费版名称"})
    limits = _limits()


class PlanList(Schema):
    plans = ma.fields.List(ma.fields.Nested(PlanOut), required=True, metadata={"description": "可购买的套餐"})
    free = ma.fields.Nested(FreeTierOut, required=True, metadata={"description": "免费版及其限额"})
    purchase_channels = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(CHANNELS)), required=True,
                                       metadata={"description": "服务端按平台决定：iOS 只提供激活码"})


class VipOut(Schema):
    vip = ma.fields.Boolean(required=True, metadata={"description": "当前是否为 VIP"})
    plan_code = ma.fields.String(required=True, allow_none=True,
                                 metadata={"description": "当前 VIP 套餐代码；非 VIP 为 null"})
    plan_name = ma.fields.String(required=True, allow_none=True,
                                 metadata={"description": "当前 VIP 套餐名称；非 VIP 为 null"})
    ends_at = ma.fields.DateTime(required=True, allow_none=True,
                                 metadata={"description": "VIP 到期时间；非 VIP 为 null"})
    limits = _limits()
    free_limits = _limits()
    usage = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(), required=True,
                           metadata={"description": USAGE_DOC})


class OrderCreate(Schema):
    plan_code = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32),
                                 metadata={"description": "要购买的套餐代码（来自套餐列表）"})
    platform = ma.fields.String(required=True, validate=ma.validate.OneOf(PLATFORMS),
                                metadata={"description": "wx.getDeviceInfo().platform；iOS 不能用微信支付购买"})


class OrderOut(Schema):
    id = ma.fields.String(required=True, metadata={"description": "订单 ID"})
    out_trade_no = ma.fields.String(required=True, metadata={"description": "商户订单号（微信支付）"})
    plan_code = ma.fields.String(required=True, metadata={"description": "套餐代码，如 vip_month"})
    channel = ma.fields.String(required=True, metadata={"description": "购买渠道，如 wechatpay_jsapi"})
    amount_fen = ma.fields.Integer(required=True, metadata={"description": "订单金额（分）"})
    currency = ma.fields.String(required=True, metadata={"description": "币种，CNY"})
    status = ma.fields.Enum(OrderStatus, by_value=True, required=True,
                            metadata={"description": "订单状态：created 待支付，paid 已支付，"
                                                     "partially_refunded 部分退款，refunded 已全额退款，closed 已关闭"})
    created_at = ma.fields.DateTime(required=True, metadata={"description": "创建时间（ISO 8601，UTC）"})
    expires_at = ma.fields.DateTime(required=True, metadata={"description": "支付截止时间，过后订单关闭"})
    paid_at = ma.fields.DateTime(required=True, allow_none=True, metadata={"description": "支付时间；未支付为 null"})
    closed_at = ma.fields.DateTime(required=True, allow_none=True, metadata={"description": "关闭时间；未关闭为 null"})


class PaymentParams(Schema):
    # wx.requestPayment's own parameter names (N815).
    timeStamp = ma.fields.String(required=True, metadata={"description": "wx.requestPayment 的 timeStamp"})  # noqa: N815
    nonceStr = ma.fields.String(required=True, metadata={"description": "wx.requestPayment 的 nonceStr"})  # noqa: N815
    package = ma.fields.String(required=True,
                               metadata={"description": "wx.requestPayment 的 package（prepay_id=...）"})
    signType = ma.fields.String(required=True, metadata={"description": "wx.requestPayment 的 signType，固定为 RSA"})  # noqa: N815
    paySign = ma.fields.String(required=True, metadata={"description": "wx.requestPayment 的 paySign"})  # noqa: N815


class OrderCreated(Schema):
    order = ma.fields.Nested(OrderOut, required=True, metadata={"description": "新建的订单"})
    payment = ma.fields.Nested(PaymentParams, required=True, metadata={"description": "原样传给 wx.requestPayment"})


class OrderList(Schema):
    orders = ma.fields.List(ma.fields.Nested(OrderOut), required=True,
                            metadata={"description": "订单列表，最新的在前"})
