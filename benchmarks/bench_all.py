"""Every hot path against its floor in one command: one table.

Runs the benches in turn (each starts the app and its floor under the same gunicorn settings,
deploy/gunicorn.conf.py, and loads both with the same wrk settings), reads their ``--json`` and
prints, per path: app and floor req/s at peak and their ratio (with the target), the app's and
the floor's p50/p99 at half of the app's peak, CPU ms per request of each (robust to other
users of the machine), the largest worker RSS, and how busy the rest of the machine was.

    .venv/bin/python benchmarks/bench_all.py                      # ~8-9 min
    .venv/bin/python benchmarks/bench_all.py --duration 5 --only identity,clients
    .venv/bin/python benchmarks/bench_all.py --rounds 2           # every bench twice, interleaved

A benchmark, not a test: nothing here asserts anything about timings.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import harness

HERE = Path(__file__).resolve().parent

TARGET_RATIO = {"payment notification": 0.7}  # every other path: 0.8
P99_TARGET_MS = 25.0
RSS_TARGET_MB = 250.0

# bench -> (script, extra args, [(path label, key in the bench's JSON, floor target name)])
BENCHES: dict[str, tuple[str, list[str], list[tuple[str, str | None]]]] = {
    "identity": ("bench_identity.py", [], [("login", "login"), ("profile", "profile")]),
    "clients": ("bench_clients.py", ["--stores", "50", "--clients", "50000", "--floors", "floor-query", "--raw", "200"],
                [("client search (phone)", "phone"), ("client search (name prefix)", "prefix"),
                 ("client list", "list")]),
    "uploads": ("bench_uploads.py", ["--profile", "0"], [("upload policy", "policy"), ("OSS callback", "callback"),
                                                           ("image list", "images")]),
    "notifications": ("bench_notifications.py", [], [("payment notification", None)]),
}


def _targets(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    if "targets" in data:  # bench_clients: app, floor-query
        return data["targets"]["app"], data["targets"]["floor-query"]
    return data["app"], data["floor"]


def _pick(section: dict[str, Any], key: str | None) -> dict[str, Any] | None:
    return section if key is None else section.get(key)


def _cpu_ms(r: dict[str, Any]) -> float:
    return r["cpu"].get("target", 0.0) * r["seconds"] * 10 / r["requests"] if r.get("requests") else 0.0


def _max_worker_rss_mb(memory: list[list[Any]]) -> float:
    return max((row[2] for row in memory if row[0] == "worker"), default=0) / 1024


def rows_of(bench: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    app, floor = _targets(data)
    out = []
    for label, key in BENCHES[bench][2]:
        ap, fp = _pick(app["peak"], key), _pick(floor["peak"], key)
        ah, fh = _pick(app.get("half", {}), key), _pick(floor.get("half", {}), key)
        if not ap or not fp:
            continue
        out.append({
            "path": label, "app_rps": ap["rps"], "floor_rps": fp["rps"],
            "app_half": (ah["rps"], ah["p50_ms"], ah["p99_ms"]) if ah else None,
            "floor_half": (fh["p50_ms"], fh["p99_ms"]) if fh else None,
            "app_cpu": _cpu_ms(ap), "floor_cpu": _cpu_ms(fp),
            "rss_mb": _max_worker_rss_mb(app.get("memory", [])),
            "other": (ap["cpu"].get("other", 0.0) + fp["cpu"].get("other", 0.0)) / 2,
            "errors": sum(max(r["errors"], r["detail"].get("unexpected", 0)) for r in (ap, fp)),
        })
    return out


def run_bench(bench: str, args: argparse.Namespace, tmp: Path, n: int) -> list[dict[str, Any]]:
    script, extra, _ = BENCHES[bench]
    out = tmp / f"{bench}_{n}.json"
    log = tmp / f"{bench}_{n}.log"
    cmd = [sys.executable, str(HERE / script), "--duration", f"{args.duration:g}", "--warmup", f"{args.warmup:g}",
           "--connections", str(args.connections), "--redis-db", str(args.redis_db), "--json", str(out), *extra]
    started = time.monotonic()
    print(f"[{time.strftime('%H:%M:%S')}] {bench}: {' '.join(cmd[1:])}", flush=True)
    with log.open("w") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)  # noqa: S603
        # A bench whose figures are written but whose clean-up hangs (a forked signing pool
        # that does not terminate) is stopped after a grace period; its JSON is used.
        deadline, written = time.monotonic() + args.timeout, None
        while proc.poll() is None and time.monotonic() < deadline:
            if written is None and out.exists():
                written = time.monotonic()
            if written is not None and time.monotonic() - written > 60:
                break
            time.sleep(1)
        if proc.poll() is None:
            print(f"[{time.strftime('%H:%M:%S')}] {bench}: still running, stopped", flush=True)
            harness.stop_process(proc, 10)
        rc = 0 if out.exists() else proc.returncode
    print(f"[{time.strftime('%H:%M:%S')}] {bench}: exit {rc} after {time.monotonic() - started:.0f}s, log {log}",
          flush=True)
    if rc != 0 or not out.exists():
        print("\n".join(log.read_text(errors="replace").splitlines()[-20:]))
        return []
    return rows_of(bench, json.loads(out.read_text()))


def merge(runs: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Per path, the median of each figure over the rounds (one round: the figures as measured)."""
    by_path: dict[str, list[dict[str, Any]]] = {}
    for rows in runs:
        for r in rows:
            by_path.setdefault(r["path"], []).append(r)
    merged = []
    for path, rs in by_path.items():
        med = {k: statistics.median(r[k] for r in rs) for k in ("app_rps", "floor_rps", "app_cpu", "floor_cpu",
                                                                  "rss_mb", "other")}
        med["ratio"] = statistics.median(r["app_rps"] / r["floor_rps"] for r in rs if r["floor_rps"])
        halves = [r["app_half"] for r in rs if r["app_half"]]
        fh = [r["floor_half"] for r in rs if r["floor_half"]]
        med["app_half"] = tuple(statistics.median(h[i] for h in halves) for i in range(3)) if halves else None
        med["floor_half"] = tuple(statistics.median(h[i] for h in fh) for i in range(2)) if fh else None
        med["errors"] = sum(r["errors"] for r in rs)
        med["path"], med["rounds"] = path, len(rs)
        merged.append(med)
    return merged


