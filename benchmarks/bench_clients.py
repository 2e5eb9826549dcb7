#!/usr/bin/env python
"""Client search on a seeded MariaDB under gunicorn, against bare Flask + PyMySQL floors.

    .venv/bin/python benchmarks/bench_clients.py --database-url mysql+pymysql://root@127.0.0.1:3306/bench_clients_1m
    .venv/bin/python benchmarks/bench_clients.py --stores 50 --clients 50000     # seeds a throwaway database

What it does (a benchmark, not a test: it prints figures and asserts no timings):

1. Data: reuses the database given with --database-url (seeded by seed_clients.py), or seeds a
   throwaway one with seed_clients.py (dropped at the end unless --keep-db). The seeded-data
   keys are fixed (harness.seeded_data_secrets); the JWT key is fresh per run.
2. Workload: --pool random clients, decrypted with the app's cipher, give per endpoint a pool of
   requests spread over every store: exact phone (``?phone=<national number>``), name prefix
   (``?q=`` the first 1 or 2 characters, half each) and the first list page (``?limit=20``).
   Each owner gets an auth session (reused from earlier runs) and an access token from the
   app's TokenService. Every load run reads its own shuffle of the pool.
3. SQL: one request of each kind through the app in-process (its SQL log captured with a
   SQLAlchemy event): the statements per request, checked against the floor's SQL text; then
   EXPLAIN, ANALYZE FORMAT=JSON and the handler counters of each search SELECT, with the
   store's size and the result size next to them.
4. Raw query latency: the same SELECTs through bare PyMySQL on one connection, --raw random
   lookups per kind, p50/p99 and InnoDB disk reads per query.
5. Load: the app (``gunicorn -c deploy/gunicorn.conf.py wsgi:app``), then the floors
   (``floor_clients.py``: ``full`` = the app's SQL and work without its layers, ``query`` = the
   indexed SELECT only), each endpoint at full speed (closed loop, after a warm-up), then at half
   of the app's peak rate. wrk pinned to the last CPU, one new connection per request by default.
   Per run: req/s, p50/p90/p99, errors, CPU per component, InnoDB rows read and disk reads per
   request; RSS/Pss of every gunicorn process after the runs.
6. Cleans up: gunicorns, wrk, Redis db 13, the throwaway database, --buffer-pool-mb.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import random
import re
import secrets
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pymysql
import redis
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import floor_clients  # noqa: E402 - its SQL text, compared with the app's
import harness  # noqa: E402
import seed_clients  # noqa: E402
from harness import HOST, CpuMeter, LoadResult, Server, fmt, percentile, pids_named, ratio  # noqa: E402

ENDPOINTS = ("phone", "prefix", "list")
TARGETS = ("app", "floor-full", "floor-query")
LUA_REQUEST = ('local sp = item:find(" ", 1, true)\n'
               '  return wrk.format("GET", item:sub(sp + 1), '
               '{["Authorization"] = "Bearer " .. item:sub(1, sp - 1)__CLOSE__})')
INNODB_COUNTERS = ("Rows_read", "Innodb_buffer_pool_reads", "Innodb_buffer_pool_read_requests")
HANDLER_COUNTERS = ("Handler_read_key", "Handler_read_next", "Handler_read_prev", "Handler_read_first",
                    "Handler_read_last", "Handler_read_rnd", "Handler_read_rnd_next")


@dataclass
class Sample:
    client_id: int
    client: str  # public id
    store_id: int
    store: str  # public id
    owner: int
    name: str
    phone: str | None  # E.164
    active: bool


@dataclass
class TargetResult:
    name: str
    peak: dict[str, LoadResult] = field(default_factory=dict)
    half: dict[str, LoadResult] = field(default_factory=dict)
    memory: list[tuple[str, int, int, int | None]] = field(default_factory=list)
    check: str = ""
    fixed: dict[tuple[float, str], LoadResult] = field(default_factory=dict)  # (rate, endpoint) -> --rates runs


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.stack = contextlib.ExitStack()
        self.tmp = Path(tempfile.mkdtemp(prefix="bench_clients_"))
        self.t0 = time.monotonic()
        if args.database_url:
            self.db_url, self.throwaway = args.database_url, False
        else:
            self.db_url = (f"mysql+pymysql://root@{args.mysql_host}:{args.mysql_port}/"
                           f"bench_clients_{uuid.uuid4().hex[:10]}")
            self.throwaway = True
        self.db_name = harness.mysql_args(self.db_url)["database"]
        self.redis_url = f"redis://{HOST}:6379/{args.redis_db}"
        self.jwt_key = secrets.token_urlsafe(48)
        self.wrk = harness.WrkRunner(self.tmp, harness.last_cpu(), args.wrk_threads)
        self.samples: list[Sample] = []
        self.tokens: dict[int, str] = {}  # owner user id -> access token
        self.pools: dict[str, list[str]] = {}
        self.sql: dict[str, dict[str, Any]] = {}
        self.explains: list[dict[str, Any]] = []
        self.raw: dict[str, dict[str, float]] = {}
        self.results: dict[str, TargetResult] = {}
        self.data: dict[str, Any] = {}
        self.runs = 0
        self.completed: dict[str, int] = {}  # target -> responses over all its runs (warm-ups too)
        base_env = self.env()
        self.gconf = harness.resolved_gunicorn_config(harness.gunicorn_env(
            base_env, 0, workers=args.workers, threads=args.threads, worker_class=args.worker_class))

    # -- setup / teardown ------------------------------------------------
    def __enter__(self) -> Bench:
        import shutil

        self.stack.callback(shutil.rmtree, self.tmp, True)
        self.stack.callback(self.wrk.stop)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stack.close()

    def log(self, msg: str) -> None:
        print(f"[{time.monotonic() - self.t0:6.1f}s] {msg}", flush=True)

    def env(self, **extra: str) -> dict[str, str]:
        from bff.config import Settings

        defaults = Settings(env="test")
        return harness.clean_env(
            MIRROR_ENV="test", MIRROR_DATABASE_URL=self.db_url, MIRROR_REDIS_URL=self.redis_url,
            MIRROR_SECRET_KEY=self.jwt_key, MIRROR_JWT_ISSUER=defaults.jwt_issuer,
            MIRROR_JWT_AUDIENCE=defaults.jwt_audience, MIRROR_ACCESS_TOKEN_TTL=str(defaults.access_token_ttl),
            MIRROR_LOG_LEVEL="WARNING", **harness.seeded_data_secrets(), **extra)

    def settings(self):  # type: ignore[no-untyped-def]
        settings = seed_clients.app_settings(self.db_url)
        return settings.model_copy(update={"secret_key": type(settings.secret_key)(self.jwt_key),
                                           "redis_url": None})

    def connect(self, **kw: Any) -> pymysql.connections.Connection:
        return pymysql.connect(**harness.mysql_args(self.db_url), autocommit=True, **kw)

    def ensure_data(self) -> None:
        if self.throwaway:
            if not self.args.keep_db:
                self.stack.callback(self._drop)
            self.log(f"seeding throwaway database {self.db_name}: {self.args.stores} stores, "
                     f"{self.args.clients} clients (seed_clients.py)")
            self.data["seed"] = seed_clients.seed(argparse.Namespace(
                database_url=self.db_url, stores=self.args.stores, clients=self.args.clients,
                batch=self.args.batch, workers=self.args.seed_workers, seed=self.args.seed, reset=False,
                no_verify=False))
            self.t0 = time.monotonic()  # the bench's own time excludes seeding
        elif not harness.database_exists(self.db_url):
            sys.exit(f"{self.db_name} does not exist: seed it with benchmarks/seed_clients.py, "
                     "or leave out --database-url")
        with contextlib.closing(self.connect()) as conn, conn.cursor() as cur:
            cur.execute("SELECT COUNT(*), SUM(status = 'active'), MIN(id), MAX(id) FROM clients")
            total, active, lo, hi = cur.fetchone()
            if not total:
                sys.exit(f"{self.db_name} has no clients: seed it with benchmarks/seed_clients.py")
            cur.execute("SELECT COUNT(*), MIN(n), MAX(n), AVG(n) FROM (SELECT store_id, COUNT(*) AS n FROM clients "
                        "GROUP BY store_id) AS per_store")
            stores, smallest, largest, mean = cur.fetchone()
            cur.execute("SELECT store_id FROM clients GROUP BY store_id ORDER BY COUNT(*) DESC LIMIT 1")
            biggest = cur.fetchone()[0]
            sizes = seed_clients.table_sizes(conn, self.db_name)
            cur.execute("SELECT @@innodb_buffer_pool_size, @@version")
            pool, version = cur.fetchone()
        self.data.update(clients=total, active=int(active), min_id=lo, max_id=hi, stores=stores, smallest=smallest,
                         largest=largest, mean=float(mean), biggest_store=biggest, sizes=sizes,
                         buffer_pool=int(pool), version=version)
        on_disk = sum(d + i for _, _, d, i in sizes)
        self.log(f"{self.db_name}: {total:,} clients ({int(active):,} active) in {stores:,} stores "
                 f"({smallest}-{largest} per store); clients+prefixes+tags {on_disk:,.0f} MB; "
                 f"buffer pool {int(pool) / 2**20:,.0f} MB; MariaDB {version}")

    def _drop(self) -> None:
        harness.drop_database(self.db_url)
        self.log(f"dropped database {self.db_name}")

    def buffer_pool(self) -> None:
        """--buffer-pool-mb: resize InnoDB's buffer pool for the run (global!), restored at the end."""
        if not self.args.buffer_pool_mb:
            return
        with contextlib.closing(self.connect()) as conn, conn.cursor() as cur:
            cur.execute("SELECT @@innodb_buffer_pool_size")
            original = cur.fetchone()[0]

        def resize(size: int) -> None:
            with contextlib.closing(self.connect()) as conn, conn.cursor() as cur:
                cur.execute(f"SET GLOBAL innodb_buffer_pool_size = {int(size)}")
                deadline = time.monotonic() + 120
                while time.monotonic() < deadline:
                    cur.execute("SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_resize_status'")
                    row = cur.fetchone()
                    cur.execute("SELECT @@innodb_buffer_pool_size")
                    if cur.fetchone()[0] >= size * 0.99 and (row is None or "ompleted" in row[1] or not row[1]):
                        break
                    time.sleep(0.5)
                cur.execute("SELECT @@innodb_buffer_pool_size")
                self.data["buffer_pool"] = int(cur.fetchone()[0])

        resize(self.args.buffer_pool_mb * 2**20)
        self.stack.callback(lambda: (resize(original), self.log(f"buffer pool restored to {original / 2**20:.0f} MB")))
        self.log(f"buffer pool set to {self.data['buffer_pool'] / 2**20:,.0f} MB for this run (was "
                 f"{original / 2**20:,.0f} MB)")
        if self.args.warm_buffer_pool:
            started = time.monotonic()
            with contextlib.closing(self.connect()) as conn, conn.cursor() as cur:
                for sql in ("SELECT COUNT(*) FROM clients FORCE INDEX (PRIMARY)",
                            "SELECT COUNT(*) FROM clients FORCE INDEX (ix_clients_store_phone_bidx)",
                            "SELECT COUNT(*) FROM clients FORCE INDEX (ix_clients_store_status_id)",
                            "SELECT COUNT(*) FROM client_name_prefixes "
                            "FORCE INDEX (ix_client_name_prefixes_store_bidx)",
                            "SELECT COUNT(*) FROM client_tags FORCE INDEX (uq_client_tags_client_id_tag)"):
                    cur.execute(sql)
                    cur.fetchall()
            self.log(f"buffer pool warmed (index scans) in {time.monotonic() - started:.1f}s")

    def flush_redis(self) -> None:
        client = redis.Redis.from_url(self.redis_url, socket_connect_timeout=2)
        client.flushdb()
        self.stack.callback(client.close)
        self.stack.callback(client.flushdb)

    # -- workload ------------------------------------------------------------
    def sample_workload(self) -> None:
        """--pool random clients, decrypted with the app's own cipher; tokens for their owners."""
        from bff.deps import deps
        from bff.security.fields import aad_for
        from bff.security.tokens import TokenService
        from models.base import new_public_id

        started = time.monotonic()
        rng = random.Random(self.args.seed)
        lo, hi = self.data["min_id"], self.data["max_id"]
        ids = rng.sample(range(lo, hi + 1), min(self.args.pool, hi - lo + 1))
        rows = []
        with contextlib.closing(self.connect()) as conn, conn.cursor() as cur:
            for i in range(0, len(ids), 1000):
                chunk = ids[i:i + 1000]
                cur.execute("SELECT c.id, c.public_id, c.name_enc, c.phone_enc, c.status, s.id, s.public_id, m.user_id "
                            "FROM clients c JOIN stores s ON s.id = c.store_id "
                            "JOIN store_members m ON m.store_id = s.id AND m.role = 'owner' "
                            f"WHERE c.id IN ({', '.join(['%s'] * len(chunk))})", chunk)
                rows += cur.fetchall()
            settings = self.settings()
            with seed_clients.crypto_app(settings).app_context():
                cipher = deps().cipher
                for cid, pid, name_enc, phone_enc, status, sid, spid, owner in rows:
                    self.samples.append(Sample(
                        cid, pid, sid, spid, owner, cipher.decrypt(name_enc, aad_for("clients", "name", pid)),
                        cipher.decrypt(phone_enc, aad_for("clients", "phone", pid)) if phone_enc else None,
                        status == "active"))
            # One live auth session per owner, reused across runs; fresh access tokens.
            cur.execute("SELECT m.user_id, u.public_id, MIN(a.public_id) FROM store_members m "
                        "JOIN users u ON u.id = m.user_id "
                        "LEFT JOIN auth_sessions a ON a.user_id = m.user_id AND a.revoked_at IS NULL "
                        "WHERE m.role = 'owner' GROUP BY m.user_id, u.public_id")
            owners = cur.fetchall()
            missing = [(uid, new_public_id()) for uid, _, sid in owners if sid is None]
            if missing:
                cur.executemany("INSERT INTO auth_sessions (user_id, created_at, public_id) "
                                "VALUES (%s, UTC_TIMESTAMP(6), %s)", missing)
            new = dict(missing)
            issuer = TokenService(settings)
            for uid, user_pid, sid in owners:
                self.tokens[uid] = issuer.issue("access", subject=user_pid, session_id=sid or new[uid]).token
        active = [s for s in self.samples if s.active]
        with_phone = [s for s in active if s.phone]
        stores = {s.store for s in self.samples}

        def line(s: Sample, query: str) -> str:
            return f"{self.tokens[s.owner]} /api/v1/stores/{s.store}/clients?{query}"

        self.pools = {
            "phone": [line(s, f"phone={s.phone[3:]}") for s in with_phone],
            "prefix": [line(s, f"q={quote(s.name[:1 + (i % 2)])}") for i, s in enumerate(active)],
            "list": [line(s, "limit=20") for s in self.samples],
        }
        self.log(f"workload: {len(self.samples):,} random clients decrypted ({len(stores):,} stores), "
                 f"{len(self.tokens):,} owner tokens ({len(missing)} new sessions); request pools: "
                 + ", ".join(f"{k} {len(v):,}" for k, v in self.pools.items())
                 + f" ({time.monotonic() - started:.1f}s)")

    def items_file(self, endpoint: str, label: str) -> Path:
        """A fresh shuffle of the endpoint's pool: runs do not replay each other's pages."""
        self.runs += 1
        lines = list(self.pools[endpoint])
        random.Random(self.args.seed * 7919 + self.runs).shuffle(lines)
        path = self.tmp / f"items_{self.runs:03d}_{endpoint}_{label}.txt"
        path.write_text("\n".join(lines) + "\n")
        return path

    # -- the app's SQL ---------------------------------------------------------
    def capture_app_sql(self) -> None:
        """One request of each kind through the app in-process; its statements from the SQL log."""
        from sqlalchemy import event

        from bff.app import create_app

        app = create_app(self.settings())
        engine = app.extensions["mirror.db"].engine
        log: list[tuple[str, Any]] = []

        @event.listens_for(engine, "before_cursor_execute")
        def _record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
            log.append((statement, parameters))

        biggest = next((s for s in self.samples if s.store_id == self.data["biggest_store"]), self.samples[0])
        sample = next(s for s in self.samples if s.active and s.phone and len(s.name) >= 2)
        commonest = seed_clients.surname_table()[0][0]  # 王
        rarest = seed_clients.surname_table()[0][-7]  # the rarest one-character surname
        cases = {
            "phone": (sample, f"phone={sample.phone[3:]}"),
            "prefix1 common": (biggest, f"q={quote(commonest)}"),
            "prefix1 rare": (biggest, f"q={quote(rarest)}"),
            "prefix2": (sample, f"q={quote(sample.name[:2])}"),
            "list": (biggest, "limit=20"),
        }
        http = app.test_client()
        with contextlib.suppress(Exception):  # warm-up: keyring load, first connection
            http.get(f"/api/v1/stores/{sample.store}/clients?limit=1",
                     headers={"Authorization": f"Bearer {self.tokens[sample.owner]}"})
        for kind, (s, query) in cases.items():
            log.clear()
            path = f"/api/v1/stores/{s.store}/clients?{query}"
            res = http.get(path, headers={"Authorization": f"Bearer {self.tokens[s.owner]}"})
            if res.status_code != 200:
                raise RuntimeError(f"app {path}: HTTP {res.status_code} {res.get_json()}")
            self.sql[kind] = {"statements": list(log), "body": res.get_json(), "path": path, "owner": s.owner,
                              "store_id": s.store_id}
        app.extensions["mirror.db"].engine.dispose()
        # The floor runs the very same statements, in the same order.
        problems = []
        for kind, captured in self.sql.items():
            search_kind = "phone" if kind == "phone" else "list" if kind == "list" else "prefix"
            got = [re.sub(r"IN \((%s(, )?)+\)", "IN ({marks})", normalise_sql(s)) for s, _ in captured["statements"]]
            captured["search"] = next(i for i, s in enumerate(got)
                                      if s.startswith("SELECT clients.") and " FROM clients " in f"{s} ")
            want = [normalise_sql(s) for s in floor_clients.statements(search_kind, bool(captured["body"]["items"]))]
            if got != want:
                diff = [f"  #{i + 1}\n    app   {g}\n    floor {w}" for i, (g, w) in
                        enumerate(itertools.zip_longest(got, want, fillvalue="-")) if g != w]
                problems.append(f"{kind}:\n" + "\n".join(diff))
        self.data["sql_problems"] = problems
        for p in problems:
            self.log("WARNING app SQL differs from the floor's: " + p)
        if not problems:
            self.log("app SQL captured; floor_clients.py runs the identical statements "
                     f"({len(self.sql['list']['statements'])} per list request + COMMIT)")

    def explain(self) -> None:
        """EXPLAIN, ANALYZE FORMAT=JSON and handler counters of each search SELECT, as the app sent it."""
        with contextlib.closing(self.connect()) as conn, conn.cursor() as cur:
            for kind, captured in self.sql.items():
                statement, params = captured["statements"][captured["search"]]
                sql = cur.mogrify(statement, params)
                cur.execute(f"EXPLAIN {sql}")
                cols = [d[0] for d in cur.description]
                plan = [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
                # SHOW STATUS reads rows itself: subtract what two back-to-back reads of it count.
                idle_a = handler_counters(cur)
                idle_b = handler_counters(cur)
                before = handler_counters(cur)
                cur.execute(sql)
                result_rows = len(cur.fetchall())
                after = handler_counters(cur)
                cur.execute(f"ANALYZE FORMAT=JSON {sql}")
                analyze = json.loads(cur.fetchone()[0])
                cur.execute("SELECT COUNT(*), SUM(status = 'active') FROM clients WHERE store_id = %s",
                            (captured["store_id"],))
                store_total, store_active = cur.fetchone()
                reads = {k.removeprefix("Handler_read_"): (after[k] - before[k]) - (idle_b[k] - idle_a[k])
                         for k in HANDLER_COUNTERS}
                self.explains.append({"kind": kind, "sql": sql, "plan": plan, "analyze": summarize_analyze(analyze),
                                      "rows": result_rows, "handler": {k: v for k, v in reads.items() if v},
                                      "store_clients": store_total, "store_active": int(store_active or 0)})
        self.log("EXPLAIN / ANALYZE of the app's search SELECTs done")

    # -- raw query latency -------------------------------------------------------
    def raw_latency(self) -> None:
        """The search SELECTs alone: PyMySQL, one connection, --raw random lookups per kind."""
        from bff.clients import crypto

        rng = random.Random(self.args.seed + 1)
        active = [s for s in self.samples if s.active]
        with_phone = [s for s in active if s.phone]
        kinds = {"phone": with_phone, "prefix1": active, "prefix2": active, "list": self.samples}
        with seed_clients.crypto_app(self.settings()).app_context(), \
                contextlib.closing(self.connect()) as conn, conn.cursor() as cur:
            for kind, pool in kinds.items():
                picks = [rng.choice(pool) for _ in range(self.args.raw)]
                queries = []
                for s in picks:
                    store = argparse.Namespace(id=s.store_id, public_id=s.store)
                    if kind == "phone":
                        queries.append((floor_clients.SEARCH_SQL["phone"],
                                        (s.store_id, "active", crypto.phone_index(store, s.phone), 21)))
                    elif kind.startswith("prefix"):
                        prefix = s.name[:1 if kind == "prefix1" else 2]
                        bidx = crypto.name_prefix_index(store, prefix)
                        queries.append((floor_clients.SEARCH_SQL["prefix"],
                                        (s.store_id, "active", s.store_id, bidx, 21)))
                    else:
                        queries.append((floor_clients.SEARCH_SQL["list"], (s.store_id, "active", 21)))
                before = innodb_counters(cur)
                times, rows = [], 0
                for sql, params in queries:
                    started = time.perf_counter()
                    cur.execute(sql, params)
                    rows += len(cur.fetchall())
                    times.append((time.perf_counter() - started) * 1000)
                after = innodb_counters(cur)
                times.sort()
                n = len(times)
                self.raw[kind] = {"n": n, "p50": percentile(times, 50), "p99": percentile(times, 99), "max": times[-1],
                                  "mean": sum(times) / n, "rows": rows / n,
                                  "rows_read": (after["Rows_read"] - before["Rows_read"]) / n,
                                  "disk_reads": (after["Innodb_buffer_pool_reads"]
                                                 - before["Innodb_buffer_pool_reads"]) / n}
                r = self.raw[kind]
                self.log(f"  raw {kind:<8} p50 {r['p50']:.3f} ms, p99 {r['p99']:.3f} ms, {r['rows']:.1f} rows, "
                         f"{r['rows_read']:.1f} InnoDB rows read, {r['disk_reads']:.2f} disk reads per query")

    # -- load runs -----------------------------------------------------------------
    def start_target(self, name: str) -> tuple[Server, str]:
        port = harness.free_port()
        extra = {"FLOOR_CLIENTS_MODE": name.split("-", 1)[1]} if name.startswith("floor") else {}
        env = harness.gunicorn_env(self.env(**extra), port, workers=self.args.workers, threads=self.args.threads,
                                   worker_class=self.args.worker_class)
        if name == "app":
            spec, pythonpath = self.args.app, self.args.app_pythonpath
        else:
            spec, pythonpath = "floor_clients:app", str(harness.ROOT / "benchmarks")
        server, url = harness.start_gunicorn(name, spec, env, self.tmp / f"{name}.log",
                                             workers=int(self.gconf.get("workers", "1")), pythonpath=pythonpath)
        self.stack.callback(server.stop)
        self.log(f"{name}: gunicorn pid {server.proc.pid}, workers {harness.children_of(server.proc.pid)} on {url}")
        return server, url

    def check_target(self, name: str, url: str) -> str:
        """Each captured request answered by this target like the app answered it in-process."""
        notes = []
        for kind, captured in self.sql.items():
            res = requests.get(url + captured["path"], timeout=10,
                               headers={"Authorization": f"Bearer {self.tokens[captured['owner']]}"})
            if res.status_code != 200:
                raise RuntimeError(f"{name} {captured['path']}: HTTP {res.status_code} {res.text[:300]}")
            body, want = res.json(), captured["body"]
            if name == "floor-query":
                same = [i["id"] for i in body["items"]] == [i["id"] for i in want["items"]] \
                    and body["next_cursor"] == want["next_cursor"]
            else:
                same = body == want
            if not same:
                notes.append(f"{kind} differs")
        verdict = "same answers as the app" + (" (ids and cursor)" if name == "floor-query" else "")
        return verdict if not notes else "DIFFERENT from the app: " + ", ".join(notes)

    def measure(self, server: Server, url: str, endpoint: str, duration: float, label: str,
                rate: float | None = None) -> LoadResult:
        items = self.items_file(endpoint, label)
        close = ', ["Connection"] = "close"' if not self.args.keepalive else ""
        meter = CpuMeter({"target": lambda: [server.proc.pid, *harness.children_of(server.proc.pid)],
                          "mariadb": lambda: pids_named("mariadbd", "mysqld"),
                          "redis": lambda: pids_named("redis-server")})
        with contextlib.closing(self.connect()) as conn, conn.cursor() as cur:
            before = innodb_counters(cur)
            res = self.wrk.run(url, LUA_REQUEST.replace("__CLOSE__", close), items, duration,
                               self.args.connections, rate, label=f"{endpoint}_{label}")
            after = innodb_counters(cur)
        res.cpu = meter.stop()
        res.worker_cpu = [round(x, 1) for x in meter.shares[1:]]
        self.completed[server.name] = self.completed.get(server.name, 0) + res.requests
        n = max(res.requests, 1)
        res.extra = {"rows_read": (after["Rows_read"] - before["Rows_read"]) / n,
                     "disk_reads": (after["Innodb_buffer_pool_reads"] - before["Innodb_buffer_pool_reads"]) / n}
        return res

    def run_target(self, name: str, half_rates: dict[str, float] | None) -> TargetResult:
        a = self.args
        server, url = self.start_target(name)
        result = TargetResult(name)
        result.check = self.check_target(name, url)
        self.log(f"  {name}: {result.check}")
        for endpoint in self.args.endpoints:
            if a.warmup:
                self.measure(server, url, endpoint, a.warmup, "warmup")
            r = result.peak[endpoint] = self.measure(server, url, endpoint, a.duration, "peak")
            self.log(f"  {name} {endpoint}: {fmt(r)}; {r.extra['rows_read']:.1f} rows read, "
                     f"{r.extra['disk_reads']:.2f} disk reads per request; worker CPU % {r.worker_cpu}")
        if a.py_spy and name == "app":
            self.py_spy(name, server, url)
        rates = half_rates or {ep: r.rps / 2 for ep, r in result.peak.items()}
        for endpoint in self.args.endpoints:
            r = result.half[endpoint] = self.measure(server, url, endpoint, a.duration, "half", rate=rates[endpoint])
            self.log(f"  {name} {endpoint} @ {rates[endpoint]:.0f}/s: {fmt(r)}")
        if name == "app":
            for rate in a.rates:
                for endpoint in self.args.endpoints:
                    r = result.fixed[(rate, endpoint)] = self.measure(server, url, endpoint, a.duration, "fixed",
                                                                      rate=rate)
                    self.log(f"  {name} {endpoint} @ {rate:g}/s: {fmt(r)}")
        result.memory = server.memory()
        server.stop()
        return result

    def py_spy(self, name: str, server: Server, url: str) -> None:
        """Extra (unreported) runs with py-spy sampling every worker; collapsed stacks per endpoint."""
        import shutil
        import subprocess

        spy = shutil.which("py-spy") or str(harness.BIN / "py-spy")
        out_dir = Path(self.args.py_spy)
        out_dir.mkdir(parents=True, exist_ok=True)
        for endpoint in self.args.endpoints:
            out = out_dir / f"{name}-{endpoint}-{self.args.py_spy_mode}.txt"
            cmd = [spy, "record", "--pid", str(server.proc.pid), "--subprocesses", "--nonblocking", "--rate", "250",
                   "--duration", str(int(self.args.duration)), "--format", "raw", "-o", str(out)]
            cmd += {"wall": ["--idle"], "gil": ["--gil"]}.get(self.args.py_spy_mode, [])
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,  # noqa: S603
                                    start_new_session=True)
            self.stack.callback(harness.stop_process, proc, 2)
            self.measure(server, url, endpoint, self.args.duration, "py-spy")
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                harness.stop_process(proc, 2)
            self.log(f"  py-spy {name} {endpoint}: {out}")

    def count_audit_events(self) -> int:
        with contextlib.closing(self.connect()) as conn, conn.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM audit_events")
            return cur.fetchone()[0]

    def run(self) -> None:
        self.log(f"machine: {os.cpu_count()} CPUs; load generator: "
                 f"{self.wrk.describe(self.args.connections, self.args.keepalive)}")
        self.ensure_data()
        self.buffer_pool()
        self.flush_redis()
        self.sample_workload()
        self.capture_app_sql()
        self.explain()
        self.log(f"raw query latency (PyMySQL, one connection, {self.args.raw} random lookups per kind):")
        self.raw_latency()
        self.log(f"gunicorn (deploy/gunicorn.conf.py) for every target: {harness.describe_gunicorn(self.gconf)}")
        events_before = self.count_audit_events()
        targets = [t for t in TARGETS if t == "app" or t in self.args.floors]
        half = None
        for name in targets:
            if name == "app":
                app_events = self.count_audit_events()
            self.results[name] = self.run_target(name, half)
            if name == "app":
                self.data["app_audit_events"] = self.count_audit_events() - app_events
                self.data["app_requests"] = self.completed.get("app", 0)
                half = {ep: r.rps / 2 for ep, r in self.results["app"].peak.items()}
        self.data["audit_events"] = self.count_audit_events() - events_before
        self.report(half or {})

    # -- output ----------------------------------------------------------------------
    def report(self, half: dict[str, float]) -> None:
        a, d = self.args, self.data
        print()
        print("=" * 110)
        print(f"bench_clients — {os.cpu_count()} CPUs, {self.wrk.describe(a.connections, a.keepalive)}")
        print(f"gunicorn (same for every target): {harness.describe_gunicorn(self.gconf)}, max_requests=0")
        print(f"MariaDB {d['version']} {self.db_name}: {d['clients']:,} clients ({d['active']:,} active) in "
              f"{d['stores']:,} stores ({d['smallest']}-{d['largest']} per store, mean {d['mean']:.0f}); "
              "MB data+index: " + ", ".join(f"{t} {dd:.0f}+{ii:.0f}" for t, _, dd, ii in d["sizes"])
              + f"; innodb_buffer_pool_size {d['buffer_pool'] / 2**20:,.0f} MB")
        print(f"{a.duration:g}s per run after {a.warmup:g}s warm-up; request pools drawn from {len(self.samples):,} "
              "random clients over every store, a fresh shuffle per run")
        print()
        print("SQL per request (app, captured from its SQL log; + COMMIT):")
        for i, (statement, _) in enumerate(self.sql["list"]["statements"], 1):
            print(f"  {i}. {short_sql(normalise_sql(statement))}")
        if d.get("sql_problems"):
            print("  WARNING: the floor's SQL differs from the app's (see the log above)")
        else:
            print("  floor_clients.py issues the identical statements (full) / the identical search SELECT (query)")
        print()
        print("EXPLAIN of the app's search SELECTs (store = the store the request named):")
        for e in self.explains:
            print(f"  {e['kind']}: {e['rows']} rows returned; store has {e['store_clients']:,} clients "
                  f"({e['store_active']:,} active); handler reads {e['handler']}")
            for row in e["plan"]:
                print(f"    EXPLAIN  table={row['table']} type={row['type']} key={row['key']} "
                      f"key_len={row['key_len']} ref={row['ref']} rows={row['rows']} Extra={row['Extra']}")
            an = e["analyze"]
            for t in an["tables"]:
                print(f"    ANALYZE  table={t['table']} access={t['access_type']} key={t['key']} "
                      f"r_loops={t['r_loops']} r_rows={t['r_rows']} examined={t['examined']:.0f} "
                      f"r_filtered={t['r_filtered']}{' covering' if t['using_index'] else ''}")
            print(f"    ANALYZE  order: {' + '.join(an['steps']) or 'index order, no sort'}; "
                  f"{an['ms'] if an['ms'] is None else round(an['ms'], 3)} ms in the server")
        print("  (EXPLAIN rows = the optimizer's estimate for the whole index range; ANALYZE r_rows = rows it "
              "actually read: the LIMIT stops the backward index scan)")
        print()
        print(f"raw query latency (bare PyMySQL, one connection, {a.raw} random lookups each, no HTTP):")
        print(f"  {'kind':<10}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'rows':>7}{'InnoDB rows read':>18}"
              f"{'disk reads':>12}")
        for kind, r in self.raw.items():
            print(f"  {kind:<10}{r['p50']:>9.3f}{r['p99']:>9.3f}{r['max']:>9.2f}{r['rows']:>7.1f}"
                  f"{r['rows_read']:>18.1f}{r['disk_reads']:>12.2f}")
        print()
        names = list(self.results)
        print(f"{'peak (closed loop)':<20}{'target':<13}{'req/s':>8}{'p50 ms':>8}{'p90 ms':>8}{'p99 ms':>8}"
              f"{'errors':>7}{'requests':>9}{'rows/req':>9}{'disk/req':>9}")
        for ep in self.args.endpoints:
            for name in names:
                r = self.results[name].peak[ep]
                print(f"{ep:<20}{name:<13}{r.rps:>8.1f}{r.p50_ms:>8.2f}{r.p90_ms:>8.2f}{r.p99_ms:>8.2f}"
                      f"{r.errors:>7}{r.requests:>9}{r.extra['rows_read']:>9.1f}{r.extra['disk_reads']:>9.2f}")
            app = self.results["app"].peak[ep]
            for name in names[1:]:
                f = self.results[name].peak[ep]
                print(f"{'':<20}{'app/' + name.split('-')[1]:<13}{ratio(app.rps, f.rps):>8}"
                      f"{ratio(app.p50_ms, f.p50_ms):>8}{ratio(app.p90_ms, f.p90_ms):>8}"
                      f"{ratio(app.p99_ms, f.p99_ms):>8}")
        print()
        print(f"{'half of app peak':<20}{'target':<13}{'rate/s':>8}{'got/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'errors':>7}"
              f"{'  p99 < 10 ms':>13}")
        for ep in self.args.endpoints:
            for name in names:
                r = self.results[name].half[ep]
                print(f"{ep:<20}{name:<13}{half[ep]:>8.1f}{r.rps:>8.1f}{r.p50_ms:>8.2f}{r.p99_ms:>8.2f}"
                      f"{r.errors:>7}{'yes' if r.p99_ms < 10 else 'NO':>13}")
            app = self.results["app"].half[ep]
            for name in names[1:]:
                f = self.results[name].half[ep]
                print(f"{'':<20}{'app/' + name.split('-')[1]:<13}{'':>8}{'':>8}{ratio(app.p50_ms, f.p50_ms):>8}"
                      f"{ratio(app.p99_ms, f.p99_ms):>8}")
        app = self.results["app"]
        if app.fixed:
            print()
            print(f"{'app at fixed rates':<20}{'rate/s':>8}{'got/s':>8}{'p50 ms':>8}{'p90 ms':>8}{'p99 ms':>8}"
                  f"{'errors':>7}{'  p99 < 10 ms':>13}")
            for (rate, ep), r in app.fixed.items():
                print(f"{ep:<20}{rate:>8g}{r.rps:>8.1f}{r.p50_ms:>8.2f}{r.p90_ms:>8.2f}{r.p99_ms:>8.2f}{r.errors:>7}"
                      f"{'yes' if r.p99_ms < 10 else 'NO':>13}")
        errors = [f"{n} {phase} {ep}: {r.detail}" for n, t in self.results.items() for phase in ("peak", "half")
                  for ep, r in getattr(t, phase).items() if r.errors]
        if errors:
            print("errors by kind: " + "; ".join(errors))
        print()
        ncpu = os.cpu_count() or 1
        print(f"CPU during each run, % of one CPU (machine = {100 * ncpu}%; other = not ours), and CPU ms per request:")
        for phase in ("peak", "half"):
            for ep in self.args.endpoints:
                for name in names:
                    r = getattr(self.results[name], phase)[ep]
                    c = r.cpu
                    parts = " ".join(f"{k} {c.get(k, 0):5.1f}" for k in ("target", "mariadb", "redis", "loadgen",
                                                                             "other"))
                    per = r.seconds * 10 / r.requests if r.requests else 0.0
                    print(f"  {phase:<5}{ep:<7}{name:<12}{parts} | machine {c.get('machine', 0):5.1f} | ms/req "
                          f"target {c.get('target', 0) * per:5.2f} mariadb {c.get('mariadb', 0) * per:5.2f}")
        print()
        print("memory after the runs (kB): VmRSS / Pss")
        for name, t in self.results.items():
            rows = [f"{role}[{pid}] {rss} / {pss if pss is not None else '?'}" for role, pid, rss, pss in t.memory]
            print(f"  {name:<12} " + "; ".join(rows))
        if "app_audit_events" in d:
            print(f"audit: the app wrote {d['app_audit_events']:,} audit events for {d['app_requests']:,} responses "
                  "(warm-ups included): one per search/list call, appended under the store chain's row lock")
        for name, t in self.results.items():
            print(f"check {name}: {t.check}")
        print("=" * 110)
        if a.json:
            Path(a.json).write_text(json.dumps({
                "data": {k: v for k, v in d.items() if k != "sizes"} | {"sizes": d["sizes"]},
                "explain": self.explains, "raw": self.raw,
                "targets": {n: {"peak": {ep: {**vars(r), "rps": r.rps} for ep, r in t.peak.items()},
                                "half": {ep: {**vars(r), "rps": r.rps, "rate": half[ep]} for ep, r in t.half.items()},
                                "fixed": {f"{ep}@{rate:g}": {**vars(r), "rps": r.rps}
                                          for (rate, ep), r in t.fixed.items()},
                                "memory": t.memory, "check": t.check}
                            for n, t in self.results.items()}}, indent=2, default=str))


