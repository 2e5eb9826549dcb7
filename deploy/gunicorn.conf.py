"""Gunicorn settings for the BFF (``gunicorn -c deploy/gunicorn.conf.py wsgi:app``).

Every knob reads an environment variable so one image serves Compose, Kubernetes and
the benchmark. The app writes its own JSON access lines (bff/logs.py), so gunicorn's
access log stays off; gunicorn's own error log goes to stderr.
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cpu_count() -> int:
    """CPUs this container may use: the cgroup v2 quota if set, else the affinity mask.

    ``multiprocessing.cpu_count()`` reports the node's cores, which on Kubernetes is far
    more than a pod's CPU limit and would start far too many workers.
    """
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    try:
        with open("/sys/fs/cgroup/cpu.max", encoding="ascii") as f:
            quota, period = f.read().split()
        if quota != "max":
            cpus = min(cpus, max(1, -(-int(quota) // int(period))))  # ceil
    except (OSError, ValueError):
        pass
    return cpus


# --- socket -----------------------------------------------------------------
bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"
backlog = _int("GUNICORN_BACKLOG", 2048)

# --- workers ----------------------------------------------------------------
# 2 * cores + 1, capped: every worker holds its own DB pool (MIRROR_DB_POOL_SIZE,
# overflow as much again) and ~100 MB, so more workers than that only add contention.
workers = _int("GUNICORN_WORKERS", min(2 * _cpu_count() + 1, _int("GUNICORN_MAX_WORKERS", 8)))

# gthread, not sync: login calls WeChat's code2Session (up to MIRROR_WECHAT_TIMEOUT = 5 s)
# and phone binding calls getuserphonenumber. With sync workers a slow WeChat parks a
# whole process per request; a few threads per process keep serving while those calls
# wait on the network (the GIL is released during I/O). gthread also keeps HTTP
# keep-alive with the load balancer, which sync workers cannot. Request-scoped state is
# thread-safe: scoped_session is per thread, the DB and Redis pools are thread-safe.
# Caveat (gunicorn #908, #3433): a gthread worker accepts connections even when its threads
# are busy, and a kept-alive connection stays on the worker that accepted it, so a handful
# of long-lived connections can pile onto one worker (benchmarks/bench_identity.py saw all
# 16 of wrk's connections on one worker). Many upstream connections from the ingress spread
# out; if one worker runs hot while others idle, lower GUNICORN_KEEPALIVE or use sync.
# GUNICORN_WORKER_CLASS=sync needs GUNICORN_THREADS=1 (gunicorn turns sync+threads into gthread).
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = _int("GUNICORN_THREADS", 4 if worker_class == "gthread" else 1)
worker_connections = _int("GUNICORN_WORKER_CONNECTIONS", 1000)  # gthread: open keep-alive sockets per worker

# --- timeouts ---------------------------------------------------------------
# A request never legitimately takes long: WeChat calls time out at 5 s, DB pool waits
# at 5 s. 30 s only kills a truly stuck worker.
timeout = _int("GUNICORN_TIMEOUT", 30)
# On SIGTERM: stop accepting, finish in-flight requests within this window. Keep it below
# Kubernetes' terminationGracePeriodSeconds minus the preStop sleep (30 - 5 = 25 s).
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 20)
# Longer than the load balancer's upstream idle timeout (ingress-nginx: 60 s), so the
# proxy, not gunicorn, closes idle connections and never reuses a socket being closed.
keepalive = _int("GUNICORN_KEEPALIVE", 65)

# --- recycling --------------------------------------------------------------
# Restart each worker after N requests (+ random jitter so they do not restart together):
# bounds slow leaks in long-lived processes.
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 500)

# --- app loading ------------------------------------------------------------
# Load the app once in the master, then fork: a bad setting (production refuses dev
# secrets) fails the boot before any worker starts, and workers share imported code
# pages copy-on-write. Side effect handled in post_fork: nothing opened in the master
# (DB connections) may be shared by workers.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() not in {"0", "false", "no"}

# Heartbeat files on tmpfs: a disk-backed /tmp (overlayfs) can block and get workers killed.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# --- logging ----------------------------------------------------------------
accesslog = None  # the app logs one JSON line per request (method, route template, status, duration)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = os.environ.get("GUNICORN_PROC_NAME", "mirror-bff")

# --- proxies ----------------------------------------------------------------
# forwarded_allow_ips only decides whether gunicorn trusts X-Forwarded-Proto (and the
# SCRIPT_NAME/PATH_INFO forwarder headers). The client IP used for rate limits comes from
# the app's own ProxyFix: set MIRROR_TRUSTED_PROXY_COUNT to the number of proxies in front
# (1 behind an ingress) or every client shares the load balancer's address and limits.
# Gunicorn's default (127.0.0.1,::1) is kept; behind a proxy on another address, list it
# here (GUNICORN_FORWARDED_ALLOW_IPS) rather than "*".
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# --- request limits ---------------------------------------------------------
# The app answers URLs over 4 KB (414) and headers over 16 KB (431) itself; gunicorn's own limits
# sit above, for what must never reach a worker, and its error pages use the app's JSON envelope.
limit_request_line = _int("GUNICORN_LIMIT_REQUEST_LINE", 8190)
limit_request_field_size = _int("GUNICORN_LIMIT_REQUEST_FIELD_SIZE", 8190)
limit_request_fields = _int("GUNICORN_LIMIT_REQUEST_FIELDS", 100)


def on_starting(server):  # type: ignore[no-untyped-def]
    """Before any worker forks: gunicorn's 4xx pages in the app's error format (bff/edge.py)."""
    from bff.edge import install_gunicorn_errors

    install_gunicorn_errors()


# --- control socket (gunicorn >= 25.1) --------------------------------------
# Off unless asked for: the default path under $HOME is not writable for the image's
# user and would collide between two gunicorns on one host.
_control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET")
if _control_socket:
    control_socket = _control_socket
else:
    control_socket_disable = True


def post_fork(server, worker):  # type: ignore[no-untyped-def]
    """Drop any DB connection inherited from the master (preload_app): never share sockets."""
    import sys

    module = sys.modules.get("wsgi")  # loaded in the master only when preloading
    app = getattr(module, "app", None)
    database = app.extensions.get("mirror.db") if app is not None else None
    if database is not None:
        database.engine.dispose(close=False)
