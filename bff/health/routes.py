"""Kubernetes probes: /livez checks nothing external, /readyz checks MySQL and Redis fast."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from bff.deps import deps

bp = Blueprint("health", __name__)
_probe_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="readyz")


@bp.get("/livez")
def livez():
    return jsonify(status="ok")


def _check_database() -> None:
    with current_app.extensions["mirror.db"].engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def _check_redis() -> None:
    deps().redis.ping()


@bp.get("/readyz")
def readyz():
    timeout = deps().settings.dependency_timeout * 2
    checks = {}
    futures = {name: _probe_pool.submit(_in_app_context(fn))
               for name, fn in (("database", _check_database), ("redis", _check_redis))}
    for name, future in futures.items():
        try:
            future.result(timeout=timeout)
            checks[name] = "ok"
        except FutureTimeout:
            checks[name] = "timeout"
        except Exception as exc:  # any failure means not ready; the kind is enough to debug
            checks[name] = f"error:{type(exc).__name__}"
    ready = all(v == "ok" for v in checks.values())
    return jsonify(status="ready" if ready else "unavailable", checks=checks), 200 if ready else 503


def _in_app_context(fn):
    # Probes run in a pool so a hung dependency costs the probe a timeout, not a worker.
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def run() -> None:
        with app.app_context():
            fn()

    return run
