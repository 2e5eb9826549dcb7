#!/usr/bin/env python
"""Identity endpoints under gunicorn, against a bare Flask + PyMySQL floor.

    .venv/bin/python benchmarks/bench_identity.py [--duration 10] [--connections 16]

What it does (a benchmark, not a test: it prints figures and asserts no timings):

1. Creates a throwaway MariaDB database (127.0.0.1:3306, root) and gives it its schema with
   ``mirror migrate``; flushes Redis db 12; starts the WeChat sandbox (``python -m sandbox``)
   and raises its per-minute quotas.
2. Starts the app (``gunicorn -c deploy/gunicorn.conf.py wsgi:app``) and onboards --users users
   through the real flow (wx.login code -> login -> accept agreements -> phone code -> bind
   phone), so app and floor read the same rows.
3. For the app, then the floor (``benchmarks/floor_app.py``, same gunicorn settings):
   login (a fresh wx.login code per request, pre-generated from the sandbox) and profile
   (GET /api/v1/me with the users' bearer tokens) at full speed, then both again at half of
   the app's peak rate; records the RSS of each gunicorn process after the runs.
4. Prints requests/s, p50, p99, errors, app/floor ratios; drops the database, flushes Redis
   and stops every process it started, also on error or Ctrl-C.

Load generator: wrk (one thread pinned to the last CPU with taskset, Lua scripts feed the
codes/tokens; the fixed-rate runs pace requests with wrk's delay() hook), or, without wrk,
a small multi-threaded Python client pinned the same way. Each request opens a connection
by default (--keepalive to reuse them): gthread workers accept connections even when busy,
and a few kept-alive connections can all stick to one worker and cap a run at one core.

Also printed: the CPU each component used during each run (the "other" column exposes other
users of a shared machine) and CPU ms per request, which stays comparable on a noisy machine.
"""

from __future__ import annotations

import argparse
import base64
import concurrent.futures as cf
import contextlib
import http.client
import json
import math
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pymysql
import redis
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402 - the shared harness lives next to this script
from harness import (  # noqa: E402
    BIN,
    HOST,
    ROOT,
    CpuMeter,
    LoadResult,
    Server,
    children_of,
    fmt,
    free_port,
    memory_kb,
    parse_wrk,
    pids_named,
    ratio,
    stop_process,
    wrk_script,
)

# ---------------------------------------------------------------- load generation
WRK_LOGIN = ("return wrk.format(\"POST\", \"/api/v1/auth/login\", "
             "{[\"Content-Type\"] = \"application/json\"__CLOSE__}, '{\"code\":\"' .. item .. '\"}')")
WRK_PROFILE = ("return wrk.format(\"GET\", \"/api/v1/me\", "
               "{[\"Authorization\"] = \"Bearer \" .. item__CLOSE__})")

