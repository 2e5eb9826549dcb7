"""Trade bills (交易账单) in WeChat's CSV format (PROTOCOLS.md §3.8).

A bill for day D (Asia/Shanghai) lists one payment row per order paid on D and one refund
row per refund that succeeded on D. Rows are events, so a bill never changes once D is over.
Refund rows carry the original payment's 交易时间 (the REFUND bill adds the refund times).
Values are written as WeChat does: backtick-prefixed, not quoted, lines ending in CRLF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sandbox.wechatpay.crypto import SHANGHAI, shanghai
from sandbox.wechatpay.errors import PayError
from sandbox.wechatpay.models import Order, Refund

HISTORY_DAYS = 92  # only the last 3 months of bills can be requested


def _columns(text: str) -> list[str]:
    return text.split(",")


# Header rows exactly as WXP docs/merchant/products/bill-download/format-trade.html lists them.
ALL_HEADER = _columns(
    "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,"
    "付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,"
    "退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注"
)
REFUND_ONLY = _columns("微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,申请退款金额")
SUCCESS_HEADER = [h for h in ALL_HEADER if h not in REFUND_ONLY]
REFUND_HEADER = ALL_HEADER[:14] + ["退款申请时间", "退款成功时间"] + ALL_HEADER[14:]
ALL_SUMMARY = _columns(
    "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"
)
SUCCESS_SUMMARY = _columns("总交易单数,应结订单总金额,手续费总金额,订单总金额")
HEADERS = {"ALL": ALL_HEADER, "SUCCESS": SUCCESS_HEADER, "REFUND": REFUND_HEADER}
SUMMARIES = {"ALL": ALL_SUMMARY, "SUCCESS": SUCCESS_SUMMARY, "REFUND": ALL_SUMMARY}
# Summary column -> the detail column it adds up.
SUMMED = {
    "应结订单总金额": "应结订单金额",
    "退款总金额": "退款金额",
    "充值券退款总金额": "充值券退款金额",
    "手续费总金额": "手续费",
    "订单总金额": "订单金额",
    "申请退款总金额": "申请退款金额",
}


def yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def clock_time(ts: float | None) -> str:
    return "" if ts is None else shanghai(ts).strftime("%Y-%m-%d %H:%M:%S")


def fee(amount: int, rate_bp: int) -> int:
    return (amount * rate_bp + 5000) // 10000  # rounded half up, in fen


@dataclass
class Bill:
    bill_type: str
    rows: list[dict[str, str]]
    fee_rate_bp: int

    def render(self) -> bytes:
        header, summary = HEADERS[self.bill_type], SUMMARIES[self.bill_type]
        lines = [",".join(header)]
        lines += [",".join("`" + row.get(col, "") for col in header) for row in self.rows]
        totals = {"总交易单数": str(len(self.rows))}
        for col, detail in SUMMED.items():
            fen = sum(round(float(row[detail]) * 100) for row in self.rows)
            totals[col] = yuan(fen)
        lines.append(",".join(summary))
        lines.append(",".join("`" + totals[col] for col in summary))
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _common(order: Order, rate_bp: int) -> dict[str, str]:
    return {
        "交易时间": clock_time(order.success_time),
        "公众账号ID": order.appid,
        "商户号": order.mchid,
        "特约商户号": "0",
        "设备号": "",
        "微信订单号": order.transaction_id or "",
        "商户订单号": order.out_trade_no,
        "用户标识": order.openid,
        "交易类型": "JSAPI",
        "付款银行": order.bank_type or "OTHERS",
        "货币种类": order.currency,
        "商品名称": order.description,
        "商户数据包": order.attach or "",
        "费率": f"{rate_bp / 100:.2f}%",
        "费率备注": "",
    }


def payment_row(order: Order, rate_bp: int) -> dict[str, str]:
    assert order.payer_total is not None
    return _common(order, rate_bp) | {
        "交易状态": "SUCCESS",
        "应结订单金额": yuan(order.total),
        "代金券金额": yuan(order.total - order.payer_total),
        "微信退款单号": "0",
        "商户退款单号": "0",
        "退款金额": "0.00",
        "充值券退款金额": "0.00",
        "退款类型": "",
        "退款状态": "",
        "手续费": yuan(fee(order.total, rate_bp)),
        "订单金额": yuan(order.total),
        "申请退款金额": "0.00",
    }


def refund_row(refund: Refund, rate_bp: int) -> dict[str, str]:
    return _common(refund.order, rate_bp) | {
        "交易状态": "REFUND",
        "应结订单金额": "0.00",
        "代金券金额": "0.00",
        "退款申请时间": clock_time(refund.created_at),
        "退款成功时间": clock_time(refund.success_time),
        "微信退款单号": refund.refund_id,
        "商户退款单号": refund.out_refund_no,
        "退款金额": yuan(refund.refund),
        "充值券退款金额": yuan(refund.discount_refund),
        "退款类型": "ORIGINAL",
        "退款状态": "SUCCESS",
        "手续费": yuan(-fee(refund.refund, rate_bp)),  # the fee is given back, pro rata
        "订单金额": "0.00",
        "申请退款金额": yuan(refund.refund),
    }


def build(bill_type: str, day: dt.date, orders: list[Order], rate_bp: int) -> Bill:
    """The rows of one day's bill, in event time order."""
    events: list[tuple[float, dict[str, str]]] = []
    for order in orders:
        if order.success_time is None:
            continue
        if bill_type in ("ALL", "SUCCESS") and shanghai(order.success_time).date() == day:
            events.append((order.success_time, payment_row(order, rate_bp)))
        if bill_type in ("ALL", "REFUND"):
            for refund in order.refunds:
                if refund.success_time is not None and shanghai(refund.success_time).date() == day:
                    events.append((refund.success_time, refund_row(refund, rate_bp)))
    events.sort(key=lambda event: event[0])
    return Bill(bill_type, [row for _, row in events], rate_bp)


def statement(
    bill_type: str, day: dt.date, orders: list[Order], now: float, ready_hour: int | None, rate_bp: int
) -> bytes:
    """The CSV bill of `day`, or the error WeChat answers instead of it."""
    today = shanghai(now)
    if day < today.date() - dt.timedelta(days=HISTORY_DAYS):
        raise PayError(400, "PARAM_ERROR", "仅支持下载三个月内的账单")
    bill = build(bill_type, day, orders, rate_bp)
    if day > today.date() or not bill.rows:
        raise PayError(400, "NO_STATEMENT_EXIST", "账单文件不存在")
    if ready_hour is not None:
        ready = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(ready_hour), SHANGHAI)
        if today < ready:
            raise PayError(400, "STATEMENT_CREATING", "账单生成中, 请于次日10点后下载")
    return bill.render()


@dataclass
class BillFile:
    """A bill behind a download_url token."""

    mchid: str
    data: bytes
    expires_at: float
