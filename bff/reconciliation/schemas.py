"""Admin API schemas for order search and reconciliation (inputs refuse unknown fields)."""

import marshmallow as ma

from bff.reconciliation.matching import CATEGORIES
from bff.schemas import Schema
from models.billing import OrderStatus

STATES = ("open", "resolved", "repaired", "pending", "cleared")
CATEGORY_TEXT = ("类别：wechat_only 长款（微信已收款、本地未知或未支付），local_only 短款（本地已支付、账单中没有），"
                 "amount 金额不符，status 状态不符，cross_day 跨日待复核，refund_wechat_only / refund_local_only / "
                 "refund_amount / refund_status 退款差异，entitlement_missing 已支付未发放权益，entitlement_unbacked "
                 "权益无支付或激活码支撑，entitlement_not_reduced 已退款未扣减权益")
STATE_TEXT = "状态：open 待处理，resolved 已人工处理，repaired 已自动修复，pending 待次日复核，cleared 次日已核销"


def _s(description: str, **kw):  # type: ignore[no-untyped-def]
    return ma.fields.String(metadata={"description": description}, **kw)


class OrderSearchQuery(Schema):
    out_trade_no = _s("商户订单号（精确匹配）", validate=ma.validate.Length(max=32))
    transaction_id = _s("微信支付订单号（精确匹配）", validate=ma.validate.Length(max=64))
    store_id = _s("门店 ID：该门店成员的订单", validate=ma.validate.Length(max=32))
    user_id = _s("用户 ID", validate=ma.validate.Length(max=32))
    status = ma.fields.Enum(OrderStatus, by_value=True, metadata={"description": "订单状态"})
    created_from = ma.fields.Date(metadata={"description": "下单日期起（含，北京时间）"})
    created_to = ma.fields.Date(metadata={"description": "下单日期止（含，北京时间）"})
    cursor = _s("翻页游标：上一页返回的 next_cursor；首页不传", validate=ma.validate.Length(max=64))
    limit = ma.fields.Integer(load_default=50, validate=ma.validate.Range(min=1, max=100),
                              metadata={"description": "每页条数（1–100）"})


class AdminOrderOut(Schema):
    id = _s("订单 ID", required=True)
    out_trade_no = _s("商户订单号", required=True)
    transaction_id = _s("微信支付订单号；未支付时为 null", required=True, allow_none=True)
    status = ma.fields.Enum(OrderStatus, by_value=True, required=True, metadata={"description": "订单状态"})
    amount_fen = ma.fields.Integer(required=True, metadata={"description": "订单金额（分）"})
    refunded_fen = ma.fields.Integer(required=True, metadata={"description": "已退款金额（分）"})
    plan_code = _s("套餐代码", required=True)
    user_id = _s("下单用户 ID", required=True)
    channel = _s("支付渠道", required=True)
    created_at = ma.fields.DateTime(required=True, metadata={"description": "下单时间（UTC）"})
    paid_at = ma.fields.DateTime(required=True, allow_none=True, metadata={"description": "支付时间；未支付为 null"})
    closed_at = ma.fields.DateTime(required=True, allow_none=True, metadata={"description": "关闭时间；未关闭为 null"})


class AdminOrderPage(Schema):
    orders = ma.fields.List(ma.fields.Nested(AdminOrderOut), required=True,
                            metadata={"description": "订单，最新的在前"})
    next_cursor = _s("下一页游标；没有更多时为 null", required=True, allow_none=True)


class NotificationOut(Schema):
    event_id = _s("通知事件 ID（可用于重放）", required=True, allow_none=True)
    event_type = _s("事件类型，如 TRANSACTION.SUCCESS", required=True, allow_none=True)
    kind = _s("通知种类：transaction 支付，refund 退款", required=True)
    received_at = ma.fields.DateTime(required=True, metadata={"description": "收到时间（UTC）"})
    verified = ma.fields.Boolean(required=True, metadata={"description": "是否通过验签"})
    outcome = _s("处理结果，如 processed、duplicate", required=True, allow_none=True)


class LedgerEntryOut(Schema):
    kind = _s("grant 发放，revoke 扣减", required=True)
    delta_seconds = ma.fields.Integer(required=True, metadata={"description": "增减的会员秒数"})
    ends_at = ma.fields.DateTime(required=True, metadata={"description": "该条记录后的会员到期时间"})
    cause_type = _s("原因类型：order 订单，refund 退款", required=True)
    cause_id = _s("原因 ID", required=True)
    created_at = ma.fields.DateTime(required=True, metadata={"description": "记录时间（UTC）"})


class OrderRefundOut(Schema):
    id = _s("退款 ID", required=True)
    out_refund_no = _s("商户退款单号", required=True)
    amount_fen = ma.fields.Integer(required=True, metadata={"description": "退款金额（分）"})
    status = _s("退款状态", required=True)
    refund_reason = _s("退款原因", required=True)
    created_at = ma.fields.DateTime(required=True, metadata={"description": "发起时间（UTC）"})
    completed_at = ma.fields.DateTime(required=True, allow_none=True, metadata={"description": "完成时间"})


class AlertOut(Schema):
    kind = _s("告警类型", required=True)
    detail = _s("告警详情", required=True)
    created_at = ma.fields.DateTime(required=True, metadata={"description": "告警时间（UTC）"})