class LoadGenerator:
    """wrk when installed, else the Python client below; pinned to one CPU either way."""

    def __init__(self, tmp: Path, kind: str, cpu: int | None, threads: int, keepalive: bool) -> None:
        self.tmp = tmp
        self.keepalive = keepalive
        self.kind = kind
        self.cpu = cpu
        self.threads = threads
        self.active: subprocess.Popen | None = None

    def describe(self, connections: int) -> str:
        pin = f"pinned to CPU {self.cpu} (taskset)" if self.cpu is not None else "not pinned (1 CPU)"
        conn = "keep-alive" if self.keepalive else "a new connection per request"
        if self.kind == "wrk":
            return f"wrk -t{self.threads} -c{connections}, {conn}, {pin}"
        return f"python client, {connections} threads, {conn}, {pin}"

    def _pin(self) -> list[str]:
        return ["taskset", "-c", str(self.cpu)] if self.cpu is not None and shutil.which("taskset") else []

    def run(self, url: str, endpoint: str, items_file: Path, duration: float, connections: int,
            rate: float | None = None) -> LoadResult:
        if self.kind == "wrk":
            return self._wrk(url, endpoint, items_file, duration, connections, rate)
        return self._python(url, endpoint, items_file, duration, connections, rate)

    def _wrk(self, url: str, endpoint: str, items_file: Path, duration: float, connections: int,
             rate: float | None) -> LoadResult:
        threads = max(1, min(self.threads, connections))
        req = WRK_LOGIN if endpoint == "login" else WRK_PROFILE
        req = req.replace("__CLOSE__", ', ["Connection"] = "close"' if not self.keepalive else "")
        path = self.tmp / f"wrk_{endpoint}_{'rate' if rate else 'peak'}.lua"
        path.write_text(wrk_script(req, threads=threads, rate=rate))
        cmd = [*self._pin(), "wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration:g}s",
               "--timeout", "10s", "-s", str(path), url, "--", str(items_file), str(threads)]
        return parse_wrk(self._capture(cmd, timeout=duration + 60))

    def _python(self, url: str, endpoint: str, items_file: Path, duration: float, connections: int,
                rate: float | None) -> LoadResult:
        cfg = {"url": url, "endpoint": endpoint, "items": str(items_file), "duration": duration,
               "connections": connections, "rate": rate or 0, "keepalive": self.keepalive}
        out = self._capture([*self._pin(), sys.executable, str(Path(__file__).resolve()), "--_loadgen",
                             json.dumps(cfg)], timeout=duration + 60)
        line = next((ln for ln in out.splitlines() if ln.startswith("JSON:")), None)
        if line is None:
            raise RuntimeError(f"load generator printed no result:\n{out}")
        d = json.loads(line[5:])
        return LoadResult(**d)

    def _capture(self, cmd: list[str], timeout: float) -> str:
        self.active = subprocess.Popen(  # noqa: S603 - argv built here, no shell
            cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            out, _ = self.active.communicate(timeout=timeout)
        finally:
            stop_process(self.active, 5)
            self.active = None
        return out

    def stop(self) -> None:
        if self.active is not None:
            stop_process(self.active, 2)


def python_loadgen(cfg: dict[str, Any]) -> None:
    """Fallback load generator (runs in its own pinned process): keep-alive, one thread per connection."""
    target = urlparse(cfg["url"])
    items = Path(cfg["items"]).read_text().split()
    lock = threading.Lock()
    state = {"next": 0, "slot": None}
    interval = 1.0 / cfg["rate"] if cfg["rate"] else 0.0
    deadline = time.monotonic() + cfg["duration"]
    results: list[tuple[float, int]] = []
    errors = [0]

    def take() -> tuple[str, float]:
        with lock:
            item = items[state["next"] % len(items)]
            state["next"] += 1
            wait = 0.0
            if interval:
                now = time.monotonic()
                if state["slot"] is None or state["slot"] < now - 1:
                    state["slot"] = now
                state["slot"] += interval
                wait = max(0.0, state["slot"] - now)
            return item, wait

    def worker() -> None:
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
        local: list[tuple[float, int]] = []
        while time.monotonic() < deadline:
            item, wait = take()
            if wait:
                time.sleep(wait)
            if cfg["endpoint"] == "login":
                args = ("POST", "/api/v1/auth/login", json.dumps({"code": item}),
                        {"Content-Type": "application/json"})
            else:
                args = ("GET", "/api/v1/me", None, {"Authorization": f"Bearer {item}"})
            if not cfg["keepalive"]:
                args[3]["Connection"] = "close"
            started = time.perf_counter()
            try:
                conn.request(*args)
                res = conn.getresponse()
                res.read()
                local.append((time.perf_counter() - started, res.status))
                if res.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException):
                with lock:
                    errors[0] += 1
                conn.close()
        with lock:
            results.extend(local)

    started = time.monotonic()
    pool = [threading.Thread(target=worker) for _ in range(cfg["connections"])]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    seconds = time.monotonic() - started
    lat = sorted(r[0] for r in results) or [0.0]
    non2xx = sum(1 for r in results if r[1] >= 400)

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, max(0, math.ceil(p / 100 * len(lat)) - 1))] * 1000

    print("JSON:" + json.dumps({
        "requests": len(results), "seconds": seconds, "errors": errors[0] + non2xx, "non2xx": non2xx,
        "p50_ms": pct(50), "p90_ms": pct(90), "p99_ms": pct(99), "max_ms": lat[-1] * 1000,
        "sent": state["next"], "detail": {"socket": errors[0], "status": non2xx},
    }), flush=True)