# --------------------------------------------------------------------------- helpers
def normalise_sql(sql: str) -> str:
    """SQLAlchemy's pyformat placeholders and line breaks -> %s and single spaces."""
    text = re.sub(r"%\(\w+\)s", "%s", sql)
    return re.sub(r"\s+", " ", text).strip()


def short_sql(sql: str) -> str:
    return sql if len(sql) <= 150 else re.sub(r"SELECT .*? FROM", "SELECT … FROM", sql, count=1)[:220]


def innodb_counters(cur: pymysql.cursors.Cursor) -> dict[str, int]:
    cur.execute("SHOW GLOBAL STATUS WHERE Variable_name IN (%s, %s, %s)", INNODB_COUNTERS)
    return {k: int(v) for k, v in cur.fetchall()}


def handler_counters(cur: pymysql.cursors.Cursor) -> dict[str, int]:
    cur.execute("SHOW SESSION STATUS LIKE 'Handler_read%%'")
    return {k: int(v) for k, v in cur.fetchall()}


def summarize_analyze(node: Any) -> dict[str, Any]:
    """ANALYZE FORMAT=JSON in short: per table access, key, loops, rows (examined = loops x rows),
    filtered; and whether the plan sorts (filesort) or materialises (temporary table)."""
    tables: list[dict[str, Any]] = []
    steps: set[str] = set()

    def walk(n: Any) -> None:
        if isinstance(n, dict):
            steps.update(k for k in ("filesort", "temporary_table") if k in n)
            t = n.get("table")
            if isinstance(t, dict) and "table_name" in t:
                loops, rows = t.get("r_loops") or 0, t.get("r_rows") or 0
                tables.append({"table": t["table_name"], "access_type": t.get("access_type"), "key": t.get("key"),
                               "r_loops": loops, "r_rows": rows, "examined": loops * rows,
                               "r_filtered": t.get("r_filtered"), "using_index": bool(t.get("using_index"))})
            for value in n.values():
                walk(value)
        elif isinstance(n, list):
            for item in n:
                walk(item)

    walk(node)
    block = node.get("query_block", {}) if isinstance(node, dict) else {}
    return {"tables": tables, "steps": sorted(steps), "ms": block.get("r_total_time_ms")}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", help="a database seeded by seed_clients.py (reused as is); "
                                          "without it a throwaway one is seeded and dropped")
    p.add_argument("--stores", type=int, default=1000, help="throwaway seeding: stores (default 1000)")
    p.add_argument("--clients", type=int, default=1_000_000, help="throwaway seeding: clients (default 1,000,000)")
    p.add_argument("--batch", type=int, default=5000, help="throwaway seeding: clients per INSERT transaction")
    p.add_argument("--seed-workers", type=int, default=max(1, min(os.cpu_count() or 1, 4)))
    p.add_argument("--keep-db", action="store_true", help="keep the throwaway database")
    p.add_argument("--duration", type=float, default=8, help="seconds per measured run (default 8)")
    p.add_argument("--warmup", type=float, default=2, help="seconds of warm-up before each peak run")
    p.add_argument("--connections", type=int, default=16, help="concurrent connections")
    p.add_argument("--pool", type=int, default=12000, help="random clients the request pools are drawn from")
    p.add_argument("--raw", type=int, default=2000, help="raw query latency: lookups per kind")
    p.add_argument("--endpoints", default=",".join(ENDPOINTS),
                   help=f"comma-separated endpoints to load (default {','.join(ENDPOINTS)})")
    p.add_argument("--rates", default="", help="also load the app at these fixed rates, e.g. 25,50 (req/s)")
    p.add_argument("--floors", default="floor-full,floor-query",
                   help="comma-separated floors to run: floor-full, floor-query (default both)")
    p.add_argument("--workers", type=int, help="GUNICORN_WORKERS (default: deploy/gunicorn.conf.py)")
    p.add_argument("--threads", type=int, help="GUNICORN_THREADS")
    p.add_argument("--worker-class", help="GUNICORN_WORKER_CLASS (gthread or sync)")
    p.add_argument("--app", default="wsgi:app", help="WSGI app to measure (e.g. a variant with a fix applied)")
    p.add_argument("--app-pythonpath", help="extra sys.path entry for --app")
    p.add_argument("--wrk-threads", type=int, default=1)
    p.add_argument("--keepalive", action=argparse.BooleanOptionalAction, default=False,
                   help="reuse connections (default: one per request, see benchmarks/README.md)")
    p.add_argument("--buffer-pool-mb", type=int,
                   help="SET GLOBAL innodb_buffer_pool_size for the run (restored at the end; affects the "
                        "whole server)")
    p.add_argument("--warm-buffer-pool", action="store_true",
                   help="with --buffer-pool-mb: scan the searched indexes first so the run starts warm")
    p.add_argument("--mysql-host", default=HOST)
    p.add_argument("--mysql-port", type=int, default=3306)
    p.add_argument("--redis-db", type=int, default=13,
                   help="Redis db the app uses, flushed before and after (default 13: the other benches use 12)")
    p.add_argument("--seed", type=int, default=20261122, help="seed of the sampling and shuffles")
    p.add_argument("--py-spy", metavar="DIR", help="also sample the app's workers with py-spy (extra runs)")
    p.add_argument("--py-spy-mode", choices=("gil", "cpu", "wall"), default="gil",
                   help="gil: the thread holding the GIL (what burns the worker's CPU); cpu: threads not idle "
                        "(includes waiting for the GIL); wall: every thread (--idle)")
    p.add_argument("--json", metavar="PATH", help="write the figures as JSON")
    args = p.parse_args(argv)
    args.floors = [f.strip() for f in args.floors.split(",") if f.strip()]
    args.rates = [float(r) for r in args.rates.split(",") if r.strip()]
    args.endpoints = [e.strip() for e in args.endpoints.split(",") if e.strip()]
    if not args.endpoints or set(args.endpoints) - set(ENDPOINTS):
        p.error(f"--endpoints: choose from {', '.join(ENDPOINTS)}")
    unknown = set(args.floors) - set(TARGETS[1:])
    if unknown:
        p.error(f"unknown floors: {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)

    harness.run(Bench, args)


if __name__ == "__main__":
    main()