def table(rows: list[dict[str, Any]]) -> str:
    head = ("| path | app req/s | floor req/s | app/floor (target) | app p50 / p99 ms @ half peak | "
            "floor p50 / p99 ms @ same rate | CPU ms/req app / floor | worker RSS MB | other CPU % | errors |")
    lines = [head, "| --- | ---: | ---: | --- | --- | --- | --- | ---: | ---: | ---: |"]
    for r in rows:
        target = TARGET_RATIO.get(r["path"], 0.8)
        half = (f"{r['app_half'][1]:.1f} / {r['app_half'][2]:.1f} @ {r['app_half'][0]:.0f}/s"
                if r["app_half"] else "-")
        fhalf = f"{r['floor_half'][0]:.1f} / {r['floor_half'][1]:.1f}" if r["floor_half"] else "-"
        lines.append(f"| {r['path']} | {r['app_rps']:.1f} | {r['floor_rps']:.1f} | {r['ratio']:.2f}x ({target}x) | "
                     f"{half} | {fhalf} | {r['app_cpu']:.2f} / {r['floor_cpu']:.2f} | {r['rss_mb']:.0f} | "
                     f"{r['other']:.0f} | {r['errors']} |")
    return "\n".join(lines)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", default=",".join(BENCHES), help=f"a subset of {','.join(BENCHES)}")
    p.add_argument("--rounds", type=int, default=1, help="run every bench this many times, interleaved; medians")
    p.add_argument("--duration", type=float, default=6, help="seconds per measured run (default 6)")
    p.add_argument("--warmup", type=float, default=2)
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--redis-db", type=int, default=12, help="Redis db the benches flush (default 12)")
    p.add_argument("--timeout", type=float, default=1800, help="seconds a bench may take before it is stopped")
    p.add_argument("--json", metavar="PATH", help="write the merged rows as JSON")
    args = p.parse_args()
    only = [b.strip() for b in args.only.split(",") if b.strip()]
    unknown = set(only) - set(BENCHES)
    if unknown:
        p.error(f"unknown bench: {', '.join(sorted(unknown))}")
    tmp = Path(tempfile.mkdtemp(prefix="bench_all_"))
    runs: list[list[dict[str, Any]]] = []
    for n in range(args.rounds):
        for bench in only:
            runs.append(run_bench(bench, args, tmp, n))
    rows = merge(runs)
    print()
    print(f"bench_all: {args.rounds} round(s), {args.duration:g}s runs after {args.warmup:g}s warm-up, "
          f"wrk -c{args.connections} (a new connection per request), deploy/gunicorn.conf.py for app and floor; "
          f"targets: ratio as shown, p99 < {P99_TARGET_MS:g} ms at half of peak, worker RSS < {RSS_TARGET_MB:g} MB")
    print(table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
