"""Admin API schemas: explicit inputs (unknown fields refused) and outputs."""

import marshmallow as ma

from bff.billing.activation import QUANTITY_MAX
from bff.billing.refunds import REASON_MIN
from bff.schemas import Schema
from models.billing import OrderStatus, RefundStatus


class AdminLoginIn(Schema):
    username = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64))
    password = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=256),
                                load_only=True)


class AdminOperatorOut(Schema):
    id = ma.fields.String(required=True)
    username = ma.fields.String(required=True)
    roles = ma.fields.List(ma.fields.String(), required=True)


class AdminLoginOut(Schema):
    access_token = ma.fields.String(required=True)
    token_type = ma.fields.String(required=True)
    expires_at = ma.fields.Integer(required=True, metadata={"description": "Unix 秒"})
    operator = ma.fields.Nested(AdminOperatorOut, required=True)


class AdminRefundIn(Schema):
    amount_fen = ma.fields.Integer(required=True, strict=True, validate=ma.validate.Range(min=1))
    # Not `reason`: field errors land in `errors.<field>` beside the envelope's own `reason`.
    refund_reason = ma.fields.String(required=True, validate=ma.validate.Length(min=REASON_MIN, max=200))


class AdminRefundOut(Schema):
    id = ma.fields.String(required=True)
    order_id = ma.fields.String(required=True)
    out_refund_no = ma.fields.String(required=True)
    amount_fen = ma.fields.Integer(required=True)
    refund_reason = ma.fields.String(required=True)
    operator_id = ma.fields.String(required=True)
    status = ma.fields.Enum(RefundStatus, by_value=True, required=True)
    refund_id = ma.fields.String(required=True, allow_none=True)
    created_at = ma.fields.DateTime(required=True)
    completed_at = ma.fields.DateTime(required=True, allow_none=True)


class AdminOrderRefundsOut(Schema):
    order_id = ma.fields.String(required=True)
    order_status = ma.fields.Enum(OrderStatus, by_value=True, required=True)
    amount_fen = ma.fields.Integer(required=True)
    refunded_fen = ma.fields.Integer(required=True)
    refundable_fen = ma.fields.Integer(required=True)
    refunds = ma.fields.List(ma.fields.Nested(AdminRefundOut), required=True)


class AdminBatchIn(Schema):
    plan_code = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32))
    quantity = ma.fields.Integer(required=True, strict=True, validate=ma.validate.Range(min=1, max=QUANTITY_MAX))
    valid_from = ma.fields.AwareDateTime(required=True)
    valid_until = ma.fields.AwareDateTime(required=True)
    channel_note = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))


class AdminBatchOut(Schema):
    id = ma.fields.String(required=True)
    plan_code = ma.fields.String(required=True)
    quantity = ma.fields.Integer(required=True)
    redeemed = ma.fields.Integer(required=True)
    valid_from = ma.fields.DateTime(required=True)
    valid_until = ma.fields.DateTime(required=True)
    channel_note = ma.fields.String(required=True)
    created_by = ma.fields.String(required=True)
    created_at = ma.fields.DateTime(required=True)
    disabled_at = ma.fields.DateTime(required=True, allow_none=True)


class AdminBatchCreated(AdminBatchOut):
    codes = ma.fields.List(ma.fields.String(), required=True,
                           metadata={"description": "仅此一次返回；服务端只保存其哈希"})


class AdminBatchList(Schema):
    batches = ma.fields.List(ma.fields.Nested(AdminBatchOut), required=True)


class AdminAlertOut(Schema):
    kind = ma.fields.String(required=True)
    detail = ma.fields.String(required=True)
    order_id = ma.fields.String(allow_none=True, required=True)
    event_id = ma.fields.String(allow_none=True, required=True, metadata={"description": "微信支付通知 ID"})
    created_at = ma.fields.DateTime(required=True)


class AdminAlertList(Schema):
    alerts = ma.fields.List(ma.fields.Nested(AdminAlertOut), required=True)


class AdminReplayOut(Schema):
    event_id = ma.fields.String(required=True)
    outcome = ma.fields.String(required=True)