class MismatchOut(Schema):
    id = _s("差异 ID", required=True)
    run_id = _s("所属对账记录 ID", required=True)
    bill_date = ma.fields.Date(required=True, metadata={"description": "账单日期（北京时间）"})
    category = ma.fields.String(required=True, validate=ma.validate.OneOf(CATEGORIES),
                                metadata={"description": CATEGORY_TEXT})
    state = _s(STATE_TEXT, required=True)
    out_trade_no = _s("商户订单号", required=True, allow_none=True)
    out_refund_no = _s("商户退款单号", required=True, allow_none=True)
    transaction_id = _s("微信支付订单号", required=True, allow_none=True)
    bill_amount_fen = ma.fields.Integer(required=True, allow_none=True, metadata={"description": "账单金额（分）"})
    local_amount_fen = ma.fields.Integer(required=True, allow_none=True, metadata={"description": "本地金额（分）"})
    bill_evidence = ma.fields.Dict(required=True, allow_none=True,
                                   metadata={"description": "微信侧（账单或支付）证据：账单行的原始字段"})
    local_evidence = ma.fields.Dict(required=True, allow_none=True,
                                    metadata={"description": "本地侧证据：订单、退款或权益流水"})
    note = _s("处理备注或自动说明", required=True, allow_none=True)
    resolved_by = _s("处理人（运营人员 ID）", required=True, allow_none=True)
    resolved_at = ma.fields.DateTime(required=True, allow_none=True, metadata={"description": "处理时间"})


class AdminOrderDetail(AdminOrderOut):
    notifications = ma.fields.List(ma.fields.Nested(NotificationOut), required=True,
                                   metadata={"description": "收到的微信支付通知（原始证据已存档，可重放）"})
    refunds = ma.fields.List(ma.fields.Nested(OrderRefundOut), required=True, metadata={"description": "退款"})
    ledger = ma.fields.List(ma.fields.Nested(LedgerEntryOut), required=True,
                            metadata={"description": "与该订单及其退款相关的权益流水"})
    alerts = ma.fields.List(ma.fields.Nested(AlertOut), required=True, metadata={"description": "支付告警"})
    mismatches = ma.fields.List(ma.fields.Nested(MismatchOut), required=True,
                                metadata={"description": "对账差异（全部对账记录）"})


class RunQuery(Schema):
    bill_date = ma.fields.Date(metadata={"description": "账单日期（北京时间）"})
    status = ma.fields.String(validate=ma.validate.OneOf(("running", "succeeded", "failed")),
                              metadata={"description": "运行状态：running 进行中，succeeded 成功，failed 失败"})
    cursor = _s("翻页游标：上一页返回的 next_cursor；首页不传", validate=ma.validate.Length(max=64))
    limit = ma.fields.Integer(load_default=50, validate=ma.validate.Range(min=1, max=100),
                              metadata={"description": "每页条数（1–100）"})


class RunOut(Schema):
    id = _s("对账记录 ID", required=True)
    bill_date = ma.fields.Date(required=True, metadata={"description": "账单日期（北京时间）"})
    status = _s("运行状态：running 进行中，succeeded 成功，failed 失败", required=True)
    latest = ma.fields.Boolean(required=True, metadata={"description": "是否为该日期最新的一次对账"})
    trigger = _s("触发方式：schedule 定时，operator 运营人员，cli 命令行", required=True)
    operator_id = _s("触发的运营人员 ID", required=True, allow_none=True)
    started_at = ma.fields.DateTime(required=True, metadata={"description": "开始时间（UTC）"})
    finished_at = ma.fields.DateTime(required=True, allow_none=True, metadata={"description": "结束时间"})
    failure_reason = _s("失败原因码，如 digest_mismatch、malformed_row、summary_mismatch、bill_not_ready",
                        required=True, allow_none=True)
    failure_detail = _s("失败详情", required=True, allow_none=True)
    bill_rows = ma.fields.Integer(required=True, metadata={"description": "交易账单明细行数"})
    refund_rows = ma.fields.Integer(required=True, metadata={"description": "退款账单明细行数"})
    mismatches = ma.fields.Integer(required=True, metadata={"description": "差异数（不含自动修复与待复核）"})
    repaired = ma.fields.Integer(required=True, metadata={"description": "自动修复数"})
    pending = ma.fields.Integer(required=True, metadata={"description": "跨日待复核数"})
    totals = ma.fields.Dict(required=True,
                            metadata={"description": "账单汇总、明细合计与本地合计（分），及各类别差异数"})


class RunPage(Schema):
    runs = ma.fields.List(ma.fields.Nested(RunOut), required=True,
                          metadata={"description": "对账记录，最新的在前"})
    next_cursor = _s("下一页游标；没有更多时为 null", required=True, allow_none=True)


class RunCreate(Schema):
    bill_date = ma.fields.Date(required=True,
                               metadata={"description": "要对账的日期（北京时间，最近三个月内，今天之前）"})


class MismatchQuery(Schema):
    category = ma.fields.String(validate=ma.validate.OneOf(CATEGORIES), metadata={"description": "只看某一类别"})
    state = ma.fields.String(validate=ma.validate.OneOf(STATES), metadata={"description": "只看某一状态"})
    cursor = _s("翻页游标：上一页返回的 next_cursor；首页不传", validate=ma.validate.Length(max=64))
    limit = ma.fields.Integer(load_default=100, validate=ma.validate.Range(min=1, max=500),
                              metadata={"description": "每页条数（1–500）"})


class RunDetail(RunOut):
    items = ma.fields.List(ma.fields.Nested(MismatchOut), required=True, metadata={"description": "差异明细"})
    next_cursor = _s("差异明细的下一页游标；没有更多时为 null", required=True, allow_none=True)


class ResolveIn(Schema):
    note = _s("处理说明（记入审计）", required=True, validate=ma.validate.Length(min=2, max=500))
