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
    code = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    price_fen = ma.fields.Integer(required=True)
    duration_days = ma.fields.Integer(required=True)
    limits = _limits()


class FreeTierOut(Schema):
    code = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    limits = _limits()


class PlanList(Schema):
    plans = ma.fields.List(ma.fields.Nested(PlanOut), required=True)
    free = ma.fields.Nested(FreeTierOut, required=True)
    purchase_channels = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(CHANNELS)), required=True,
                                       metadata={"description": "服务端按平台决定：iOS 只提供激活码"})


class VipOut(Schema):
    vip = ma.fields.Boolean(required=True)
    plan_code = ma.fields.String(required=True, allow_none=True)
    plan_name = ma.fields.String(required=True, allow_none=True)
    ends_at = ma.fields.DateTime(required=True, allow_none=True)
    limits = _limits()
    free_limits = _limits()
    usage = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(), required=True,
                           metadata={"description": USAGE_DOC})


class OrderCreate(Schema):
    plan_code = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32))
    platform = ma.fields.String(required=True, validate=ma.validate.OneOf(PLATFORMS))


class OrderOut(Schema):
    id = ma.fields.String(required=True)
    out_trade_no = ma.fields.String(required=True)
    plan_code = ma.fields.String(required=True)
    channel = ma.fields.String(required=True)
    amount_fen = ma.fields.Integer(required=True)
    currency = ma.fields.String(required=True)
    status = ma.fields.Enum(OrderStatus, by_value=True, required=True)
    created_at = ma.fields.DateTime(required=True)
    expires_at = ma.fields.DateTime(required=True)
    paid_at = ma.fields.DateTime(required=True, allow_none=True)
    closed_at = ma.fields.DateTime(required=True, allow_none=True)


class PaymentParams(Schema):
    timeStamp = ma.fields.String(required=True)  # noqa: N815 - wx.requestPayment's names
    nonceStr = ma.fields.String(required=True)  # noqa: N815
    package = ma.fields.String(required=True)
    signType = ma.fields.String(required=True)  # noqa: N815
    paySign = ma.fields.String(required=True)  # noqa: N815


class OrderCreated(Schema):
    order = ma.fields.Nested(OrderOut, required=True)
    payment = ma.fields.Nested(PaymentParams, required=True, metadata={"description": "原样传给 wx.requestPayment"})


class OrderList(Schema):
    orders = ma.fields.List(ma.fields.Nested(OrderOut), required=True)
