#!/usr/bin/env python
"""Reconciling a 1,000,000-row WeChat Pay trade bill: rows per second and peak RSS.

    .venv/bin/python benchmarks/bench_reconciliation.py [--rows 1000000] [--keep-database URL]

A benchmark, not a test: it prints figures and asserts no timings.

1. A throwaway MariaDB database (schema by Alembic) with one buyer and --rows ``paid`` orders
   (paid on one bill date, spread over the day, one ledger grant each), inserted with multi-row
   INSERTs; --mismatch-every N makes every Nth bill amount differ (0: a clean day).
2. The bill: --rows SUCCESS rows in WeChat's ALL format (backtick-prefixed, CRLF, summary block)
   gzipped to a file, with its SHA-1, as the bill download would hand it over.
3. A fresh child process runs ``bff.reconciliation.service.run_reconciliation`` on that date, the
   bill coming from the file instead of WeChat's download URL (same bytes, same digest check);
   it reports the wall time of the whole run (download excluded), rows/s and its peak RSS
   (``ru_maxrss``: the gzip bytes held in memory included, as the SDK's download returns them).
4. The database is dropped (unless --keep-database), also on error or Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import json
import os
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.harness import create_database, drop_database  # noqa: E402

HEADER = ("交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,"
          "付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,"
          "退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注")
SUMMARY = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"
PRICE, FEE = 6800, 41  # 68.00 yuan, 0.60% fee rounded
DAY = date.today() - timedelta(days=2)


def yuan(fen: int) -> str:
    return f"{'-' if fen < 0 else ''}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def out_trade_no(i: int) -> str:
    return f"MW{DAY:%Y%m%d}{i:022x}"


def paid_at(i: int, rows: int) -> datetime:
    start = datetime(DAY.year, DAY.month, DAY.day, tzinfo=UTC) - timedelta(hours=8)  # 00:00 Shanghai
    return start + timedelta(seconds=int(i * (86_000 / rows)))  # before 23:50: no cross-day items


def seed(url: str, rows: int) -> None:
    from sqlalchemy import create_engine, insert, select

    from bff.migrate import upgrade
    from models import EntitlementEntry, Order, Plan, User

    upgrade(url)
    engine = create_engine(url)
    with engine.begin() as conn:
        user_id = conn.execute(insert(User).values(
            public_id=secrets.token_urlsafe(16), openid="bench-buyer", status="active",
            created_at=datetime.now(UTC))).inserted_primary_key[0]
        plan_id = conn.execute(select(Plan.id).where(Plan.code == "vip_month")).scalar_one()
    started, chunk = time.perf_counter(), 10_000
    for first in range(0, rows, chunk):
        orders, grants = [], []
        for i in range(first, min(rows, first + chunk)):
            when = paid_at(i, rows)
            orders.append({"public_id": f"o{i:021d}", "out_trade_no": out_trade_no(i), "user_id": user_id,
                           "plan_id": plan_id, "channel": "wechatpay_jsapi", "amount_fen": PRICE, "currency": "CNY",
                           "status": "paid", "transaction_id": f"4200{i:024d}", "refunded_fen": 0,
                           "created_at": when, "expires_at": when + timedelta(minutes=30), "paid_at": when})
            grants.append({"user_id": user_id, "plan_id": plan_id, "kind": "grant", "delta_seconds": 31 * 86400,
                           "ends_at": when + timedelta(days=31), "cause_type": "order",
                           "cause_id": out_trade_no(i), "created_at": when})
        with engine.begin() as conn:
            conn.execute(insert(Order.__table__), orders)
            conn.execute(insert(EntitlementEntry.__table__), grants)
    print(f"seeded {rows} orders + grants in {time.perf_counter() - started:.1f}s", file=sys.stderr)


def write_bill(path: Path, rows: int, mismatch_every: int) -> str:
    sha1, count, settle, fees, total = hashlib.sha1(usedforsecurity=False), 0, 0, 0, 0
    with gzip.open(path, "wb", compresslevel=6) as out:
        def emit(line: str) -> None:
            data = (line + "\r\n").encode()
            sha1.update(data)
            out.write(data)

        emit(HEADER)
        for i in range(rows):
            amount = PRICE + 1 if mismatch_every and i % mismatch_every == 0 else PRICE
            when = (paid_at(i, rows) + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S")
            values = [when, "wx5a3e9f1c0d2b4e68", "1900000109", "0", "", f"4200{i:024d}", out_trade_no(i),
                      "oBENCHBUYER", "JSAPI", "SUCCESS", "OTHERS", "CNY", yuan(amount), "0.00", "0", "0", "0.00",
                      "0.00", "", "", "美学镜 VIP 月卡", "", yuan(FEE), "0.60%", yuan(amount), "0.00", ""]
            emit(",".join("`" + v for v in values))
            count, settle, fees, total = count + 1, settle + amount, fees + FEE, total + amount
        emit(SUMMARY)
        emit(",".join("`" + v for v in (str(count), yuan(settle), "0.00", "0.00", yuan(fees), yuan(total), "0.00")))
    return sha1.hexdigest()


class FileBills:
    """The bill WeChat would serve, from a file: same bytes, same digest, no network."""

    def __init__(self, path: str, sha1: str) -> None:
        self.path, self.sha1 = path, sha1

    def trade_bill(self, bill_date: str, bill_type: str = "ALL") -> dict[str, Any] | None:
        if bill_type != "ALL":
            return None  # no refunds that day
        return {"hash_type": "SHA1", "hash_value": self.sha1, "download_url": self.path}

    def download_bill(self, download_url: str) -> bytes:
        return Path(download_url).read_bytes()

    def query(self, out_trade_no: str) -> dict[str, Any]:
        raise AssertionError("a clean bill needs no repair")

    def query_refund(self, out_refund_no: str) -> dict[str, Any]:
        raise AssertionError("no refunds")


def measure(url: str, bill: str, sha1: str, rows: int) -> dict[str, Any]:
    from sqlalchemy import select

    from bff.reconciliation import service
    from models import ReconciliationRun
    from models.session import make_engine, make_session_factory

    factory = make_session_factory(make_engine(url, pool_size=2))
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    public_id = service.run_reconciliation(factory, DAY, gateway=FileBills(bill, sha1), trigger="cli")
    elapsed = time.perf_counter() - started
    with factory() as session:
        run = session.scalar(select(ReconciliationRun).where(ReconciliationRun.public_id == public_id))
        assert run is not None
        figures = {"status": run.status, "failure": run.failure_reason, "bill_rows": run.bill_rows,
                   "mismatches": run.mismatches, "categories": (run.totals or {}).get("categories")}
    return figures | {"rows": rows, "seconds": round(elapsed, 2), "rows_per_s": round(rows / elapsed),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                      "rss_before_run_mb": round(base_rss / 1024, 1),
                      "bill_gz_mb": round(os.path.getsize(bill) / 2**20, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--mismatch-every", type=int, default=0)
    parser.add_argument("--admin-url", default="mysql+pymysql://root@127.0.0.1:3306/")
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument("--measure", nargs=3, metavar=("URL", "BILL", "SHA1"), help=argparse.SUPPRESS)
    parser.add_argument("--json")
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure, args.rows), ensure_ascii=False))
        return
    url = args.admin_url.rstrip("/") + f"/mirror_bench_recon_{secrets.token_hex(4)}?charset=utf8mb4"
    create_database(url)
    with tempfile.TemporaryDirectory() as tmp:
        try:
            seed(url, args.rows)
            bill = Path(tmp) / "bill.csv.gz"
            started = time.perf_counter()
            sha1 = write_bill(bill, args.rows, args.mismatch_every)
            print(f"bill written in {time.perf_counter() - started:.1f}s", file=sys.stderr)
            command = [sys.executable, __file__, "--rows", str(args.rows), "--measure", url, str(bill), sha1]
            child = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)  # noqa: S603
            if child.returncode != 0:
                raise SystemExit(child.stderr[-4000:])
            figures = json.loads(child.stdout.strip().splitlines()[-1])
            print(json.dumps(figures, ensure_ascii=False, indent=2))
            if args.json:
                Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=2))
        finally:
            if not args.keep_database:
                with contextlib.suppress(Exception):
                    drop_database(url)
            else:
                print(f"kept {url}", file=sys.stderr)


if __name__ == "__main__":
    main()
