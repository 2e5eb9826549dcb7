#!/usr/bin/env python
"""WeChat Pay payment notifications under gunicorn, against a verify + decrypt + one UPDATE floor.

    .venv/bin/python benchmarks/bench_notifications.py [--duration 8] [--connections 16]

A benchmark, not a test: it prints figures and asserts no timings.

1. Throwaway MariaDB database (``mirror migrate``), Redis db 12 flushed; --orders users and
   ``created`` ``vip_month`` orders (amount = plan price, expiring in a day) inserted directly
   (multi-row INSERTs), more on demand.
2. For each run, distinct TRANSACTION.SUCCESS notifications for unused orders, signed NOW with
   the dev platform key (``sandbox/wechatpay/keys/DEV_ONLY_platform_1_private_key.pem``, serial =
   the first key id of ``Settings.wechatpay_public_keys``), resource sealed with the APIv3 key
   (AEAD_AES_256_GCM, AAD ``transaction``); body = the compact JSON envelope of PROTOCOLS.md §3.5.
   Generated right before each run (in parallel), so every timestamp is well inside the 300 s
   tolerance. One line per notification: ``ts TAB nonce TAB signature TAB body``.
3. The app (``gunicorn -c deploy/gunicorn.conf.py wsgi:app``, MIRROR_ENV=test) then the floor
   (``benchmarks/floor_notifications.py``, same gunicorn settings): warm-up, full speed (closed
   loop), then a fixed rate at half the APP's peak for both. wrk + Lua posts one notification per
   request, each a distinct one; anything but 204 counts as an error.
4. After the app's runs: every order is counted (paid, ledger grants, paid without a grant,
   duplicate grants, notification outcomes) against the 204s answered.
5. Prints req/s, p50/p99, errors, app/floor, CPU per component, worker RSS/Pss; drops the
   database and flushes Redis, also on error or Ctrl-C.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import multiprocessing as mp
import os
import secrets
import shutil
import string
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pymysql
import redis

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from harness import (  # noqa: E402
    BIN,
    HOST,
    ROOT,
    CpuMeter,
    LoadResult,
    children_of,
    fmt,
    free_port,
    pids_named,
    ratio,
    stop_process,
)

NOTIFY_PATH = "/api/v1/payments/wechatpay/notify"
SHANGHAI = timezone(timedelta(hours=8))

# Builds one notification request from a line "ts\tnonce\tsignature\tbody" of the items file.
REQUEST_LUA = r"""
  local ts, nonce, sig, body = item:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
  local headers = {["Content-Type"] = "application/json", ["Wechatpay-Timestamp"] = ts,
    ["Wechatpay-Nonce"] = nonce, ["Wechatpay-Signature"] = sig, ["Wechatpay-Serial"] = "__SERIAL__",
    ["Wechatpay-Signature-Type"] = "WECHATPAY2-SHA256-RSA2048"__CLOSE__}
  return wrk.format("POST", "__PATH__", headers, body)