# ---------------------------------------------------------------- the benchmark
@dataclass
class TargetResult:
    name: str
    peak: dict[str, LoadResult] = field(default_factory=dict)
    half: dict[str, LoadResult] = field(default_factory=dict)
    memory: list[tuple[str, int, int, int | None]] = field(default_factory=list)  # role, pid, rss, pss


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.stack = contextlib.ExitStack()
        self.tmp = Path(tempfile.mkdtemp(prefix="bench_identity_"))
        self.db_name = f"mirror_bench_{uuid.uuid4().hex[:10]}"
        self.db_url = f"mysql+pymysql://root@{args.mysql_host}:{args.mysql_port}/{self.db_name}"
        self.redis_url = f"redis://{HOST}:6379/{args.redis_db}"
        self.sandbox_url = ""
        self.sandbox: Server | None = None
        self.users: list[dict[str, str]] = []
        self.codes_issued = 0
        cpus = sorted(os.sched_getaffinity(0))
        kind = args.loadgen if args.loadgen != "auto" else ("wrk" if shutil.which("wrk") else "python")
        self.loadgen = LoadGenerator(self.tmp, kind, cpus[-1] if len(cpus) > 1 else None, args.wrk_threads,
                                     args.keepalive)
        self.secrets = bench_secrets()
        self.results: dict[str, TargetResult] = {}
        self.app_profile: dict[str, Any] = {}
        self._resolved: dict[str, str] | None = None
        self.t0 = time.monotonic()

    # -- setup / teardown ------------------------------------------------
    def __enter__(self) -> Bench:
        self.stack.callback(shutil.rmtree, self.tmp, True)
        self.stack.callback(self.loadgen.stop)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stack.close()

    def log(self, msg: str) -> None:
        print(f"[{time.monotonic() - self.t0:6.1f}s] {msg}", flush=True)

    def create_database(self) -> None:
        admin = pymysql.connect(host=self.args.mysql_host, port=self.args.mysql_port, user="root",
                                password="", autocommit=True, connect_timeout=5)
        self.stack.callback(admin.close)
        with admin.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{self.db_name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")

        def drop() -> None:
            admin.ping()
            with admin.cursor() as cur:
                cur.execute(f"DROP DATABASE IF EXISTS `{self.db_name}`")
            self.log(f"dropped database {self.db_name}")

        self.stack.callback(drop)
        self.log(f"database {self.db_name}: {harness.run_migrate(self.env())}")

    def flush_redis(self) -> None:
        client = redis.Redis.from_url(self.redis_url, socket_connect_timeout=2)
        client.flushdb()
        self.stack.callback(client.close)
        self.stack.callback(client.flushdb)

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MIRROR_", "GUNICORN_"))}
        env.update(self.secrets)
        env.update({
            "MIRROR_ENV": "test",
            "MIRROR_DATABASE_URL": self.db_url,
            "MIRROR_REDIS_URL": self.redis_url,
            "MIRROR_WECHAT_API_BASE": f"{self.sandbox_url}/wechat/",
            "MIRROR_LOGIN_RATE_LIMIT": "100000000/minute",
            "MIRROR_PHONE_RATE_LIMIT": "100000000/minute",
            "MIRROR_PHONE_IP_RATE_LIMIT": "100000000/minute",
            "MIRROR_LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
        })
        env.update(extra)
        return env

    def start_sandbox(self) -> None:
        port = free_port()
        self.sandbox_url = f"http://{HOST}:{port}"
        server = self.sandbox = Server("sandbox", [sys.executable, "-m", "sandbox", "--host", HOST,
                                                   "--port", str(port)], self.env(), self.tmp / "sandbox.log")
        self.stack.callback(server.stop, 5)
        server.wait_http(f"{self.sandbox_url}/control/wechat/calls")
        for api in ("jscode2session", "getuserphonenumber", "stable_token"):
            self.control("quota", {"api": api, "per_minute": 10**9})
        self.log(f"sandbox on {self.sandbox_url} (pid {server.proc.pid}), quotas raised")

    def control(self, path: str, body: dict[str, Any],
                session: requests.Session | None = None) -> dict[str, Any]:
        res = (session or requests).post(f"{self.sandbox_url}/control/wechat/{path}", json=body, timeout=10)
        res.raise_for_status()
        return res.json()

    def gunicorn_env(self, port: int) -> dict[str, str]:
        return harness.gunicorn_env(self.env(), port, workers=self.args.workers, threads=self.args.threads,
                                    worker_class=self.args.worker_class)

    def start_target(self, name: str) -> tuple[Server, str]:
        port = free_port()
        cmd = [str(BIN / "gunicorn"), "--config", str(ROOT / "deploy" / "gunicorn.conf.py"),
               "--name", f"bench-{name}"]
        if name == "floor":
            cmd += ["--pythonpath", str(ROOT / "benchmarks"), "floor_app:app"]
        else:
            if self.args.app_pythonpath:
                cmd += ["--pythonpath", self.args.app_pythonpath]
            cmd += [self.args.app]
        server = Server(name, cmd, self.gunicorn_env(port), self.tmp / f"{name}.log")
        self.stack.callback(server.stop)
        url = f"http://{HOST}:{port}"
        server.wait_http(f"{url}/livez")
        deadline = time.monotonic() + 10  # every worker booted (each answers /livez on first use)
        expected = self.worker_count()
        while len(children_of(server.proc.pid)) < expected and time.monotonic() < deadline:
            time.sleep(0.1)
        self.log(f"{name}: gunicorn pid {server.proc.pid}, workers {children_of(server.proc.pid)} on {url}")
        return server, url

    def _config(self) -> dict[str, str]:
        """gunicorn's resolved settings for deploy/gunicorn.conf.py under the bench's environment."""
        if self._resolved is None:
            out = subprocess.run([str(BIN / "gunicorn"), "--print-config", "-c",  # noqa: S603
                                  str(ROOT / "deploy" / "gunicorn.conf.py"), "wsgi:app"],
                                 cwd=ROOT, env=self.gunicorn_env(0), capture_output=True, text=True,
                                 check=False)
            self._resolved = {}
            for line in out.stdout.splitlines():
                key, sep, value = line.partition("=")
                if sep:
                    self._resolved[key.strip()] = value.strip()
        return self._resolved

    def worker_count(self) -> int:
        return int(self._config().get("workers", "1"))

    def gunicorn_settings(self) -> str:
        keep = ("workers", "worker_class", "threads", "keepalive", "preload_app", "timeout")
        return ", ".join(f"{k}={self._config().get(k)}" for k in keep)

    # -- data ------------------------------------------------------------
    def onboard_users(self, app_url: str) -> None:
        docs = requests.get(f"{app_url}/api/v1/agreements", timeout=10).json()["documents"]
        accepted = [{"kind": d["kind"], "version": d["version"], "sha256": d["sha256"]} for d in docs]
        local = threading.local()

        def one(i: int) -> dict[str, str]:
            s = getattr(local, "s", None) or requests.Session()
            local.s = s
            wx = self.control("login", {}, s)
            login = s.post(f"{app_url}/api/v1/auth/login", json={"code": wx["code"]}, timeout=10)
            login.raise_for_status()
            headers = {"Authorization": f"Bearer {login.json()['tokens']['access_token']}"}
            s.post(f"{app_url}/api/v1/me/agreements", json={"accepted": accepted}, headers=headers,
                   timeout=10).raise_for_status()
            phone = f"1390{i:07d}"
            code = self.control("phone-code", {"openid": wx["openid"], "phone": phone}, s)["code"]
            bound = s.post(f"{app_url}/api/v1/me/phone", json={"code": code}, headers=headers, timeout=10)
            bound.raise_for_status()
            profile = bound.json()
            if not profile["phone_bound"] or profile["pending_agreements"]:
                raise RuntimeError(f"onboarding left user {i} incomplete: {profile}")
            return {"openid": wx["openid"], "token": headers["Authorization"].split()[1]}

        with cf.ThreadPoolExecutor(8) as pool:
            self.users = list(pool.map(one, range(self.args.users)))
        (self.tmp / "tokens.txt").write_text("\n".join(u["token"] for u in self.users) + "\n")
        self.log(f"onboarded {len(self.users)} users through the app (login, agreements, phone)")

    def make_codes(self, count: int, label: str) -> Path:
        """Single-use wx.login codes, issued by the sandbox before the run (not timed)."""
        count = max(count, 50)
        started = time.monotonic()
        local = threading.local()
        returning = not self.args.new_users

        def one(i: int) -> str:
            s = getattr(local, "s", None) or requests.Session()
            local.s = s
            body = {"openid": self.users[i % len(self.users)]["openid"]} if returning else {}
            return self.control("login", body, s)["code"]

        with cf.ThreadPoolExecutor(6) as pool:
            codes = list(pool.map(one, range(self.codes_issued, self.codes_issued + count)))
        self.codes_issued += count
        path = self.tmp / f"codes_{label}.txt"
        path.write_text("\n".join(codes) + "\n")
        self.log(f"  {count} login codes for {label} ({time.monotonic() - started:.1f}s)")
        return path

    # -- runs ------------------------------------------------------------
    def measure(self, server: Server, url: str, endpoint: str, items: Path, duration: float,
                rate: float | None = None) -> LoadResult:
        """One load-generator run, with the CPU each component used during it."""
        meter = CpuMeter({"target": lambda: [server.proc.pid, *children_of(server.proc.pid)],
                          "sandbox": lambda: [self.sandbox.proc.pid],
                          "mariadb": lambda: pids_named("mariadbd", "mysqld"),
                          "redis": lambda: pids_named("redis-server")})
        res = self.loadgen.run(url, endpoint, items, duration, self.args.connections, rate)
        res.cpu = meter.stop()
        res.worker_cpu = [round(x, 1) for x in meter.shares[1:]]
        return res

    def login_run(self, server: Server, url: str, label: str, duration: float, expected_rps: float,
                  rate: float | None = None) -> LoadResult:
        """Login with single-use codes: size the batch from the expected rate; rerun once if it ran dry."""
        need = int(expected_rps * duration * (1.15 if rate else 1.5)) + 4 * self.args.connections
        for attempt in (1, 2):
            codes = self.make_codes(need, label)
            res = self.measure(server, url, "login", codes, duration, rate)
            available = len(codes.read_text().split())
            if res.sent <= available:
                return res
            self.log(f"  {label}: {res.sent} requests for {available} codes (reused codes answer 401)"
                     + ("; rerunning with more codes" if attempt == 1 else "; figures include those 401s"))
            need = int(res.sent * 1.2)
        return res

    def run_target(self, name: str, half_rates: dict[str, float] | None) -> TargetResult:
        args = self.args
        server, url = self.start_target(name)
        result = TargetResult(name)
        if name == "app" and not self.users:
            self.onboard_users(url)
        self.compare_profile(name, url)
        tokens = self.tmp / "tokens.txt"

        # Full speed (closed loop), each after a warm-up that also sizes the login code batch.
        warm = self.login_run(server, url, f"{name}-login-warmup", args.warmup, 600)
        # The warm-up underestimates (cold pools, first requests): size generously, a rerun costs more.
        result.peak["login"] = self.login_run(server, url, f"{name}-login", args.duration,
                                              min(1.4 * warm.rps, 2500))
        self.log(f"  {name} login: {fmt(result.peak['login'])}; "
                 f"worker CPU % {result.peak['login'].worker_cpu}")
        self.measure(server, url, "profile", tokens, args.warmup)
        result.peak["profile"] = self.measure(server, url, "profile", tokens, args.duration)
        self.log(f"  {name} profile: {fmt(result.peak['profile'])}; "
                 f"worker CPU % {result.peak['profile'].worker_cpu}")

        if args.py_spy:
            self.py_spy(name, server, url, tokens, result)

        # Half of the app's peak: the same absolute rate for both targets.
        rates = half_rates or {ep: r.rps / 2 for ep, r in result.peak.items()}
        result.half["login"] = self.login_run(server, url, f"{name}-login-half", args.duration,
                                               rates["login"], rate=rates["login"])
        self.log(f"  {name} login @ {rates['login']:.0f}/s: {fmt(result.half['login'])}")
        result.half["profile"] = self.measure(server, url, "profile", tokens, args.duration,
                                              rate=rates["profile"])
        self.log(f"  {name} profile @ {rates['profile']:.0f}/s: {fmt(result.half['profile'])}")

        master = server.proc.pid
        result.memory.append(("master", master, *memory_kb(master)))
        for pid in children_of(master):
            result.memory.append(("worker", pid, *memory_kb(pid)))
        server.stop()
        return result

    def py_spy(self, name: str, server: Server, url: str, tokens: Path, result: TargetResult) -> None:
        """Extra (unreported) runs with py-spy sampling every worker; writes collapsed stacks."""
        spy = shutil.which("py-spy") or str(BIN / "py-spy")
        out_dir = Path(self.args.py_spy)
        out_dir.mkdir(parents=True, exist_ok=True)
        for endpoint in ("login", "profile"):
            items = tokens if endpoint == "profile" else self.make_codes(
                int(result.peak["login"].rps * self.args.duration * 1.3) + 100, f"{name}-spy")
            out = out_dir / f"{name}-{endpoint}-{self.args.py_spy_mode}.txt"
            cmd = [spy, "record", "--pid", str(server.proc.pid), "--subprocesses", "--nonblocking",
                   "--rate", "250", "--duration", str(int(self.args.duration)), "--format", "raw",
                   "-o", str(out)]
            if self.args.py_spy_mode == "wall":
                cmd.append("--idle")  # waiting on MySQL/Redis/WeChat (and the GIL) counts too
            spy_proc = subprocess.Popen(  # noqa: S603 - argv built here, no shell
                cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            self.stack.callback(stop_process, spy_proc, 2)
            self.loadgen.run(url, endpoint, items, self.args.duration, self.args.connections)
            try:
                spy_proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                stop_process(spy_proc, 2)
            self.log(f"  py-spy {name} {endpoint}: {out}")

    def run(self) -> None:
        self.log(f"machine: {os.cpu_count()} CPUs; "
                 f"load generator: {self.loadgen.describe(self.args.connections)}")
        self.create_database()
        self.flush_redis()
        self.start_sandbox()
        self.log(f"gunicorn (deploy/gunicorn.conf.py) for both: {self.gunicorn_settings()}")
        app = self.results["app"] = self.run_target("app", None)
        half = {ep: r.rps / 2 for ep, r in app.peak.items()}
        self.results["floor"] = self.run_target("floor", half)
        self.report(half)

    def compare_profile(self, name: str, url: str) -> None:
        """The floor must answer /me like the app: same body for the same token."""
        token = self.users[0]["token"]
        res = requests.get(f"{url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=5)
        res.raise_for_status()
        if name == "app":
            self.app_profile = res.json()
        elif res.json() != self.app_profile:
            self.log("  WARNING floor /me differs from the app's:\n"
                     f"  app   {self.app_profile}\n  floor {res.json()}")
        else:
            self.log("  floor /me body identical to the app's")

    # -- output ----------------------------------------------------------
    def report(self, half: dict[str, float]) -> None:
        app, floor = self.results["app"], self.results["floor"]
        a = self.args
        print()
        print("=" * 96)
        print(f"bench_identity — {os.cpu_count()} CPUs, {self.loadgen.describe(a.connections)}")
        print(f"gunicorn (same for both): {self.gunicorn_settings()}, max_requests=0 during the bench")
        print(f"MariaDB 127.0.0.1:3306/{self.db_name}, Redis db {a.redis_db}, sandbox {self.sandbox_url}; "
              f"{len(self.users)} users; login = {'new' if a.new_users else 'returning'} users; "
              f"{a.duration:g}s per run after {a.warmup:g}s warm-up")
        print()
        print(f"{'peak (closed loop)':<20}{'target':<8}{'req/s':>9}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}"
              f"{'errors':>8}{'requests':>10}")
        for ep in ("login", "profile"):
            for target in (app, floor):
                r = target.peak[ep]
                print(f"{ep:<20}{target.name:<8}{r.rps:>9.1f}{r.p50_ms:>9.2f}{r.p90_ms:>9.2f}{r.p99_ms:>9.2f}"
                      f"{r.errors:>8}{r.requests:>10}")
            ra, rf = app.peak[ep], floor.peak[ep]
            print(f"{'':<20}{'app/floor':<8}{ratio(ra.rps, rf.rps):>9}{ratio(ra.p50_ms, rf.p50_ms):>9}"
                  f"{ratio(ra.p90_ms, rf.p90_ms):>9}{ratio(ra.p99_ms, rf.p99_ms):>9}")
        print()
        print(f"{'half of app peak':<20}{'target':<8}{'rate/s':>9}{'got/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
              f"{'errors':>8}")
        for ep in ("login", "profile"):
            for target in (app, floor):
                r = target.half[ep]
                print(f"{ep:<20}{target.name:<8}{half[ep]:>9.1f}{r.rps:>9.1f}{r.p50_ms:>9.2f}{r.p99_ms:>9.2f}"
                      f"{r.errors:>8}")
            ra, rf = app.half[ep], floor.half[ep]
            print(f"{'':<20}{'app/floor':<8}{'':>9}{'':>9}{ratio(ra.p50_ms, rf.p50_ms):>9}"
                  f"{ratio(ra.p99_ms, rf.p99_ms):>9}")
        errors = [f"{t.name} {phase} {ep}: {r.detail}" for t in (app, floor) for phase in ("peak", "half")
                  for ep, r in getattr(t, phase).items() if r.errors]
        if errors:
            print("errors by kind: " + "; ".join(errors))
        print()
        ncpu = os.cpu_count() or 1
        print(f"CPU during each run, % of one CPU (machine = {100 * ncpu}%; "
              "other = not ours, e.g. other users),")
        print("and CPU ms per request of the server under test and of MariaDB (robust to a busy machine):")
        for phase in ("peak", "half"):
            for ep in ("login", "profile"):
                for target in (app, floor):
                    r = getattr(target, phase)[ep]
                    c = r.cpu
                    parts = " ".join(f"{k} {c.get(k, 0):5.1f}" for k in
                                     ("target", "sandbox", "mariadb", "redis", "loadgen", "other"))
                    per = r.seconds * 10 / r.requests if r.requests else 0.0  # ms of CPU per request per 1%
                    print(f"  {phase:<5}{ep:<8}{target.name:<6}{parts} | machine {c.get('machine', 0):5.1f}"
                          f" | ms/req {target.name} {c.get('target', 0) * per:5.2f}"
                          f" mariadb {c.get('mariadb', 0) * per:5.2f}")
        print()
        print("memory after the runs (kB): VmRSS / Pss")
        for target in (app, floor):
            rows = [f"{role}[{pid}] {rss} / {pss if pss is not None else '?'}"
                    for role, pid, rss, pss in target.memory]
            print(f"  {target.name:<6} " + "; ".join(rows))
        print("=" * 96)
        if self.args.json:
            Path(self.args.json).write_text(json.dumps({
                name: {"peak": {ep: {**vars(r), "rps": r.rps} for ep, r in t.peak.items()},
                       "half": {ep: {**vars(r), "rps": r.rps, "rate": half[ep]} for ep, r in t.half.items()},
                       "memory": t.memory}
                for name, t in self.results.items()}, indent=2))


def bench_secrets() -> dict[str, str]:
    """Fresh keys for this run, plus the values app and floor must agree on, all explicit.

    The WeChat credentials are the sandbox's (``python -m sandbox`` takes no credentials);
    the JWT claims and lifetimes are the app's defaults, read from its Settings.
    """
    from bff.config import Settings
    from sandbox.app import SandboxConfig

    defaults, sandbox = Settings(env="test"), SandboxConfig()
    return {
        "MIRROR_SECRET_KEY": secrets.token_urlsafe(48),
        "MIRROR_BLIND_INDEX_KEY": secrets.token_urlsafe(48),
        "MIRROR_FIELD_KEYS": json.dumps({"bench1": base64.b64encode(secrets.token_bytes(32)).decode()}),
        "MIRROR_FIELD_PRIMARY_KEY": "bench1",
        "MIRROR_WECHAT_APPID": sandbox.wechat_appid,
        "MIRROR_WECHAT_SECRET": sandbox.wechat_secret,
        "MIRROR_JWT_ISSUER": defaults.jwt_issuer,
        "MIRROR_JWT_AUDIENCE": defaults.jwt_audience,
        "MIRROR_ACCESS_TOKEN_TTL": str(defaults.access_token_ttl),
        "MIRROR_REFRESH_TOKEN_TTL": str(defaults.refresh_token_ttl),
        "MIRROR_WECHAT_TIMEOUT": str(defaults.wechat_timeout),
        "MIRROR_DATA_KEY_REFRESH_SECONDS": str(getattr(defaults, "data_key_refresh_seconds", 30.0)),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--duration", type=float, default=10, help="seconds per measured run (default 10)")
    p.add_argument("--warmup", type=float, default=2, help="seconds of warm-up before each peak run")
    p.add_argument("--connections", type=int, default=16, help="concurrent keep-alive connections")
    p.add_argument("--users", type=int, default=200, help="users onboarded for the profile (and login) runs")
    p.add_argument("--new-users", action="store_true",
                   help="log in first-time users (INSERT) instead of the onboarded ones (UPDATE)")
    p.add_argument("--workers", type=int, help="GUNICORN_WORKERS (default: deploy/gunicorn.conf.py)")
    p.add_argument("--threads", type=int, help="GUNICORN_THREADS")
    p.add_argument("--worker-class", help="GUNICORN_WORKER_CLASS (gthread or sync)")
    p.add_argument("--app", default="wsgi:app",
                   help="WSGI app to measure against the floor (e.g. a variant with a fix applied)")
    p.add_argument("--app-pythonpath", help="extra sys.path entry for --app")
    p.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto")
    p.add_argument("--wrk-threads", type=int, default=1)
    p.add_argument("--keepalive", action=argparse.BooleanOptionalAction, default=False,
                   help="reuse connections (default: one per request; with gthread a kept-alive "
                        "connection stays on the worker that accepted it, and a few connections can all "
                        "land on one worker)")
    p.add_argument("--mysql-host", default=HOST)
    p.add_argument("--mysql-port", type=int, default=3306)
    p.add_argument("--redis-db", type=int, default=12)
    p.add_argument("--py-spy", metavar="DIR", help="also sample the workers with py-spy (extra runs)")
    p.add_argument("--py-spy-mode", choices=("wall", "cpu"), default="wall",
                   help="wall: include threads waiting on I/O (--idle); cpu: on-CPU samples only")
    p.add_argument("--json", metavar="PATH", help="write the figures as JSON")
    p.add_argument("--_loadgen", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args._loadgen:
        python_loadgen(json.loads(args._loadgen))
        return

    harness.run(Bench, args)


if __name__ == "__main__":
    main()
