"""Admin API schemas: explicit inputs (unknown fields refused) and outputs."""

import marshmallow as ma

from bff.billing.activation import QUANTITY_MAX
from bff.billing.refunds import REASON_MIN
from bff.schemas import Schema
from models.billing import OrderStatus, RefundStatus


class AdminLoginIn(Schema):
    username = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64),
                                metadata={"description": "运营人员用户名"})
    password = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=256),
                                load_only=True, metadata={"description": "密码"})
    totp_code = ma.fields.String(validate=ma.validate.Length(min=1, max=16), load_only=True,
                                 metadata={"description": "动态验证码（6 位数字）；"
                                                          "已在运营后台绑定动态验证码的账号必填"})


class AdminOperatorOut(Schema):
    id = ma.fields.String(required=True, metadata={"description": "运营人员 ID"})
    username = ma.fields.String(required=True, metadata={"description": "运营人员用户名"})
    roles = ma.fields.List(ma.fields.String(), required=True,
                           metadata={"description": "角色：admin（管理）、finance（财务）、support（客服）"})


class AdminLoginOut(Schema):
    access_token = ma.fields.String(required=True,
                                    metadata={"description": "运营令牌，"
                                                             "放在请求头 `Authorization: Bearer <令牌>` 中，短时有效"})
    token_type = ma.fields.String(required=True, metadata={"description": "令牌类型，固定为 Bearer"})
    expires_at = ma.fields.Integer(required=True, metadata={"description": "Unix 秒"})
    operator = ma.fields.Nested(AdminOperatorOut, required=True, metadata={"description": "登录的运营人员"})


class AdminRefundIn(Schema):
    amount_fen = ma.fields.Integer(required=True, strict=True, validate=ma.validate.Range(min=1),
                                   metadata={"description": "退款金额（分），不超过可退金额"})
    # Not `reason`: field errors land in `errors.<field>` beside the envelope's own `reason`.
    refund_reason = ma.fields.String(required=True, validate=ma.validate.Length(min=REASON_MIN, max=200),
                                     metadata={"description": "退款原因（记入审计，并作为微信支付退款原因）"})


class AdminRefundOut(Schema):
    id = ma.fields.String(required=True, metadata={"description": "退款 ID"})
    order_id = ma.fields.String(required=True, metadata={"description": "订单 ID"})
    out_refund_no = ma.fields.String(required=True, metadata={"description": "商户退款单号（发给微信支付）"})
    amount_fen = ma.fields.Integer(required=True, metadata={"description": "退款金额（分）"})
    refund_reason = ma.fields.String(required=True,
                                     metadata={"description": "退款原因（记入审计，并作为微信支付退款原因）"})
    operator_id = ma.fields.String(required=True, metadata={"description": "发起退款的运营人员 ID"})
    status = ma.fields.Enum(RefundStatus, by_value=True, required=True,
                            metadata={"description": "退款状态：processing 处理中，success 成功，closed 关闭，"
                                                     "abnormal 异常，failed 失败"})
    refund_id = ma.fields.String(required=True, allow_none=True,
                                 metadata={"description": "微信支付退款单号；尚未受理时为 null"})
    created_at = ma.fields.DateTime(required=True, metadata={"description": "创建时间（ISO 8601，UTC）"})
    completed_at = ma.fields.DateTime(required=True, allow_none=True,
                                      metadata={"description": "退款完成时间；未完成时为 null"})


class AdminOrderRefundsOut(Schema):
    order_id = ma.fields.String(required=True, metadata={"description": "订单 ID"})
    order_status = ma.fields.Enum(OrderStatus, by_value=True, required=True, metadata={"description": "订单状态"})
    amount_fen = ma.fields.Integer(required=True, metadata={"description": "订单金额（分）"})
    refunded_fen = ma.fields.Integer(required=True, metadata={"description": "已退款金额（分）"})
    refundable_fen = ma.fields.Integer(required=True, metadata={"description": "仍可退金额（分）"})
    refunds = ma.fields.List(ma.fields.Nested(AdminRefundOut), required=True,
                             metadata={"description": "该订单的全部退款尝试"})


class AdminBatchIn(Schema):
    plan_code = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32),
                                 metadata={"description": "套餐代码，如 vip_month"})
    quantity = ma.fields.Integer(required=True, strict=True, validate=ma.validate.Range(min=1, max=QUANTITY_MAX),
                                 metadata={"description": "要生成的激活码数量"})
    valid_from = ma.fields.AwareDateTime(required=True,
                                         metadata={"description": "生效时间（含时区），最早为七天前"})
    valid_until = ma.fields.AwareDateTime(required=True, metadata={"description": "失效时间（含时区），须晚于生效时间"
                                                                                   "和当前时间，最长为三年后"})
    channel_note = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200),
                                    metadata={"description": "批次用途或渠道备注"})


class AdminBatchOut(Schema):
    id = ma.fields.String(required=True, metadata={"description": "批次 ID"})
    plan_code = ma.fields.String(required=True, metadata={"description": "套餐代码，如 vip_month"})
    quantity = ma.fields.Integer(required=True, metadata={"description": "批次中的激活码数量"})
    redeemed = ma.fields.Integer(required=True, metadata={"description": "已兑换数量"})
    valid_from = ma.fields.DateTime(required=True, metadata={"description": "生效时间（含时区）"})
    valid_until = ma.fields.DateTime(required=True, metadata={"description": "失效时间（含时区）"})
    channel_note = ma.fields.String(required=True, metadata={"description": "批次用途或渠道备注"})
    created_by = ma.fields.String(required=True, metadata={"description": "创建批次的运营人员 ID"})
    created_at = ma.fields.DateTime(required=True, metadata={"description": "创建时间（ISO 8601，UTC）"})
    disabled_at = ma.fields.DateTime(required=True, allow_none=True,
                                     metadata={"description": "停用时间；未停用为 null"})


class AdminBatchCreated(AdminBatchOut):
    codes = ma.fields.List(ma.fields.String(), required=True,
                           metadata={"description": "仅此一次返回；服务端只保存其哈希"})


class AdminBatchList(Schema):
    batches = ma.fields.List(ma.fields.Nested(AdminBatchOut), required=True,
                             metadata={"description": "激活码批次列表"})


class AdminAlertOut(Schema):
    kind = ma.fields.String(required=True, metadata={"description": "告警类型"})
    detail = ma.fields.String(required=True, metadata={"description": "告警详情"})
    order_id = ma.fields.String(allow_none=True, required=True,
                                metadata={"description": "相关订单 ID；无法对应订单时为 null"})
    event_id = ma.fields.String(allow_none=True, required=True, metadata={"description": "微信支付通知 ID"})
    created_at = ma.fields.DateTime(required=True, metadata={"description": "创建时间（ISO 8601，UTC）"})


class AdminAlertList(Schema):
    alerts = ma.fields.List(ma.fields.Nested(AdminAlertOut), required=True,
                            metadata={"description": "支付告警列表，最新的在前"})


class AdminReplayOut(Schema):
    event_id = ma.fields.String(required=True, metadata={"description": "支付通知事件 ID"})
    outcome = ma.fields.String(required=True, metadata={"description": "重放结果，如 processed、duplicate、ignored"})
