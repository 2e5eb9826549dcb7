"""Hand-made bills in WeChat's format, local rows placed on a bill date, and runs of the service."""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta
from typing import Any

import requests
from flask import Flask
from sqlalchemy import select

from bff.billing import ledger
from bff.deps import deps
from bff.reconciliation import service
from bff.reconciliation.matching import SHANGHAI
from models import EntitlementEntry, Order, Plan, ReconciliationMismatch, ReconciliationRun, Refund, User
from models.billing import LedgerCause, OrderStatus, RefundStatus
from sandbox.wechatpay import bills


def at(day: date, hh: int, mm: int = 0, ss: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm, ss), SHANGHAI)


def clock(when: datetime) -> str:
    return when.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")


def trade_row(out_trade_no: str, fen: int, when: datetime, *, state: str = "SUCCESS",
              transaction_id: str | None = None) -> dict[str, str]:
    row = dict.fromkeys(bills.ALL_HEADER, "")
    return row | {"交易时间": clock(when), "公众账号ID": "wx5a3e9f1c0d2b4e68", "商户号": "1900000109",
                  "特约商户号": "0", "微信订单号": transaction_id or "4200" + secrets.token_hex(12),
                  "商户订单号": out_trade_no, "用户标识": "oOPENID", "交易类型": "JSAPI", "交易状态": state,
                  "付款银行": "OTHERS", "货币种类": "CNY",
                  "应结订单金额": bills.yuan(fen), "代金券金额": "0.00", "微信退款单号": "0", "商户退款单号": "0",
                  "退款金额": "0.00", "充值券退款金额": "0.00", "手续费": bills.yuan(bills.fee(fen, 60)),
                  "费率": "0.60%", "订单金额": bills.yuan(fen), "申请退款金额": "0.00", "商品名称": "美学镜 VIP 月卡"}


def refund_row(out_trade_no: str, out_refund_no: str, fen: int, when: datetime) -> dict[str, str]:
    row = dict.fromkeys(bills.REFUND_HEADER, "")
    return row | {"交易时间": clock(when - timedelta(hours=1)), "公众账号ID": "wx5a3e9f1c0d2b4e68",
                  "商户号": "1900000109", "特约商户号": "0", "微信订单号": "4200" + secrets.token_hex(12),
                  "商户订单号": out_trade_no, "交易类型": "JSAPI", "交易状态": "REFUND", "付款银行": "OTHERS",
                  "货币种类": "CNY", "应结订单金额": "0.00", "代金券金额": "0.00", "退款申请时间": clock(when),
                  "退款成功时间": clock(when), "微信退款单号": "5000" + secrets.token_hex(12),
                  "商户退款单号": out_refund_no, "退款金额": bills.yuan(fen), "充值券退款金额": "0.00",
                  "退款类型": "ORIGINAL", "退款状态": "SUCCESS", "手续费": bills.yuan(-bills.fee(fen, 60)),
                  "订单金额": "0.00", "申请退款金额": bills.yuan(fen)}


def render(bill_type: str, rows: list[dict[str, str]]) -> str:
    return bills.Bill(bill_type, rows, 60).render().decode("utf-8")


def inject(sandbox_url: str, day: date, bill_type: str, csv: str | None, hash_value: str | None = None) -> None:
    body: dict[str, Any] = {"bill_date": day.isoformat(), "bill_type": bill_type, "csv": csv}
    if hash_value:
        body["hash_value"] = hash_value
    res = requests.post(f"{sandbox_url}/control/wechatpay/bills", json=body, timeout=5)
    assert res.status_code == 200, res.text


def local_order(app: Flask, user_public_id: str, *, paid_at: datetime | None, status: OrderStatus = OrderStatus.paid,
                amount_fen: int | None = None, grant: bool = True, transaction_id: str | None = None,
                grant_by_out_trade_no: bool = False) -> Order:
    with app.app_context(), app.extensions["mirror.db"].factory.begin() as session:
        user = session.scalar(select(User).where(User.public_id == user_public_id))
        plan = session.scalar(select(Plan).where(Plan.code == "vip_month"))
        assert user is not None and plan is not None
        created = paid_at or datetime.now(SHANGHAI)
        order = Order(out_trade_no="T" + secrets.token_hex(12), user_id=user.id, plan_id=plan.id,
                      channel="wechatpay_jsapi", amount_fen=amount_fen or plan.price_fen, status=status,
                      created_at=created, expires_at=created + timedelta(minutes=30), paid_at=paid_at,
                      transaction_id=transaction_id)
        session.add(order)
        session.flush()
        if grant:
            # Fulfilment names the order by out_trade_no; older grants (and the admin helpers) by public id.
            cause_id = order.out_trade_no if grant_by_out_trade_no else order.public_id
            ledger.grant(session, user, plan, cause_type=LedgerCause.order, cause_id=cause_id, now=paid_at or created)
        session.expunge(order)
        return order


def local_refund(app: Flask, order: Order, fen: int, completed_at: datetime, *,
                 status: RefundStatus = RefundStatus.success, revoke: bool = True) -> Refund:
    with app.app_context(), app.extensions["mirror.db"].factory.begin() as session:
        refund = Refund(order_id=order.id, out_refund_no="R" + secrets.token_hex(15), amount_fen=fen,
                        reason="用户申请退款", operator_id="op", status=status, created_at=completed_at,
                        completed_at=completed_at if status == RefundStatus.success else None)
        session.add(refund)
        session.flush()
        if revoke:
            user, plan = session.get(User, order.user_id), session.get(Plan, order.plan_id)
            ledger.revoke(session, user, plan, seconds=0, cause_type=LedgerCause.refund, cause_id=refund.public_id,
                          now=completed_at)
        session.expunge(refund)
        return refund


def reconcile(app: Flask, day: date, trigger: str = "cli") -> str:
    with app.app_context():
        return service.run_reconciliation(app.extensions["mirror.db"].factory, day, gateway=deps().wechatpay,
                                          trigger=trigger)


def run_of(app: Flask, public_id: str) -> tuple[ReconciliationRun, list[ReconciliationMismatch]]:
    with app.extensions["mirror.db"].factory() as session:
        run = session.scalar(select(ReconciliationRun).where(ReconciliationRun.public_id == public_id))
        assert run is not None
        found = list(session.scalars(select(ReconciliationMismatch).where(ReconciliationMismatch.run_id == run.id)
                                     .order_by(ReconciliationMismatch.id)))
        session.expunge_all()
        return run, found


def by_category(mismatches: list[ReconciliationMismatch]) -> dict[str, list[ReconciliationMismatch]]:
    out: dict[str, list[ReconciliationMismatch]] = {}
    for row in mismatches:
        out.setdefault(row.category, []).append(row)
    return out


def ledger_of(app: Flask, user_id: int) -> list[EntitlementEntry]:
    with app.extensions["mirror.db"].factory() as session:
        rows = list(session.scalars(select(EntitlementEntry).where(EntitlementEntry.user_id == user_id)
                                    .order_by(EntitlementEntry.id)))
        session.expunge_all()
        return rows
