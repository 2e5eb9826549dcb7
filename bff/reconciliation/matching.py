"""Matching one day's bills against orders, refunds and the entitlement ledger.

Runs inside the run's transaction. Bill rows stream past in batches; each batch costs one
``IN (...)`` query of a few thousand keys through Core (no ORM objects per row), and mismatches
are inserted in bulk. The ids of the local rows the bill matched are kept as a packed array of
integers, so finding what the bill lacks (短款) needs no set of strings for the whole day.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zlib import crc32
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, exists, func, insert, select
from sqlalchemy.orm import Session

from bff.reconciliation.bill import BillReader, yuan_to_fen
from models import ActivationCode, EntitlementEntry, Order, ReconciliationMismatch, ReconciliationRun, Refund
from models.base import new_public_id
from models.billing import LedgerCause, OrderStatus, RefundStatus

SHANGHAI = ZoneInfo("Asia/Shanghai")
BATCH = 4000
PART = 250  # a batch that does not add up is checked again in parts this size
FLUSH = 1000
# A payment this close to midnight may be billed on the next day: re-checked there first.
CROSS_DAY_WINDOW = timedelta(minutes=10)
PAID = (OrderStatus.paid, OrderStatus.partially_refunded, OrderStatus.refunded)

WECHAT_ONLY = "wechat_only"  # 长款: paid at WeChat, unknown or unpaid here
LOCAL_ONLY = "local_only"  # 短款: paid here, absent from the bill
AMOUNT = "amount"
STATUS = "status"
CROSS_DAY = "cross_day"
REFUND_WECHAT_ONLY = "refund_wechat_only"
REFUND_LOCAL_ONLY = "refund_local_only"
REFUND_AMOUNT = "refund_amount"
REFUND_STATUS = "refund_status"
ENTITLEMENT_MISSING = "entitlement_missing"
ENTITLEMENT_UNBACKED = "entitlement_unbacked"
ENTITLEMENT_NOT_REDUCED = "entitlement_not_reduced"
CATEGORIES = (WECHAT_ONLY, LOCAL_ONLY, AMOUNT, STATUS, CROSS_DAY, REFUND_WECHAT_ONLY, REFUND_LOCAL_ONLY,
              REFUND_AMOUNT, REFUND_STATUS, ENTITLEMENT_MISSING, ENTITLEMENT_UNBACKED, ENTITLEMENT_NOT_REDUCED)

OPEN, RESOLVED, REPAIRED, PENDING, CLEARED = "open", "resolved", "repaired", "pending", "cleared"
RECHECKED = "（跨日复核）"  # ends the note of a cross-day item the next day's bill did not have either

_ORDER_COLUMNS = (Order.id, Order.public_id, Order.out_trade_no, Order.status, Order.amount_fen,
                  Order.transaction_id, Order.paid_at, Order.refunded_fen, Order.user_id)


def day_window(day: date) -> tuple[datetime, datetime]:
    """[00:00, 24:00) of a bill date in Asia/Shanghai, as aware datetimes."""
    start = datetime.combine(day, datetime.min.time(), SHANGHAI)
    return start, start + timedelta(days=1)


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def order_evidence(row: Any) -> dict[str, Any]:
    return {"order_id": row.public_id, "out_trade_no": row.out_trade_no, "status": str(row.status.value),
            "amount_fen": row.amount_fen, "refunded_fen": row.refunded_fen, "transaction_id": row.transaction_id,
            "paid_at": _iso(row.paid_at)}


def _batches(rows: Iterator[list[str]], size: int = BATCH) -> Iterator[list[list[str]]]:
    batch: list[list[str]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Matcher:
    def __init__(self, session: Session, run: ReconciliationRun, *, now: datetime) -> None:
        self.session, self.run, self.now = session, run, now
        self.day = run.bill_date
        self.start, self.end = day_window(self.day)
        self.buffer: list[dict[str, Any]] = []
        self.counts: Counter[tuple[str, str]] = Counter()
        self.seen = array("q")  # hash() of every bill payment row matched to a paid order here
        self.matched_on_day = 0  # how many of them were paid here on this bill date
        self.core_verified = False  # the day up to 23:50 matched as a whole (``_day_agrees``)
        self.matched_refunds = array("q")
        self.repairs: list[tuple[str, str, str]] = []  # (mismatch public_id, "order"|"refund", key)
        self.resolved = self._earlier_resolutions()
        self.rechecked = self._earlier_rechecks()
        self.pending_prev = self._pending_from_previous_day()
        self.cleared: set[str] = set()

    # --- output --------------------------------------------------------------------------
    def add(self, category: str, *, out_trade_no: str | None = None, out_refund_no: str | None = None,
            transaction_id: str | None = None, bill_amount: int | None = None, local_amount: int | None = None,
            bill: dict[str, Any] | None = None, local: dict[str, Any] | None = None, state: str = OPEN,
            note: str | None = None, repair: str | None = None) -> str:
        public_id = new_public_id()
        row = {"public_id": public_id, "run_id": self.run.id, "bill_date": self.day, "category": category,
               "state": state, "out_trade_no": out_trade_no, "out_refund_no": out_refund_no,
               "transaction_id": transaction_id or None, "bill_amount_fen": bill_amount,
               "local_amount_fen": local_amount, "bill_evidence": bill, "local_evidence": local, "note": note,
               "resolved_by": None, "resolved_at": None, "created_at": self.now}
        earlier = self.resolved.get((category, out_trade_no, out_refund_no)) if out_trade_no or out_refund_no else None
        if state == OPEN and earlier is not None:  # an operator already settled this: re-runs keep it
            row.update(state=RESOLVED, note=earlier[0], resolved_by=earlier[1], resolved_at=earlier[2])
        elif repair is not None:
            self.repairs.append((public_id, repair, out_refund_no or out_trade_no or ""))
        self.buffer.append(row)
        self.counts[(category, row["state"])] += 1
        if len(self.buffer) >= FLUSH:
            self.flush()
        return public_id

    def flush(self) -> None:
        if self.buffer:
            self.session.execute(insert(ReconciliationMismatch.__table__), self.buffer)
            self.buffer = []

    def _earlier_resolutions(self) -> dict[tuple[str, str | None, str | None], tuple[str | None, str | None, Any]]:
        m = ReconciliationMismatch
        rows = self.session.execute(select(m.category, m.out_trade_no, m.out_refund_no, m.note, m.resolved_by,
                                           m.resolved_at).where(m.bill_date == self.day, m.state == RESOLVED))
        return {(r.category, r.out_trade_no, r.out_refund_no): (r.note, r.resolved_by, r.resolved_at) for r in rows}

    def _earlier_rechecks(self) -> dict[str, tuple[str, str, str | None]]:
        """Cross-day items of this date the next day's bill already settled, as earlier runs recorded
        them: a re-run of this date keeps that outcome instead of waiting for the next day again."""
        m = ReconciliationMismatch
        rows = self.session.execute(select(m.out_trade_no, m.category, m.state, m.note).where(
            m.bill_date == self.day, ((m.category == CROSS_DAY) & (m.state == CLEARED))
            | ((m.category == LOCAL_ONLY) & m.note.like("%" + RECHECKED))).order_by(m.id))
        return {r.out_trade_no: (r.category, r.state, r.note) for r in rows if r.out_trade_no}

    def _pending_from_previous_day(self) -> dict[str, int]:
        """Cross-day items the previous day's latest run left for this day's bill to settle."""
        from models import ReconciliationDay

        m = ReconciliationMismatch
        latest = select(ReconciliationDay.latest_run_id).where(
            ReconciliationDay.bill_date == self.day - timedelta(days=1)).scalar_subquery()
        rows = self.session.execute(select(m.out_trade_no, m.id).where(
            m.run_id == latest, m.category == CROSS_DAY, m.state == PENDING))
        return {r.out_trade_no: r.id for r in rows if r.out_trade_no}

    # --- the trade bill ------------------------------------------------------------------
    def trade_bill(self, reader: BillReader | None, reopen: Callable[[], BillReader] | None = None) -> None:
        """Match the trade bill. On MySQL a clean day costs one pass and two aggregate queries
        (``_day_agrees``); otherwise, or when the day does not add up, the bill is read again
        (``reopen``) in batches, each checked in one query and compared row by row if it differs."""
        if reader is not None:
            i = reader.index
            cols = (i["商户订单号"], i["微信订单号"], i["交易状态"], i["订单金额"])
            fast = self.session.get_bind().dialect.name == "mysql"
            if not (fast and reopen is not None and self._day_agrees(reader, *cols)):
                rows = reopen().rows() if fast and reopen is not None else reader.rows()
                for batch in _batches(rows):
                    if not fast:
                        self._trade_batch(reader, batch, *cols)
                    elif not self._trade_batch_agrees(batch, *cols):
                        for part in _batches(iter(batch), PART):  # narrow it down before reading rows
                            if not self._trade_batch_agrees(part, *cols):
                                self._trade_batch(reader, part, *cols)
        self._payments_absent_from_bill()
        self._previous_day_recheck()

    @staticmethod
    def _digest() -> Any:
        return func.crc32(func.concat(Order.out_trade_no, ":", Order.amount_fen, ":",
                                      func.coalesce(Order.transaction_id, "")))

    def _day_agrees(self, reader: BillReader, c_no: int, c_tx: int, c_state: int, c_total: int) -> bool:
        """Compare the whole day at once, leaving out the minutes around both midnights.

        The payments of the day's core (00:00 to 23:50) must be exactly the bill's payment rows for
        orders outside the two edges: same count and same sum of CRC-32 of ``no:amount:transaction``
        on both sides (the server sums its side in one range scan). The edges (23:50 to 24:00 of the
        previous day and of this day, where cross-day items live) are few and compared row by row.
        Any other difference, or a row that is not a plain payment, answers False: match by batch.
        """
        w = CROSS_DAY_WINDOW
        edges_where = and_(Order.status.in_(PAID), ((Order.paid_at >= self.start - w) & (Order.paid_at < self.start))
                           | ((Order.paid_at >= self.end - w) & (Order.paid_at < self.end)))
        edges = {r.out_trade_no for r in self.session.execute(select(Order.out_trade_no).where(edges_where))}
        count, checksum, edge_rows, agrees = 0, 0, [], True
        for r in reader.rows():
            state = r[c_state]
            if state == "REFUND":
                continue
            if not agrees:
                continue  # read to the end all the same: the summary and the digest cover every row
            no = r[c_no]
            if no in edges:
                edge_rows.append(r)
            elif state == "SUCCESS":
                count += 1
                checksum += crc32(f"{no}:{yuan_to_fen(r[c_total])}:{r[c_tx]}".encode())
            else:
                agrees = False
        if not agrees:
            return False
        found, total = self.session.execute(
            select(func.count(), func.coalesce(func.sum(self._digest()), 0)).where(
                Order.status.in_(PAID), Order.paid_at >= self.start, Order.paid_at < self.end - w)).one()
        if (found, int(total)) != (count, checksum):
            return False
        self.matched_on_day += count
        self.core_verified = True
        for batch in _batches(iter(edge_rows)):
            self._trade_batch(reader, batch, c_no, c_tx, c_state, c_total)
        return True

    def _trade_batch_agrees(self, batch: list[list[str]], c_no: int, c_tx: int, c_state: int, c_total: int) -> bool:
        """The common case in one round trip: every payment row of the batch is a paid order here with
        the same amount and transaction id. The server sums a CRC-32 of ``no:amount:transaction``
        over the orders, this side over the bill rows; any difference (or a row that is not a plain
        SUCCESS) sends the batch to ``_trade_batch``, which compares row by row."""
        numbers, checksum, seen = [], 0, self.seen
        for r in batch:
            state = r[c_state]
            if state == "REFUND":
                continue
            if state != "SUCCESS":
                return False
            no = r[c_no]
            numbers.append(no)
            checksum += crc32(f"{no}:{yuan_to_fen(r[c_total])}:{r[c_tx]}".encode())
        if len(set(numbers)) != len(numbers):
            return False
        digest = self._digest()
        in_day = case((and_(Order.paid_at >= self.start, Order.paid_at < self.end), 1), else_=0)
        found, total, on_day = self.session.execute(
            select(func.count(), func.coalesce(func.sum(digest), 0), func.coalesce(func.sum(in_day), 0))
            .where(Order.out_trade_no.in_(numbers), Order.status.in_(PAID))).one()
        if found != len(numbers) or int(total) != checksum:
            return False
        self.matched_on_day += int(on_day)
        for no in numbers:
            seen.append(hash(no))
            if no in self.pending_prev:
                self.cleared.add(no)
        return True

    def _lookup_orders(self, numbers: Iterable[str]) -> dict[str, Any]:
        rows = self.session.execute(select(*_ORDER_COLUMNS).where(Order.out_trade_no.in_(set(numbers))))
        return {r.out_trade_no: r for r in rows}

    def _trade_batch(self, reader: BillReader, batch: list[list[str]], c_no: int, c_tx: int, c_state: int,
                     c_total: int) -> None:
        local = self._lookup_orders(r[c_no] for r in batch if r[c_state] != "REFUND")
        start, end, seen = self.start, self.end, self.seen
        for r in batch:
            state = r[c_state]
            if state == "REFUND":
                continue  # refund rows are matched against the refund bill
            no, o = r[c_no], local.get(r[c_no])
            total = yuan_to_fen(r[c_total])
            if o is not None and o.status in PAID:
                seen.append(hash(no))  # on the bill: whatever else differs, it is not missing (短款)
                if start <= o.paid_at < end:
                    self.matched_on_day += 1
                elif no in self.pending_prev:
                    self.cleared.add(no)
            if state != "SUCCESS":  # REVOKED (or anything else): the money did not stay with us
                if o is not None and o.status in PAID:
                    self.add(STATUS, out_trade_no=no, transaction_id=r[c_tx], bill_amount=total,
                             local_amount=o.amount_fen, bill=reader.evidence(r), local=order_evidence(o))
                continue
            if o is None or o.status not in PAID:
                self.add(WECHAT_ONLY, out_trade_no=no, transaction_id=r[c_tx], bill_amount=total,
                         local_amount=o.amount_fen if o else None, bill=reader.evidence(r),
                         local=order_evidence(o) if o else None, repair="order" if o is not None else None)
            elif total != o.amount_fen:
                self.add(AMOUNT, out_trade_no=no, transaction_id=r[c_tx], bill_amount=total,
                         local_amount=o.amount_fen, bill=reader.evidence(r), local=order_evidence(o))
            elif o.transaction_id and o.transaction_id != r[c_tx]:
                self.add(STATUS, out_trade_no=no, transaction_id=r[c_tx], bill_amount=total,
                         local_amount=o.amount_fen, bill=reader.evidence(r), local=order_evidence(o),
                         note="微信订单号与本地记录不一致")

    def _paid_in_window(self) -> Any:
        return and_(Order.paid_at >= self.start, Order.paid_at < self.end, Order.status.in_(PAID))

    def _payments_absent_from_bill(self) -> None:
        """短款: paid here on this day, not on the bill. The bill's order numbers are kept only as
        64-bit hashes (8 bytes each), and only read when the counts say something is missing."""
        total = self.session.scalar(select(func.count()).select_from(Order).where(self._paid_in_window()))
        seen = array("q", sorted(self.seen))
        duplicates = any(seen[k] == seen[k + 1] for k in range(len(seen) - 1)) if total != 0 else False
        if total == self.matched_on_day and not duplicates:
            return
        last_id, cross_day_from = 0, self.end - CROSS_DAY_WINDOW
        scope = self._paid_in_window()
        if self.core_verified:  # only the last minutes can still be missing
            scope = and_(scope, Order.paid_at >= cross_day_from)
        while True:
            rows = list(self.session.execute(select(*_ORDER_COLUMNS).where(scope, Order.id > last_id)
                                             .order_by(Order.id).limit(BATCH)))
            if not rows:
                return
            for o in rows:
                h = hash(o.out_trade_no)
                k = bisect_left(seen, h)
                if k < len(seen) and seen[k] == h:
                    continue
                late = o.paid_at >= cross_day_from
                if late and (settled := self.rechecked.get(o.out_trade_no)) is not None:
                    category, state, note = settled
                    self.add(category, state=CLEARED if state == CLEARED else OPEN, note=note,
                             out_trade_no=o.out_trade_no, transaction_id=o.transaction_id, local_amount=o.amount_fen,
                             local=order_evidence(o))
                    continue
                self.add(CROSS_DAY if late else LOCAL_ONLY, state=PENDING if late else OPEN,
                         out_trade_no=o.out_trade_no, transaction_id=o.transaction_id, local_amount=o.amount_fen,
                         local=order_evidence(o),
                         note="临近午夜支付，待次日账单复核" if late else None)
            last_id = rows[-1].id

    def _previous_day_recheck(self) -> None:
        """The previous day's cross-day items: cleared if this bill has them, else they count now."""
        m = ReconciliationMismatch
        for out_trade_no, mismatch_id in self.pending_prev.items():
            row = self.session.get(m, mismatch_id)
            if row is None or row.state != PENDING:
                continue
            if out_trade_no in self.cleared:
                row.state, row.note = CLEARED, f"已在 {self.day.isoformat()} 的账单中出现"
                delta = {"pending": -1}
            else:
                row.category, row.state = LOCAL_ONLY, OPEN
                row.note = f"{self.day.isoformat()} 的账单中仍无此笔支付{RECHECKED}"
                delta = {"pending": -1, "mismatches": 1}
            earlier = self.session.get(ReconciliationRun, row.run_id)
            if earlier is not None:
                for name, d in delta.items():
                    setattr(earlier, name, getattr(earlier, name) + d)

    # --- the refund bill -----------------------------------------------------------------
    def refund_bill(self, reader: BillReader | None) -> None:
        if reader is not None:
            i = reader.index
            cols = (i["商户退款单号"], i["商户订单号"], i["微信退款单号"], i["退款金额"], i["退款状态"])
            for batch in _batches(reader.rows()):
                self._refund_batch(reader, batch, *cols)
        self._refunds_absent_from_bill()

    def _refund_columns(self) -> tuple[Any, ...]:
        return (Refund.id, Refund.public_id, Refund.out_refund_no, Refund.amount_fen, Refund.status,
                Refund.completed_at, Refund.refund_id, Order.out_trade_no)

    @staticmethod
    def refund_evidence(r: Any) -> dict[str, Any]:
        return {"refund_id": r.public_id, "out_refund_no": r.out_refund_no, "out_trade_no": r.out_trade_no,
                "amount_fen": r.amount_fen, "status": str(r.status.value), "wechat_refund_id": r.refund_id,
                "completed_at": _iso(r.completed_at)}

    def _refund_batch(self, reader: BillReader, batch: list[list[str]], c_no: int, c_trade: int, c_id: int,
                      c_amount: int, c_state: int) -> None:
        numbers = {r[c_no] for r in batch}
        local = {r.out_refund_no: r for r in self.session.execute(
            select(*self._refund_columns()).join(Order, Order.id == Refund.order_id)
            .where(Refund.out_refund_no.in_(numbers)))}
        for r in batch:
            no, lf, amount = r[c_no], local.get(r[c_no]), yuan_to_fen(r[c_amount])
            keys = {"out_trade_no": r[c_trade] or None, "out_refund_no": no, "bill_amount": amount,
                    "bill": reader.evidence(r)}
            if lf is None:
                self.add(REFUND_WECHAT_ONLY, **keys)
                continue
            keys |= {"local_amount": lf.amount_fen, "local": self.refund_evidence(lf)}
            if lf.completed_at is not None and self.start <= lf.completed_at < self.end:
                self.matched_refunds.append(lf.id)  # on the bill: whatever else differs, it is not missing
            if amount != lf.amount_fen:
                self.add(REFUND_AMOUNT, **keys)
            elif r[c_state] == "SUCCESS" and lf.status != RefundStatus.success:
                self.add(REFUND_STATUS, repair="refund", **keys)
            elif r[c_state] != "SUCCESS" and lf.status == RefundStatus.success:
                self.add(REFUND_STATUS, **keys)

    def _refunds_absent_from_bill(self) -> None:
        rows = self.session.execute(select(*self._refund_columns()).join(Order, Order.id == Refund.order_id).where(
            Refund.status == RefundStatus.success, Refund.completed_at >= self.start, Refund.completed_at < self.end))
        seen = set(self.matched_refunds)
        for lf in rows:
            if lf.id not in seen:
                self.add(REFUND_LOCAL_ONLY, out_trade_no=lf.out_trade_no, out_refund_no=lf.out_refund_no,
                         local_amount=lf.amount_fen, local=self.refund_evidence(lf))

    # --- the entitlement ledger -----------------------------------------------------------
    def entitlements(self) -> None:
        if not (self.session.get_bind().dialect.name == "mysql" and self._ledger_agrees()):
            self._paid_without_grant()
            self._order_grants_without_payment()
        self._code_grants_without_code()
        self._refunds_without_revoke()

    def _ledger_agrees(self) -> bool:
        """The day's paid orders and the day's order grants, compared as wholes: same count and
        same sum of CRC-32 of ``out_trade_no:user`` means each payment has its grant and each grant
        its payment. A grant made after midnight, or one naming the order by its public id, makes
        the sums differ, and the two precise queries below decide."""
        e = EntitlementEntry
        orders = self.session.execute(select(func.count(), func.coalesce(func.sum(
            func.crc32(func.concat(Order.out_trade_no, ":", Order.user_id))), 0)).where(self._paid_in_window())).one()
        grants = self.session.execute(select(func.count(), func.coalesce(func.sum(
            func.crc32(func.concat(e.cause_id, ":", e.user_id))), 0)).where(
            e.kind == "grant", e.cause_type == LedgerCause.order, e.created_at >= self.start,
            e.created_at < self.end)).one()
        return (orders[0], int(orders[1])) == (grants[0], int(grants[1]))

    @staticmethod
    def _ledger(cause_type: LedgerCause, kind: str, cause_id: Any) -> Any:
        e = EntitlementEntry
        return exists().where(e.cause_type == cause_type, e.kind == kind, e.cause_id == cause_id)

    def _paid_without_grant(self) -> None:
        e = EntitlementEntry  # the grant must be the buyer's own
        grant = self._ledger(LedgerCause.order, "grant", Order.out_trade_no).where(e.user_id == Order.user_id)
        grant_by_public_id = self._ledger(LedgerCause.order, "grant", Order.public_id).where(
            e.user_id == Order.user_id)
        rows = self.session.execute(select(*_ORDER_COLUMNS).where(
            self._paid_in_window(), Order.status.in_((OrderStatus.paid, OrderStatus.partially_refunded)),
            ~grant, ~grant_by_public_id))
        for o in rows:
            self.add(ENTITLEMENT_MISSING, out_trade_no=o.out_trade_no, transaction_id=o.transaction_id,
                     local_amount=o.amount_fen, bill={"payment": order_evidence(o)},
                     local={"ledger": [], "expected": "订单已支付，应有一条发放记录（grant）"})

    def _unbacked(self, entry: EntitlementEntry) -> None:
        self.add(ENTITLEMENT_UNBACKED, out_trade_no=entry.cause_id[:32] if entry.cause_type == LedgerCause.order
                 else None, bill={"payment": None, "expected": "应有已支付订单或已兑换的激活码"},
                 local={"ledger": {"entry_id": entry.id, "user_id": entry.user_id, "cause_type":
                                   str(entry.cause_type.value), "cause_id": entry.cause_id,
                                   "delta_seconds": entry.delta_seconds, "created_at": _iso(entry.created_at)}})

    def _grants_of_day(self) -> tuple[Any, ...]:
        e = EntitlementEntry
        return e.kind == "grant", e.created_at >= self.start, e.created_at < self.end

    def _order_grants_without_payment(self) -> None:
        e = EntitlementEntry
        by_no = exists().where(Order.out_trade_no == e.cause_id, Order.status.in_(PAID), Order.user_id == e.user_id)
        by_id = exists().where(Order.public_id == e.cause_id, Order.status.in_(PAID), Order.user_id == e.user_id)
        for entry in self.session.scalars(select(e).where(*self._grants_of_day(), e.cause_type == LedgerCause.order,
                                                          ~by_no, ~by_id)):
            self._unbacked(entry)

    def _code_grants_without_code(self) -> None:
        e = EntitlementEntry
        codes = list(self.session.scalars(select(e).where(*self._grants_of_day(),
                                                          e.cause_type == LedgerCause.activation_code)))
        code_ids = [int(c.cause_id) for c in codes if c.cause_id.isdigit()]
        redeemed = {(c.id, c.redeemed_by) for c in self.session.execute(
            select(ActivationCode.id, ActivationCode.redeemed_by).where(ActivationCode.id.in_(code_ids),
                                                                       ActivationCode.redeemed_at.is_not(None)))}
        for entry in codes:
            if not (entry.cause_id.isdigit() and (int(entry.cause_id), entry.user_id) in redeemed):
                self._unbacked(entry)

    def _refunds_without_revoke(self) -> None:
        revoke = self._ledger(LedgerCause.refund, "revoke", Refund.public_id)
        rows = self.session.execute(select(*self._refund_columns()).join(Order, Order.id == Refund.order_id).where(
            Refund.status == RefundStatus.success, Refund.completed_at >= self.start, Refund.completed_at < self.end,
            ~revoke))
        for lf in rows:
            self.add(ENTITLEMENT_NOT_REDUCED, out_trade_no=lf.out_trade_no, out_refund_no=lf.out_refund_no,
                     local_amount=lf.amount_fen, bill={"refund": self.refund_evidence(lf)},
                     local={"ledger": [], "expected": "退款成功后应有一条扣减记录（revoke）"})