"""


# ---------------------------------------------------------------- notifications
_SIGNER: dict[str, Any] = {}


def _init_signer(key_path: str, apiv3_key: str, appid: str, mchid: str, amount: int) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    _SIGNER.update(key=serialization.load_pem_private_key(Path(key_path).read_bytes(), None),
                   aead=AESGCM(apiv3_key.encode("ascii")), appid=appid, mchid=mchid, amount=amount)


def _sign_one(item: tuple[str, str]) -> str:
    """One TRANSACTION.SUCCESS notification for (out_trade_no, openid), as WeChat Pay sends it."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    out_trade_no, openid = item
    s = _SIGNER
    success = datetime.now(SHANGHAI).isoformat(timespec="seconds")  # e.g. 2026-11-22T12:00:00+08:00
    amount = {"total": s["amount"], "payer_total": s["amount"], "currency": "CNY", "payer_currency": "CNY"}
    resource = {"appid": s["appid"], "mchid": s["mchid"], "out_trade_no": out_trade_no,
                "transaction_id": "4200" + secrets.token_hex(14), "trade_type": "JSAPI", "trade_state": "SUCCESS",
                "trade_state_desc": "支付成功", "bank_type": "OTHERS", "attach": "", "success_time": success,
                "payer": {"openid": openid}, "amount": amount}
    nonce = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(12))
    plain = json.dumps(resource, ensure_ascii=False, separators=(",", ":")).encode()
    sealed = s["aead"].encrypt(nonce.encode(), plain, b"transaction")
    envelope = {"id": str(uuid.uuid4()), "create_time": success, "resource_type": "encrypt-resource",
                "event_type": "TRANSACTION.SUCCESS", "summary": "支付成功",
                "resource": {"original_type": "transaction", "algorithm": "AEAD_AES_256_GCM",
                             "ciphertext": base64.b64encode(sealed).decode(), "associated_data": "transaction",
                             "nonce": nonce}}
    body = json.dumps(envelope, ensure_ascii=False, separators=(",", ":"))
    ts, hnonce = str(int(time.time())), uuid.uuid4().hex.upper()
    sig = s["key"].sign(f"{ts}\n{hnonce}\n{body}\n".encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{ts}\t{hnonce}\t{base64.b64encode(sig).decode()}\t{body}"


# ---------------------------------------------------------------- the benchmark
@dataclass
class Target:
    name: str
    peak: LoadResult | None = None
    half: LoadResult | None = None
    memory: list[tuple[str, int, int, int | None]] = field(default_factory=list)
    runs: list[tuple[str, LoadResult, list[str]]] = field(default_factory=list)  # label, result, out_trade_nos


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        from bff.config import Settings
        from sandbox.wechatpay.config import DEV_PLATFORM_PRIVATE_KEYS

        self.args = args
        self.t0 = time.monotonic()
        self.stack = contextlib.ExitStack()
        self.tmp = Path(tempfile.mkdtemp(prefix="bench_notifications_"))
        self.db_name = f"mirror_bench_{uuid.uuid4().hex[:10]}"
        self.db_url = f"mysql+pymysql://root@{args.mysql_host}:{args.mysql_port}/{self.db_name}"
        self.redis_url = f"redis://{HOST}:6379/{args.redis_db}"
        self.settings = Settings(env="test")
        self.serial = next(iter(self.settings.wechatpay_public_keys))
        self.private_key = str(DEV_PLATFORM_PRIVATE_KEYS[0])
        self.cpu = harness.last_cpu()
        self.capture = harness.Capture()
        self.pool: list[tuple[str, str]] = []  # unused (out_trade_no, openid)
        self.seeded = 0
        self.plan: tuple[int, int] = (0, 0)
        self.results: dict[str, Target] = {}
        self.checks: dict[str, Any] = {}
        self.signer: Any = None

    def __enter__(self) -> Bench:
        self.stack.callback(shutil.rmtree, self.tmp, True)
        self.stack.callback(self.capture.stop)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stack.close()

    def log(self, msg: str) -> None:
        print(f"[{time.monotonic() - self.t0:6.1f}s] {msg}", flush=True)

    def env(self) -> dict[str, str]:
        return harness.clean_env(
            MIRROR_ENV="test", MIRROR_DATABASE_URL=self.db_url, MIRROR_REDIS_URL=self.redis_url,
            MIRROR_LOG_LEVEL="WARNING",
            BENCH_WECHATPAY_PUBLIC_KEYS=json.dumps(self.settings.wechatpay_public_keys),
            BENCH_WECHATPAY_APIV3_KEY=self.settings.wechatpay_apiv3_key.get_secret_value(),
            BENCH_NOTIFICATION_TOLERANCE=str(self.settings.notification_tolerance_seconds))

    def db(self) -> pymysql.connections.Connection:
        return pymysql.connect(**harness.mysql_args(self.db_url), autocommit=True)

    # -- setup ---------------------------------------------------------
    def setup(self) -> None:
        harness.create_database(self.db_url)

        def drop() -> None:
            harness.drop_database(self.db_url)
            self.log(f"dropped database {self.db_name}")

        self.stack.callback(drop)
        self.log(f"database {self.db_name}: {harness.run_migrate(self.env())}")
        r = redis.Redis.from_url(self.redis_url, socket_connect_timeout=2)
        r.flushdb()
        self.stack.callback(r.close)
        self.stack.callback(r.flushdb)
        with contextlib.closing(self.db()) as conn, conn.cursor() as cur:
            cur.execute("SELECT id, price_fen FROM plans WHERE code='vip_month'")
            self.plan = cur.fetchone()
        self.seed(self.args.orders)
        ctx = mp.get_context("fork")
        self.signer = ctx.Pool(os.cpu_count() or 1, _init_signer, (
            self.private_key, self.settings.wechatpay_apiv3_key.get_secret_value(), self.settings.wechat_appid,
            self.settings.wechatpay_mchid, self.plan[1]))
        self.stack.callback(self.signer.terminate)

    def seed(self, count: int) -> None:
        """``count`` users, each with one created vip_month order; multi-row INSERTs."""
        started = time.monotonic()
        now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        expires = now + timedelta(days=1)
        plan_id, price = self.plan
        batch = 2000
        with contextlib.closing(self.db()) as conn, conn.cursor() as cur:
            for start in range(0, count, batch):
                rows = [(f"obench{self.seeded + i:09d}{secrets.token_hex(4)}", secrets.token_urlsafe(16))
                        for i in range(min(batch, count - start))]
                cur.executemany("INSERT INTO users (openid, status, created_at, last_login_at, public_id) "
                                "VALUES (%s, %s, %s, %s, %s)", [(o, "active", now, now, p) for o, p in rows])
                cur.execute("SELECT id, openid FROM users WHERE openid IN ({})".format(  # noqa: S608
                    ",".join(["%s"] * len(rows))), [o for o, _ in rows])
                ids = dict((o, i) for i, o in cur.fetchall())
                orders = [(f"MW{now:%Y%m%d}{secrets.token_hex(11)}", ids[o], o) for o, _ in rows]
                cur.executemany(
                    "INSERT INTO orders (out_trade_no, user_id, plan_id, channel, amount_fen, currency, status, "
                    "refunded_fen, created_at, expires_at, public_id) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",  # only placeholders: PyMySQL batches it
                    [(t, u, plan_id, "wechatpay_jsapi", price, "CNY", "created", 0, now, expires,
                      secrets.token_urlsafe(16)) for t, u, _ in orders])
                self.pool += [(t, o) for t, _, o in orders]
                self.seeded += len(rows)
        self.log(f"seeded {count} users + created vip_month orders ({price} fen) "
                 f"in {time.monotonic() - started:.1f}s ({self.seeded} in all)")

    def notifications(self, count: int, label: str) -> tuple[Path, list[str]]:
        if len(self.pool) < count:
            self.seed(max(count - len(self.pool), self.args.orders // 2))
        take, self.pool = self.pool[:count], self.pool[count:]
        started = time.monotonic()
        lines = self.signer.map(_sign_one, take, chunksize=256)
        path = self.tmp / f"notifications_{label}.txt"
        path.write_text("\n".join(lines) + "\n")
        self.log(f"  {count} signed notifications for {label} ({time.monotonic() - started:.1f}s)")
        return path, [t for t, _ in take]

    # -- runs ----------------------------------------------------------
    def wrk(self, server: harness.Server, url: str, items: Path, duration: float, rate: float | None,
            label: str) -> LoadResult:
        a = self.args
        request_lua = REQUEST_LUA.replace("__SERIAL__", self.serial).replace("__PATH__", NOTIFY_PATH)
        request_lua = request_lua.replace("__CLOSE__", "" if a.keepalive else ', ["Connection"] = "close"')
        script = harness.wrk_script(request_lua, threads=1, rate=rate, expect_status=204)
        lua = self.tmp / f"wrk_{label}.lua"
        lua.write_text(script)
        meter = CpuMeter({"target": lambda: [server.proc.pid, *children_of(server.proc.pid)],
                          "mariadb": lambda: pids_named("mariadbd", "mysqld"),
                          "redis": lambda: pids_named("redis-server")})
        cmd = [*harness.pin_prefix(self.cpu), "wrk", "-t1", "-c", str(a.connections), "-d", f"{duration:g}s",
               "--timeout", "10s", "-s", str(lua), url, "--", str(items), "1"]
        before = self.db_status()
        out = self.capture(cmd, timeout=duration + 60)
        after = self.db_status()
        res = harness.parse_wrk(out)
        for k in before:  # MariaDB work per answered request (server-wide counters: ours alone here)
            res.extra[k] = (after[k] - before[k]) / res.requests if res.requests else 0.0
        res.extra["non204"] = res.detail["unexpected"]
        res.errors = max(res.errors, res.extra["non204"] + res.errors - res.non2xx)
        res.cpu = meter.stop()
        res.worker_cpu = [round(x, 1) for x in meter.shares[1:]]
        return res

    def db_status(self) -> dict[str, int]:
        names = {"Questions": "queries", "Com_commit": "commits",
                 "Innodb_row_lock_waits": "lock_waits", "Innodb_row_lock_time": "lock_ms"}
        with contextlib.closing(self.db()) as conn, conn.cursor() as cur:
            cur.execute("SHOW GLOBAL STATUS WHERE Variable_name IN ({})".format(  # noqa: S608
                ",".join(["%s"] * len(names))), list(names))
            return {names[k]: int(v) for k, v in cur.fetchall()}

    def run_once(self, target: Target, server: harness.Server, url: str, label: str, duration: float,
                 expected_rps: float, rate: float | None = None) -> LoadResult:
        need = int(expected_rps * duration * (1.1 if rate else 1.5)) + 4 * self.args.connections
        for attempt in (1, 2):
            items, trade_nos = self.notifications(need, f"{target.name}-{label}")
            res = self.wrk(server, url, items, duration, rate, f"{target.name}-{label}")
            target.runs.append((label, res, trade_nos))
            if res.sent <= need:
                return res
            self.log(f"  {target.name} {label}: {res.sent} requests for {need} notifications (repeats)"
                     + ("; rerunning with more" if attempt == 1 else "; figures include repeats"))
            need = int(res.sent * 1.3)
        return res

    def start(self, name: str) -> tuple[harness.Server, str]:
        a = self.args
        env = harness.gunicorn_env(self.env(), free_port(), workers=a.workers, threads=a.threads,
                                   worker_class=a.worker_class)
        spec, pp = (("floor_notifications:app", str(ROOT / "benchmarks")) if name == "floor"
                    else (a.app, a.app_pythonpath))
        server, url = harness.start_gunicorn(name, spec, env, self.tmp / f"{name}.log", workers=self.workers(),
                                             pythonpath=pp)
        self.stack.callback(server.stop)
        return server, url

    def workers(self) -> int:
        if self.args.workers:
            return self.args.workers
        conf = harness.resolved_gunicorn_config(harness.gunicorn_env(self.env(), 1))
        return int(conf.get("workers", "1"))

    def run_target(self, name: str, half_rate: float | None) -> Target:
        a = self.args
        t = self.results[name] = Target(name)
        server, url = self.start(name)
        warm = self.run_once(t, server, url, "warmup", a.warmup, 800)
        self.log(f"  {name} warm-up: {fmt(warm)}")
        t.peak = self.run_once(t, server, url, "peak", a.duration, warm.rps * 1.3)
        self.log(f"  {name} peak: {fmt(t.peak)}; non-204 {t.peak.extra['non204']}; worker CPU % {t.peak.worker_cpu}")
        if a.py_spy and name == "app":
            self.py_spy(t, server, url)
        rate = half_rate or t.peak.rps / 2
        t.half = self.run_once(t, server, url, "half", a.duration, rate, rate=rate)
        self.log(f"  {name} @ {rate:.0f}/s: {fmt(t.half)}; non-204 {t.half.extra['non204']}")
        t.memory = server.memory()
        server.stop()
        if name == "app":
            self.check_app(t)
        return t

    def py_spy(self, t: Target, server: harness.Server, url: str) -> None:
        spy = shutil.which("py-spy") or str(BIN / "py-spy")
        out_dir = Path(self.args.py_spy)
        out_dir.mkdir(parents=True, exist_ok=True)
        out = out_dir / "app-notify-gil.txt"
        items, trade_nos = self.notifications(int(t.peak.rps * self.args.duration * 1.2) + 100, "app-spy")
        proc = subprocess.Popen([spy, "record", "--pid", str(server.proc.pid), "--subprocesses", "--nonblocking",  # noqa: S603
                                 "--rate", "250", "--duration", str(int(self.args.duration)), "--format", "raw",
                                 "--gil", "-o", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        self.stack.callback(stop_process, proc, 2)
        res = self.wrk(server, url, items, self.args.duration, None, "app-spy")
        t.runs.append(("py-spy", res, trade_nos))
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=20)
        stop_process(proc, 2)
        self.log(f"  py-spy (--gil samples, {fmt(res)}): {out}")

    def check_app(self, t: Target) -> None:
        """Every notification answered 204 paid its order exactly once, with exactly one grant."""
        ok = sum(r.requests - r.extra["non204"] for _, r, _ in t.runs)
        sent = sum(min(r.sent, len(nos)) for _, r, nos in t.runs)
        sent_nos = [no for _, r, nos in t.runs for no in nos[:r.sent]]
        with contextlib.closing(self.db()) as conn, conn.cursor() as cur:
            def one(sql: str, *params: Any) -> Any:
                cur.execute(sql, params)
                return cur.fetchone()[0]
            c = {
                "204 answered": ok,
                "notifications sent": sent,
                "orders paid": one("SELECT COUNT(*) FROM orders WHERE status='paid'"),
                "ledger grants (order)": one("SELECT COUNT(*) FROM entitlement_ledger "
                                             "WHERE cause_type='order' AND kind='grant'"),
                "paid orders without a grant": one(
                    "SELECT COUNT(*) FROM orders o LEFT JOIN entitlement_ledger e ON e.cause_type='order' "
                    "AND e.kind='grant' AND e.cause_id=o.out_trade_no WHERE o.status='paid' AND e.id IS NULL"),
                "grants without a paid order": one(
                    "SELECT COUNT(*) FROM entitlement_ledger e LEFT JOIN orders o ON o.out_trade_no=e.cause_id "
                    "AND o.status='paid' WHERE e.cause_type='order' AND o.id IS NULL"),
                "causes granted twice": one(
                    "SELECT COUNT(*) FROM (SELECT cause_id FROM entitlement_ledger WHERE cause_type='order' "
                    "GROUP BY cause_id, kind HAVING COUNT(*) > 1) d"),
                "users with >1 grant": one(
                    "SELECT COUNT(*) FROM (SELECT user_id FROM entitlement_ledger GROUP BY user_id "
                    "HAVING COUNT(*) > 1) d"),
                "payment alerts": one("SELECT COUNT(*) FROM payment_alerts"),
            }
            cur.execute("CREATE TEMPORARY TABLE sent_nos (no VARCHAR(32) PRIMARY KEY)")
            for i in range(0, len(sent_nos), 5000):
                cur.executemany("INSERT INTO sent_nos VALUES (%s)", [(n,) for n in sent_nos[i:i + 5000]])
            c["sent orders still unpaid"] = one(
                "SELECT COUNT(*) FROM sent_nos s JOIN orders o ON o.out_trade_no=s.no WHERE o.status<>'paid'")
            c["paid orders never sent"] = one(
                "SELECT COUNT(*) FROM orders o LEFT JOIN sent_nos s ON s.no=o.out_trade_no "
                "WHERE o.status='paid' AND s.no IS NULL")
            cur.execute("SELECT COALESCE(outcome,'(none)'), COUNT(*) FROM payment_notifications GROUP BY outcome")
            c["notification outcomes"] = dict(cur.fetchall())
        # In-flight requests when wrk stops are sent but unanswered: they may still complete.
        c["verdict"] = ("OK" if c["orders paid"] == c["ledger grants (order)"] and c["paid orders without a grant"] == 0
                        and c["causes granted twice"] == 0 and c["users with >1 grant"] == 0
                        and c["paid orders never sent"] == 0 and ok <= c["orders paid"] <= sent
                        and c["payment alerts"] == 0 else "PROBLEM")
        self.checks = c
        self.log(f"  app consistency: {c}")

    def run(self) -> None:
        a = self.args
        self.log(f"machine: {os.cpu_count()} CPUs; wrk -t1 -c{a.connections} "
                 f"{'keep-alive' if a.keepalive else 'Connection: close'}, pinned to CPU {self.cpu}")
        self.setup()
        conf = harness.resolved_gunicorn_config(harness.gunicorn_env(self.env(), 1, workers=a.workers,
                                                                     threads=a.threads, worker_class=a.worker_class))
        self.gconf = harness.describe_gunicorn(conf)
        self.log(f"gunicorn (deploy/gunicorn.conf.py) for both: {self.gconf}")
        app = self.run_target("app", None)
        self.half = app.peak.rps / 2
        self.run_target("floor", self.half)
        self.report()

    # -- output --------------------------------------------------------
    def report(self) -> None:
        app, floor = self.results["app"], self.results["floor"]
        a = self.args
        print()
        print("=" * 100)
        print(f"bench_notifications — {os.cpu_count()} CPUs, wrk -t1 -c{a.connections}, "
              f"{'keep-alive' if a.keepalive else 'a new connection per request'}; {a.duration:g}s runs")
        print(f"gunicorn (same for both): {self.gconf}, max_requests=0")
        print("app   = POST /api/v1/payments/wechatpay/notify: evidence row, verify, decrypt, lock order, "
              "pay + ledger grant, outcome, commit")
        print("floor = verify + decrypt + one UPDATE orders ... + commit (Flask + PyMySQL)")
        print()
        print(f"{'':<24}{'req/s':>9}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'errors':>8}{'non-204':>9}{'requests':>10}")
        for t in (app, floor):
            r = t.peak
            print(f"{'peak ' + t.name:<24}{r.rps:>9.1f}{r.p50_ms:>9.2f}{r.p90_ms:>9.2f}{r.p99_ms:>9.2f}"
                  f"{r.errors:>8}{r.extra['non204']:>9}{r.requests:>10}")
        print(f"{'peak app/floor':<24}{ratio(app.peak.rps, floor.peak.rps):>9}"
              f"{ratio(app.peak.p50_ms, floor.peak.p50_ms):>9}{ratio(app.peak.p90_ms, floor.peak.p90_ms):>9}"
              f"{ratio(app.peak.p99_ms, floor.peak.p99_ms):>9}   (target: req/s >= 0.70x)")
        for t in (app, floor):
            r = t.half
            print(f"{f'@{self.half:.0f}/s ' + t.name:<24}{r.rps:>9.1f}{r.p50_ms:>9.2f}{r.p90_ms:>9.2f}"
                  f"{r.p99_ms:>9.2f}{r.errors:>8}{r.extra['non204']:>9}{r.requests:>10}")
        print(f"{'half app/floor':<24}{'':>9}{ratio(app.half.p50_ms, floor.half.p50_ms):>9}"
              f"{ratio(app.half.p90_ms, floor.half.p90_ms):>9}{ratio(app.half.p99_ms, floor.half.p99_ms):>9}")
        print()
        print("CPU during the run, % of one CPU, and CPU ms per request (target = gunicorn master + workers):")
        for phase in ("peak", "half"):
            for t in (app, floor):
                r = getattr(t, phase)
                c = r.cpu
                per = r.seconds * 10 / r.requests if r.requests else 0.0
                print(f"  {phase:<5}{t.name:<6}" + " ".join(f"{k} {c.get(k, 0):5.1f}" for k in
                                                             ("target", "mariadb", "redis", "loadgen", "other"))
                      + f" | ms/req target {c.get('target', 0) * per:5.2f} mariadb {c.get('mariadb', 0) * per:5.2f}"
                      + f" | workers {r.worker_cpu}")
        print()
        print("MariaDB per answered request (global status deltas; queries include COMMIT/ROLLBACK/pings):")
        for phase in ("peak", "half"):
            for t in (app, floor):
                x = getattr(t, phase).extra
                print(f"  {phase:<5}{t.name:<6}queries {x.get('queries', 0):5.1f}  commits {x.get('commits', 0):4.2f}  "
                      f"row-lock waits {x.get('lock_waits', 0):5.3f}  "
                      f"lock ms {x.get('lock_ms', 0):5.2f}")
        print()
        print("memory after the runs (kB): VmRSS / Pss")
        for t in (app, floor):
            print(f"  {t.name:<6}" + "; ".join(f"{role}[{pid}] {rss} / {pss}" for role, pid, rss, pss in t.memory))
        print()
        print("app consistency after its runs:")
        for k, v in self.checks.items():
            print(f"  {k:<30}{v}")
        print("=" * 100)
        if a.json:
            Path(a.json).write_text(json.dumps({
                "half_rate": self.half, "checks": self.checks,
                **{t.name: {"peak": {**vars(t.peak), "rps": t.peak.rps}, "half": {**vars(t.half), "rps": t.half.rps},
                            "memory": t.memory} for t in (app, floor)}}, indent=2, default=str))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--duration", type=float, default=8, help="seconds per measured run (default 8)")
    p.add_argument("--warmup", type=float, default=2, help="seconds of warm-up per target")
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--orders", type=int, default=20000, help="orders seeded up front (more on demand)")
    p.add_argument("--workers", type=int)
    p.add_argument("--threads", type=int)
    p.add_argument("--worker-class")
    p.add_argument("--keepalive", action=argparse.BooleanOptionalAction, default=False)
    p.add_argument("--app", default="wsgi:app", help="WSGI app to measure (e.g. a variant with a fix applied)")
    p.add_argument("--app-pythonpath", help="extra sys.path entry for --app")
    p.add_argument("--mysql-host", default=HOST)
    p.add_argument("--mysql-port", type=int, default=3306)
    p.add_argument("--redis-db", type=int, default=12)
    p.add_argument("--py-spy", metavar="DIR", help="an extra app run sampled by py-spy (raw collapsed stacks)")
    p.add_argument("--json", metavar="PATH")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)

    harness.run(Bench, args)


if __name__ == "__main__":
    main()
