#!/usr/bin/env python
"""Upload-policy issuance and OSS upload callbacks under gunicorn, against a bare floor.

    .venv/bin/python benchmarks/bench_uploads.py [--duration 8] [--connections 16]

A benchmark, not a test: it prints figures and asserts no timings.

1. Throwaway MariaDB database (``mirror migrate``), Redis db --redis-db (15) flushed. Seeded
   with multi-row INSERTs: --stores owners (user, consultant profile, agreements, store,
   membership, audit chain: ``seed_clients.seed_owners``), each with --clients-per-store
   clients (name and birth date sealed by the app's own cipher, all adults), one ``capture``
   grant per client (its ConsentRecord first, for the foreign key) and one capture session per
   client following the ``face_standard_5`` protocol. Many owners on purpose: the app allows 60
   policies per minute per user. One auth session per owner; access tokens from the
   app's TokenService, minted right before each run.
2. The OSS callback public key: the app fetches the allow-listed
   ``https://gosspublic.alicdn.com/callback_pub_key_v1.pem`` once per worker, from a local
   ``python -m sandbox.oss`` (MIRROR_OSS_PUB_KEY_OVERRIDES); no OSS is needed otherwise: the
   policy is signed locally and the callbacks are signed here with the emulator's dev key
   (``sandbox/oss/keys/callback_private_key.pem``).
3. One request of each kind through the app in-process: its SQL (SQLAlchemy log) and its
   answers (the PostObject policy's V4 signature and pinned key are checked); then --profile
   requests of each kind under cProfile: the time of the app's steps (auth, agreements,
   consent, audit, rate limit, commit...).
4. The app (``gunicorn -c deploy/gunicorn.conf.py wsgi:app``, MIRROR_ENV=test) then the floor
   (``benchmarks/floor_uploads.py``, same gunicorn settings), for each endpoint: warm-up, full
   speed (closed loop), then a fixed rate at half the APP's peak. wrk + Lua, one item per
   request:
   - policy: ``POST /api/v1/stores/<id>/uploads`` for a random (owner, client, session, view,
     content type); anything but 201 is an error;
   - callback: ``POST /api/v1/oss/callback`` for a ticket no other request uses (tickets are
     inserted and their callbacks signed right before each run); anything but 200 is an error.
5. After each target: tickets created vs 201s answered; images vs 200s answered vs callbacks
   sent (exactly one image per accepted callback); then --replays accepted callbacks are sent
   again: same answer, no new image (idempotency).
6. Prints req/s, p50/p99, errors, app/floor, CPU per component and per request, MariaDB
   statements per request, RSS/Pss per gunicorn process; drops the database, flushes Redis and
   stops what it started, also on error or Ctrl-C.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import hmac
import json
import multiprocessing as mp
import os
import random
import re
import secrets
import shutil
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

import pymysql
import redis
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
import seed_clients  # noqa: E402
from harness import (  # noqa: E402
    HOST,
    ROOT,
    CpuMeter,
    LoadResult,
    children_of,
    fmt,
    free_port,
    pids_named,
    ratio,
)

from bff.capture.protocols import PROTOCOLS  # noqa: E402

ENDPOINTS = ("policy", "callback", "images")
EXPECT = {"policy": 201, "callback": 200, "images": 200}
IMAGES_PER_STORE = 30  # seeded `ready` images per store: a full first page of the image list
CALLBACK_PATH = "/api/v1/oss/callback"
PUB_KEY_URL = "https://gosspublic.alicdn.com/callback_pub_key_v1.pem"
PUB_KEY_ROUTE = "/oss-pubkey/callback_pub_key_v1.pem"
OSS_KEYS = ROOT / "sandbox" / "oss" / "keys"
CONTENT_TYPES = ("image/jpeg",) * 8 + ("image/heic", "image/png")  # mostly JPEG, as phones send
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/heic": "heic"}
# The capture protocol of the seeded sessions (five standard views of the face), copied into
# each session as the app does when a session starts.
PROTOCOL = "face_standard_5"
VIEWS = [v.as_dict() for v in PROTOCOLS[PROTOCOL].views]

POLICY_LUA = r"""
  local token, store, body = item:match("^([^\t]*)\t([^\t]*)\t(.*)$")
  local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token__CLOSE__}
  return wrk.format("POST", "/api/v1/stores/" .. store .. "/uploads", headers, body)
"""
IMAGES_LUA = r"""
  local token, store = item:match("^([^\t]*)\t(.*)$")
  local headers = {["Authorization"] = "Bearer " .. token__CLOSE__}
  return wrk.format("GET", "/api/v1/stores/" .. store .. "/images?limit=20", headers)
"""
CALLBACK_LUA = r"""
  local auth, body = item:match("^([^\t]*)\t(.*)$")
  local headers = {["Content-Type"] = "application/x-www-form-urlencoded", ["Authorization"] = auth,
    ["x-oss-pub-key-url"] = "__PUBKEY__", ["User-Agent"] = "aliyun-oss-callback"__CLOSE__}
  return wrk.format("POST", "__PATH__", headers, body)
"""

# Where a request's time goes (cProfile, in-process): (label, file suffix, function). Shares are
# of Flask's wsgi_app; nested rows (indented) are part of the row above them.
PROFILE_ROWS = {
    "policy": [
        ("token + user (authenticate)", "bff/auth/guard.py", "authenticate"),
        ("agreements (requires_agreements)", "bff/agreements/service.py", ("current_documents", "pending_for")),
        ("membership", "bff/stores/access.py", "membership"),
        ("client", "bff/clients/service.py", "get_client"),
        ("capture consent (grant + birth date)", "bff/capture/service.py", "require_capture_consent"),
        ("  birth-date decryption", "bff/capture/gate.py", "is_minor"),
        ("capture session", "bff/capture/service.py", "get_session"),
        ("ticket INSERT + form (uploads.issue)", "bff/uploads.py", "issue"),
        ("  PostObject V4 form (post_form)", "bff/integrations/oss.py", "post_form"),
        ("audit event (audit.record)", "bff/audit/service.py", "record"),
        ("rate limit (flask-limiter, Redis)", "flask_limiter/_extension.py", "_check_request_limit"),
        ("request body (webargs/marshmallow)", "webargs/core.py", "parse"),
        ("answer (marshmallow dump)", "marshmallow/schema.py", "dump"),
        ("COMMIT (after_request)", "bff/db.py", "_finish_transaction"),
        ("JSON access log", "bff/logs.py", "_finish"),
    ],
    "callback": [
        ("callback.receive", "bff/capture/callback.py", "receive"),
        ("  signature check (RSA/MD5, cached key)", "bff/integrations/oss_callback.py", "verify"),
        ("  record_upload (lock, image, link)", "bff/capture/uploads.py", "record_upload"),
        ("    consent re-check (grant + birth date)", "bff/capture/gate.py", "capture_allowed"),
        ("    audit event (audit.record)", "bff/audit/service.py", "record"),
        ("answer (marshmallow dump)", "marshmallow/schema.py", "dump"),
        ("COMMIT (after_request)", "bff/db.py", "_finish_transaction"),
        ("    outbox row (outbox.emit)", "jobs/outbox.py", "emit"),
        ("  RQ enqueue after commit (outbox fast path)", "jobs/outbox.py", "_hand_off"),
        ("JSON access log", "bff/logs.py", "_finish"),
    ],
}


# ---------------------------------------------------------------- callbacks, signed as OSS does
_SIGNER: dict[str, Any] = {}


def _init_signer(key_path: str) -> None:
    from cryptography.hazmat.primitives import serialization

    _SIGNER["key"] = serialization.load_pem_private_key(Path(key_path).read_bytes(), None)


def callback_body(bucket: str, key: str, size: int, content_type: str, etag: str, ticket: str) -> str:
    """The body OSS renders from uploads.CALLBACK_BODY: each ${var} URL-encoded."""
    return (f"bucket={quote(bucket, safe='')}&object={quote(key, safe='')}&size={size}"
            f"&mimeType={quote(content_type, safe='')}&etag={quote(etag, safe='')}&ticket={quote(ticket, safe='')}")


def sign_callback(body: str, path: str = CALLBACK_PATH) -> str:
    """base64(RSA PKCS#1 v1.5 / MD5) over ``path + "\\n" + body`` (no query string here)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15

    signature = _SIGNER["key"].sign(path.encode() + b"\n" + body.encode(), PKCS1v15(), hashes.MD5())  # noqa: S303
    return base64.b64encode(signature).decode()


def _sign_one(body: str) -> str:
    return f"{sign_callback(body)}\t{body}"


# ---------------------------------------------------------------- the benchmark
@dataclass
class Slot:
    """One client of a store with its capture session: what a policy request names."""

    store_id: int
    store: str
    owner: int
    client_id: int
    client: str
    session_id: int
    session: str


@dataclass
class Target:
    name: str
    peak: dict[str, LoadResult] = field(default_factory=dict)
    half: dict[str, LoadResult] = field(default_factory=dict)
    memory: list[tuple[str, int, int, int | None]] = field(default_factory=list)
    # endpoint -> [(label, result, ticket public ids sent (callback) or [])]
    runs: dict[str, list[tuple[str, LoadResult, list[str]]]] = field(default_factory=dict)
    checks: dict[str, Any] = field(default_factory=dict)


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        from bff.config import Settings

        self.args = args
        self.t0 = time.monotonic()
        self.stack = contextlib.ExitStack()
        self.tmp = Path(tempfile.mkdtemp(prefix="bench_uploads_"))
        self.db_name = f"mirror_bench_{uuid.uuid4().hex[:10]}"
        self.db_url = f"mysql+pymysql://root@{args.mysql_host}:{args.mysql_port}/{self.db_name}"
        self.redis_url = f"redis://{HOST}:6379/{args.redis_db}"
        self.jwt_key = secrets.token_urlsafe(48)
        self.defaults = Settings(env="test")
        self.cpu = harness.last_cpu()
        self.capture = harness.Capture()
        self.rng = random.Random(args.seed)
        self.slots: list[Slot] = []
        self.sessions: dict[int, str] = {}  # owner user id -> auth session public id
        self.owner_pids: dict[int, str] = {}
        self.tickets: dict[str, str] = {}  # ticket public id -> signed callback line (sent ones)
        self.key_port = free_port()
        self.results: dict[str, Target] = {}
        self.image_pages: dict[str, Any] = {}
        self.sql: dict[str, Any] = {}
        self.profile: dict[str, list[tuple[str, float, float]]] = {}  # endpoint -> (label, ms/req, share)
        self.signer: Any = None
        self.half: dict[str, float] = {}
        self.gconf = ""

    def __enter__(self) -> Bench:
        self.stack.callback(shutil.rmtree, self.tmp, True)
        self.stack.callback(self.capture.stop)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stack.close()

    def log(self, msg: str) -> None:
        print(f"[{time.monotonic() - self.t0:6.1f}s] {msg}", flush=True)

    def env(self) -> dict[str, str]:
        d = self.defaults
        return harness.clean_env(
            MIRROR_ENV="test", MIRROR_DATABASE_URL=self.db_url, MIRROR_REDIS_URL=self.redis_url,
            MIRROR_LOG_LEVEL="WARNING", MIRROR_SECRET_KEY=self.jwt_key, MIRROR_JWT_ISSUER=d.jwt_issuer,
            MIRROR_JWT_AUDIENCE=d.jwt_audience, MIRROR_ACCESS_TOKEN_TTL=str(d.access_token_ttl),
            MIRROR_OSS_ENDPOINT=d.oss_endpoint, MIRROR_OSS_BUCKET=d.oss_bucket, MIRROR_OSS_REGION=d.oss_region,
            MIRROR_OSS_ACCESS_KEY_ID=d.oss_access_key_id,
            MIRROR_OSS_ACCESS_KEY_SECRET=d.oss_access_key_secret.get_secret_value(),
            MIRROR_UPLOAD_POLICY_TTL=str(d.upload_policy_ttl), MIRROR_UPLOAD_MAX_BYTES=str(d.upload_max_bytes),
            MIRROR_PUBLIC_BASE_URL=d.public_base_url, MIRROR_MINOR_AGE=str(d.minor_age),
            MIRROR_OSS_PUB_KEY_OVERRIDES=json.dumps({PUB_KEY_URL: self.key_url()}),
            BENCH_OSS_PUB_KEYS=json.dumps({PUB_KEY_URL: str(OSS_KEYS / "callback_pub_key_v1.pem")}),
            **harness.seeded_data_secrets())

    def key_url(self) -> str:
        return f"http://{HOST}:{self.key_port}{PUB_KEY_ROUTE}"

    def settings(self):  # type: ignore[no-untyped-def]
        """The app's settings as the gunicorn targets get them (for the in-process pieces)."""
        settings = seed_clients.app_settings(self.db_url)
        return settings.model_copy(update={"secret_key": type(settings.secret_key)(self.jwt_key),
                                           "redis_url": self.redis_url,
                                           "oss_pub_key_overrides": {PUB_KEY_URL: self.key_url()}})

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
        self.seed()
        cmd = [str(harness.BIN / "python"), "-m", "sandbox.oss", "--host", HOST, "--port", str(self.key_port),
               "--storage-dir", str(self.tmp / "oss")]
        keys = harness.Server("pubkey", cmd, self.env(), self.tmp / "pubkey.log")
        self.stack.callback(keys.stop)
        keys.wait_http(self.key_url())
        self.log(f"callback public key served at {self.key_url()} (python -m sandbox.oss)")
        ctx = mp.get_context("fork")
        self.signer = ctx.Pool(os.cpu_count() or 1, _init_signer, (str(OSS_KEYS / "callback_private_key.pem"),))
        self.stack.callback(self.signer.terminate)
        _init_signer(str(OSS_KEYS / "callback_private_key.pem"))

    def seed(self) -> None:
        """Owners and stores, clients, consent records + capture grants, capture sessions, auth sessions."""
        from bff.clients import crypto
        from models.base import new_public_id

        a = self.args
        started = time.monotonic()
        now = datetime.now(UTC)
        naive = now.replace(tzinfo=None, microsecond=0)
        settings = seed_clients.app_settings(self.db_url)
        surnames, weights = seed_clients.surname_table()
        with seed_clients.crypto_app(settings).app_context(), contextlib.closing(
                pymysql.connect(**harness.mysql_args(self.db_url), autocommit=False)) as conn:
            stores = seed_clients.seed_owners(conn, settings, a.stores, self.rng, now)
            with conn.cursor() as cur:
                cur.execute("SELECT id, public_id FROM users")
                self.owner_pids = dict(cur.fetchall())
                cur.execute("SELECT COALESCE(MAX(id), 0) FROM clients")
                next_client = cur.fetchone()[0] + 1
            clients, records, heads, grants, sessions, auth = [], [], [], [], [], []
            record_id = session_id = 0
            for store_id, store_pid, owner in stores:
                sid = new_public_id()
                auth.append((owner, naive, sid))
                self.sessions[owner] = sid
                prev = "0" * 64
                for seq in range(1, a.clients_per_store + 1):
                    client_id, client_pid = next_client, new_public_id()
                    next_client += 1
                    row = SimpleNamespace(public_id=client_pid)
                    name = self.rng.choices(surnames, weights)[0] + self.rng.choice(seed_clients.GIVEN_FEMALE)
                    birth = (date(1960, 1, 1) + timedelta(days=self.rng.randrange(40 * 365))).isoformat() \
                        if self.rng.random() < 0.7 else None  # adults only: no guardian needed
                    crypto.seal(row, "name", name)
                    crypto.seal(row, "birth_date", birth)
                    clients.append((client_id, client_pid, store_id, row.name_enc, row.birth_date_enc, "female",
                                    "active", owner, naive, naive))
                    record_id += 1
                    record_pid = new_public_id()
                    # Placeholder chain hashes: the runs never verify the consent chain.
                    digest = hashlib.sha256(f"{prev}|{record_pid}".encode()).hexdigest()
                    records.append((record_id, record_pid, store_id, seq, "grant", client_id,
                                    json.dumps(["capture", "analysis"]), owner, "client", 0, naive, prev, digest))
                    prev = digest
                    grants.append((store_id, client_id, "capture", 1, 0, record_id, naive))
                    session_id += 1
                    session_pid = new_public_id()
                    sessions.append((session_id, session_pid, store_id, client_id, owner, "phone_camera",
                                     json.dumps({"camera_model": "iPhone 15 Pro"}), "standard",
                                     json.dumps({"exposure": "auto", "white_balance": "auto",
                                                 "resolution": "4032x3024"}), PROTOCOL, json.dumps(VIEWS), naive))
                    self.slots.append(Slot(store_id, store_pid, owner, client_id, client_pid, session_id, session_pid))
                heads.append((store_id, a.clients_per_store, prev))
            store_slots: dict[int, list[Slot]] = {}
            for slot in self.slots:
                store_slots.setdefault(slot.store_id, []).append(slot)
            images, image_tags = [], []
            for store_id, slots in store_slots.items():
                for n in range(IMAGES_PER_STORE):
                    s = self.rng.choice(slots)
                    view = VIEWS[n % len(VIEWS)]
                    pid = new_public_id()
                    images.append((pid, store_id, s.client_id, "photo", s.session_id, view["view"], view["region"],
                                   "ready", f"stores/{s.store}/clients/{s.client}/images/{pid}/original.jpg",
                                   "image/jpeg", 2_000_000, hashlib.sha256(pid.encode()).hexdigest(), 3024, 4032,
                                   s.owner, naive))
                    image_tags.append((store_id, pid, ("术前", "术后", "复诊")[n % 3]))
            with conn.cursor() as cur:
                cur.executemany("INSERT INTO auth_sessions (user_id, created_at, public_id) VALUES (%s,%s,%s)", auth)
                cur.executemany("INSERT INTO clients (id, public_id, store_id, name_enc, birth_date_enc, gender, "
                                "status, created_by, created_at, updated_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                                clients)
                cur.executemany("INSERT INTO consent_records (id, public_id, store_id, seq, kind, client_id, scopes, "
                                "actor_user_id, actor_role, minor, occurred_at, prev_hash, hash) "
                                "VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", records)
                cur.executemany("INSERT INTO consent_chain_heads (store_id, last_seq, last_hash) VALUES (%s,%s,%s)",
                                heads)
                cur.executemany("INSERT INTO consent_grants (store_id, client_id, scope, active, guardian, "
                                "granted_record_id, updated_at) VALUES (%s,%s,%s,%s,%s,%s,%s)", grants)
                cur.executemany("INSERT INTO capture_sessions (id, public_id, store_id, client_id, consultant_id, "
                                "device_kind, device, light_mode, settings, protocol, views, started_at) "
                                "VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", sessions)
                cur.executemany("INSERT INTO images (public_id, store_id, client_id, purpose, session_id, view, "
                                "region, "
                                "status, object_key, content_type, size, sha256, width, height, uploaded_by, "
                                "captured_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", images)
                cur.executemany("INSERT INTO image_tags (image_id, store_id, tag) SELECT id, %s, %s FROM images "
                                "WHERE public_id = %s", [(st, tag, pid) for st, pid, tag in image_tags])
            conn.commit()
        self.log(f"seeded {a.stores} stores + owners, {len(clients)} clients with a capture grant and a capture "
                 f"session each ({len(VIEWS)} views), {len(images)} ready images in "
                 f"{time.monotonic() - started:.1f}s")

    def tokens(self) -> dict[int, str]:
        """Fresh access tokens (TTL 15 min) for every owner's auth session."""
        from bff.security.tokens import TokenService

        issuer = TokenService(self.settings())
        return {owner: issuer.issue("access", subject=self.owner_pids[owner], session_id=sid).token
                for owner, sid in self.sessions.items()}

    # -- request items ---------------------------------------------------
    def policy_items(self, label: str) -> tuple[Path, list[str]]:
        tokens = self.tokens()
        lines = []
        for _ in range(max(self.args.pool, len(self.slots))):
            s = self.rng.choice(self.slots)
            body = json.dumps({"client_id": s.client, "session_id": s.session, "view": self.rng.choice(VIEWS)["view"],
                               "content_type": self.rng.choice(CONTENT_TYPES)}, separators=(",", ":"))
            lines.append(f"{tokens[s.owner]}\t{s.store}\t{body}")
        path = self.tmp / f"policy_{label}.txt"
        path.write_text("\n".join(lines) + "\n")
        return path, []

    def images_items(self, label: str) -> Path:
        tokens = self.tokens()
        lines = [f"{tokens[s.owner]}\t{s.store}" for s in self.rng.choices(self.slots, k=max(self.args.pool, 1))]
        path = self.tmp / f"images_{label}.txt"
        path.write_text("\n".join(lines) + "\n")
        return path

    def callback_items(self, count: int, label: str) -> tuple[Path, list[str]]:
        """``count`` fresh tickets (inserted now) and their callbacks, signed as OSS signs them."""
        from models.base import new_public_id

        started = time.monotonic()
        now = datetime.now(UTC).replace(tzinfo=None)
        d = self.defaults
        rows, bodies, pids = [], [], []
        for _ in range(count):
            s = self.rng.choice(self.slots)
            view = self.rng.choice(VIEWS)
            content_type = self.rng.choice(CONTENT_TYPES)
            pid = new_public_id()
            key = f"stores/{s.store}/clients/{s.client}/images/{pid}/original.{EXTENSIONS[content_type]}"
            rows.append((pid, s.store_id, s.client_id, "photo", s.session_id, view["view"], view["region"],
                         content_type, key, d.upload_max_bytes, s.owner, now,
                         now + timedelta(seconds=d.upload_policy_ttl)))
            etag = '"' + secrets.token_hex(16).upper() + '"'
            bodies.append(callback_body(d.oss_bucket, key, self.rng.randint(300_000, 6_000_000), content_type,
                                        etag, pid))
            pids.append(pid)
        with contextlib.closing(self.db()) as conn, conn.cursor() as cur:
            for i in range(0, len(rows), 2000):
                cur.executemany("INSERT INTO upload_tickets (public_id, store_id, client_id, purpose, session_id, "
                                "view, region, content_type, object_key, max_bytes, issued_to, issued_at, expires_at) "
                                "VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", rows[i:i + 2000])
        lines = self.signer.map(_sign_one, bodies, chunksize=256)
        self.tickets.update(zip(pids, lines, strict=True))
        path = self.tmp / f"callback_{label}.txt"
        path.write_text("\n".join(lines) + "\n")
        self.log(f"  {count} tickets inserted + callbacks signed for {label} ({time.monotonic() - started:.1f}s)")
        return path, pids

    # -- the app's SQL, in-process -----------------------------------------
    def capture_app_sql(self) -> None:
        """One policy and one callback through the app in-process: statements and answers checked."""
        from sqlalchemy import event

        from bff.app import create_app

        app = create_app(self.settings())
        engine = app.extensions["mirror.db"].engine
        log: list[str] = []

        @event.listens_for(engine, "before_cursor_execute")
        def _record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
            log.append(statement)

        http = app.test_client()
        tokens = self.tokens()
        for attempt in ("warm-up", "captured"):  # the first request also loads the keyring, the public key...
            s = self.rng.choice(self.slots)
            log.clear()
            res = http.post(f"/api/v1/stores/{s.store}/uploads", headers={"Authorization": f"Bearer {tokens[s.owner]}"},
                            json={"client_id": s.client, "session_id": s.session, "view": VIEWS[0]["view"],
                                  "content_type": "image/jpeg"})
            if res.status_code != 201:
                raise RuntimeError(f"app policy ({attempt}): HTTP {res.status_code} {res.get_json()}")
            policy_sql, form = list(log), res.get_json()
            self.check_form("app", form)
            body = callback_body(self.defaults.oss_bucket, form["object_key"], 123_456, "image/jpeg",
                                 '"' + "A" * 32 + '"', form["ticket_id"])
            headers = {"Authorization": sign_callback(body), "Content-Type": "application/x-www-form-urlencoded",
                       "x-oss-pub-key-url": base64.b64encode(PUB_KEY_URL.encode()).decode()}
            log.clear()
            res = http.post(CALLBACK_PATH, data=body, headers=headers)
            if res.status_code != 200:
                raise RuntimeError(f"app callback ({attempt}): HTTP {res.status_code} {res.get_data(as_text=True)}")
            callback_sql, callback_answer = list(log), res.get_json()
            log.clear()
            res = http.get(f"/api/v1/stores/{s.store}/images?limit=20",
                           headers={"Authorization": f"Bearer {tokens[s.owner]}"})
            if res.status_code != 200 or len(res.get_json()["items"]) != 20:
                raise RuntimeError(f"app images ({attempt}): HTTP {res.status_code} {res.get_data(as_text=True)}")
            self.sql = {"policy": policy_sql, "callback": callback_sql, "images": list(log),
                        "answers": {"policy": form, "callback": callback_answer, "images": res.get_json()}}
        if self.args.profile:
            self.profile_app(http, tokens)
        engine.dispose()
        for kind in ENDPOINTS:
            self.log(f"app SQL per {kind} (captured in-process, + COMMIT): {len(self.sql[kind])} statements")

    def profile_app(self, http: Any, tokens: dict[int, str]) -> None:
        """--profile requests of each kind in-process under cProfile: where the app's time goes.

        cProfile is deterministic and inflates Python-heavy code (ORM) against C code
        (crypto): read the shares as an order of magnitude, not as figures to compare with
        the load runs."""
        import cProfile
        import pstats

        n = self.args.profile
        policies = [(s, self.rng.choice(VIEWS)["view"]) for s in self.rng.choices(self.slots, k=n)]
        path, _ = self.callback_items(n, "profile")
        callbacks = [line.split("\t", 1) for line in path.read_text().splitlines()]
        pub = base64.b64encode(PUB_KEY_URL.encode()).decode()

        def policy() -> None:
            for s, view in policies:
                body = {"client_id": s.client, "session_id": s.session, "view": view, "content_type": "image/jpeg"}
                r = http.post(f"/api/v1/stores/{s.store}/uploads",
                              headers={"Authorization": f"Bearer {tokens[s.owner]}"}, json=body)
                if r.status_code != 201:
                    raise RuntimeError(f"profile policy: HTTP {r.status_code} {r.get_json()}")

        def callback() -> None:
            for signature, body in callbacks:
                r = http.post(CALLBACK_PATH, data=body, headers={
                    "Authorization": signature, "Content-Type": "application/x-www-form-urlencoded",
                    "x-oss-pub-key-url": pub})
                if r.status_code != 200:
                    raise RuntimeError(f"profile callback: HTTP {r.status_code} {r.get_data(as_text=True)}")

        for endpoint, run in (("policy", policy), ("callback", callback)):
            profiler = cProfile.Profile()
            profiler.runcall(run)
            stats = pstats.Stats(profiler).stats  # (file, line, function) -> (cc, nc, tt, ct, callers)

            def cumulative(suffix: str, names: Any, stats: dict = stats) -> float:
                names = (names,) if isinstance(names, str) else names
                return sum(v[3] for (file, _, fn), v in stats.items()
                           if fn in names and file.replace("\\", "/").endswith(suffix))

            total = cumulative("flask/app.py", "wsgi_app")
            rows = [("request (Flask wsgi_app)", total, 1.0)]
            rows += [(label, cumulative(suffix, names), cumulative(suffix, names) / total if total else 0.0)
                     for label, suffix, names in PROFILE_ROWS[endpoint]]
            self.profile[endpoint] = [(label, 1000 * t / n, share) for label, t, share in rows]
            self.log(f"  profiled {n} {endpoint} requests in-process (cProfile): "
                     f"{1000 * total / n:.2f} ms per request under the profiler")

    def check_form(self, who: str, form: dict[str, Any]) -> None:
        """The answer is a PostObject form whose V4 signature verifies and whose policy pins the key."""
        from bff.integrations.oss import v4_signing_key

        d = self.defaults
        fields = form["form_data"]
        policy = json.loads(base64.b64decode(fields["policy"]))
        date_ = fields["x-oss-date"][:8]
        key = v4_signing_key(d.oss_access_key_secret.get_secret_value(), date_, d.oss_region)
        good = hmac.compare_digest(hmac.new(key, fields["policy"].encode(), hashlib.sha256).hexdigest(),
                                   fields["x-oss-signature"])
        pinned = ["eq", "$key", form["object_key"]] in policy["conditions"]
        expires = datetime.strptime(policy["expiration"], "%Y-%m-%dT%H:%M:%S.000Z").replace(tzinfo=UTC)
        short = expires - datetime.now(UTC) <= timedelta(seconds=300)
        if not (good and pinned and short and fields.get("key") == form["object_key"]):
            raise RuntimeError(f"{who}: bad PostObject form (signature {good}, key pinned {pinned}, "
                               f"expiry <= 5 min {short}): {form}")

    # -- runs ----------------------------------------------------------
    def wrk(self, server: harness.Server, url: str, endpoint: str, items: Path, duration: float,
            rate: float | None, label: str) -> LoadResult:
        a = self.args
        lua = {"policy": POLICY_LUA, "images": IMAGES_LUA}.get(endpoint, CALLBACK_LUA)
        lua = lua.replace("__PATH__", CALLBACK_PATH).replace(
            "__PUBKEY__", base64.b64encode(PUB_KEY_URL.encode()).decode())
        lua = lua.replace("__CLOSE__", "" if a.keepalive else ', ["Connection"] = "close"')
        script = self.tmp / f"wrk_{label}.lua"
        script.write_text(harness.wrk_script(lua, threads=1, rate=rate, expect_status=EXPECT[endpoint]))
        meter = CpuMeter({"target": lambda: [server.proc.pid, *children_of(server.proc.pid)],
                          "mariadb": lambda: pids_named("mariadbd", "mysqld"),
                          "redis": lambda: pids_named("redis-server")})
        cmd = [*harness.pin_prefix(self.cpu), "wrk", "-t1", "-c", str(a.connections), "-d", f"{duration:g}s",
               "--timeout", "10s", "-s", str(script), url, "--", str(items), "1"]
        before = self.db_status()
        out = self.capture(cmd, timeout=duration + 60)
        after = self.db_status()
        res = harness.parse_wrk(out)
        for k in before:  # server-wide counters: other users of this MariaDB count too
            res.extra[k] = (after[k] - before[k]) / res.requests if res.requests else 0.0
        res.extra["unexpected"] = res.detail["unexpected"]
        res.errors = max(res.errors, res.extra["unexpected"] + res.errors - res.non2xx)
        res.cpu = meter.stop()
        res.worker_cpu = [round(x, 1) for x in meter.shares[1:]]
        return res

    def db_status(self) -> dict[str, int]:
        names = {"Questions": "queries", "Com_select": "selects", "Com_insert": "inserts", "Com_update": "updates",
                 "Com_commit": "commits", "Innodb_row_lock_waits": "lock_waits"}
        with contextlib.closing(self.db()) as conn, conn.cursor() as cur:
            cur.execute("SHOW GLOBAL STATUS WHERE Variable_name IN ({})".format(  # noqa: S608
                ",".join(["%s"] * len(names))), list(names))
            return {names[k]: int(v) for k, v in cur.fetchall()}

    def run_once(self, target: Target, server: harness.Server, url: str, endpoint: str, label: str, duration: float,
                 expected_rps: float, rate: float | None = None) -> LoadResult:
        runs = target.runs.setdefault(endpoint, [])
        tag = f"{target.name}-{endpoint}-{label}"
        if endpoint in ("policy", "images"):
            items = self.policy_items(tag)[0] if endpoint == "policy" else self.images_items(tag)
            res = self.wrk(server, url, endpoint, items, duration, rate, tag)
            runs.append((label, res, []))
            return res
        need = int(expected_rps * duration * (1.1 if rate else 1.5)) + 4 * self.args.connections
        for attempt in (1, 2):
            items, pids = self.callback_items(need, tag)
            res = self.wrk(server, url, endpoint, items, duration, rate, tag)
            runs.append((label, res, pids))
            if res.sent <= need:
                return res
            self.log(f"  {tag}: {res.sent} requests for {need} tickets (repeats)"
                     + ("; rerunning with more" if attempt == 1 else "; figures include repeats"))
            need = int(res.sent * 1.3)
        return res

    def start(self, name: str) -> tuple[harness.Server, str]:
        a = self.args
        env = harness.gunicorn_env(self.env(), free_port(), workers=a.workers, threads=a.threads,
                                   worker_class=a.worker_class)
        spec, pp = (("floor_uploads:app", str(ROOT / "benchmarks")) if name == "floor"
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

    def run_target(self, name: str) -> Target:
        a = self.args
        t = self.results[name] = Target(name)
        server, url = self.start(name)
        self.smoke(name, url)
        for endpoint in ENDPOINTS:
            before = self.count_tickets() if endpoint == "policy" else 0
            warm = self.run_once(t, server, url, endpoint, "warmup", a.warmup, 800)
            self.log(f"  {name} {endpoint} warm-up: {fmt(warm)}")
            peak = t.peak[endpoint] = self.run_once(t, server, url, endpoint, "peak", a.duration, warm.rps * 1.3)
            self.log(f"  {name} {endpoint} peak: {fmt(peak)}; unexpected {peak.extra['unexpected']}; "
                     f"worker CPU % {peak.worker_cpu}")
            rate = self.half.setdefault(endpoint, peak.rps / 2)
            half = t.half[endpoint] = self.run_once(t, server, url, endpoint, "half", a.duration, rate, rate=rate)
            self.log(f"  {name} {endpoint} @ {rate:.0f}/s: {fmt(half)}; unexpected {half.extra['unexpected']}")
            if endpoint == "policy":
                self.check_policy(t, before)
        self.check_callbacks(t, url)
        t.checks["images"] = {"200 answered": sum(r.requests - r.extra["unexpected"] for _, r, _ in t.runs["images"]),
                              "unexpected statuses": sum(r.extra["unexpected"] for _, r, _ in t.runs["images"])}
        t.memory = server.memory()
        server.stop()
        self.log(f"  {name} checks: {t.checks}")
        return t

    def smoke(self, name: str, url: str) -> None:
        """One policy and its callback over HTTP: the target answers as the app does."""
        s = self.slots[0]
        res = requests.post(f"{url}/api/v1/stores/{s.store}/uploads", timeout=10,
                            headers={"Authorization": f"Bearer {self.tokens()[s.owner]}"},
                            json={"client_id": s.client, "session_id": s.session, "view": VIEWS[1]["view"],
                                  "content_type": "image/png"})
        if res.status_code != 201:
            raise RuntimeError(f"{name} policy: HTTP {res.status_code} {res.text}")
        form = res.json()
        self.check_form(name, form)
        if self.sql and set(form) != set(self.sql["answers"]["policy"]):
            self.log(f"  WARNING {name} policy answer keys differ from the app's: {sorted(form)}")
        body = callback_body(self.defaults.oss_bucket, form["object_key"], 4321, "image/png", '"' + "B" * 32 + '"',
                             form["ticket_id"])
        res = requests.post(f"{url}{CALLBACK_PATH}", data=body, timeout=10, headers={
            "Authorization": sign_callback(body), "Content-Type": "application/x-www-form-urlencoded",
            "x-oss-pub-key-url": base64.b64encode(PUB_KEY_URL.encode()).decode()})
        if res.status_code != 200:
            raise RuntimeError(f"{name} callback: HTTP {res.status_code} {res.text}")
        res = requests.get(f"{url}/api/v1/stores/{s.store}/images?limit=20", timeout=10,
                           headers={"Authorization": f"Bearer {self.tokens()[s.owner]}"})
        if res.status_code != 200:
            raise RuntimeError(f"{name} images: HTTP {res.status_code} {res.text}")
        page = res.json()
        self.image_pages[name] = page
        if name != "app" and "app" in self.image_pages:
            app_page = self.image_pages["app"]
            if page["items"] != app_page["items"] or page["next_cursor"] != app_page["next_cursor"]:
                self.log(f"  WARNING {name} image page differs from the app's: {page['items'][:1]} vs "
                         f"{app_page['items'][:1]}")
            else:
                self.log(f"  {name} image page: the same {len(page['items'])} items and cursor as the app's")

    # -- consistency -----------------------------------------------------
    def count_tickets(self) -> int:
        with contextlib.closing(self.db()) as conn, conn.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM upload_tickets")
            return cur.fetchone()[0]

    def check_policy(self, t: Target, before: int) -> None:
        """Every 201 recorded one ticket (requests in flight when wrk stopped may add a few)."""
        runs = t.runs["policy"]
        answered = sum(r.requests - r.extra["unexpected"] for _, r, _ in runs)
        sent = sum(r.sent for _, r, _ in runs)
        created = self.count_tickets() - before
        t.checks["policy"] = {"201 answered": answered, "requests sent": sent, "tickets created": created,
                              "verdict": "OK" if answered <= created <= sent else "PROBLEM"}

    def check_callbacks(self, t: Target, url: str) -> None:
        """Exactly one image per accepted callback; a replayed callback changes nothing."""
        runs = t.runs["callback"]
        answered = sum(r.requests - r.extra["unexpected"] for _, r, _ in runs)
        sent = [pid for _, r, pids in runs for pid in pids[:r.sent]]
        with contextlib.closing(self.db()) as conn, conn.cursor() as cur:
            cur.execute("CREATE TEMPORARY TABLE sent_tickets (pid VARCHAR(32) PRIMARY KEY)")
            for i in range(0, len(sent), 5000):
                cur.executemany("INSERT INTO sent_tickets VALUES (%s)", [(p,) for p in sent[i:i + 5000]])

            def one(sql: str) -> int:
                cur.execute(sql)
                return int(cur.fetchone()[0])

            base = "FROM sent_tickets s JOIN upload_tickets t ON t.public_id = s.pid"
            c: dict[str, Any] = {
                "200 answered": answered,
                "callbacks sent": len(sent),
                "sent tickets with an image": one(f"SELECT COUNT(*) {base} WHERE t.image_id IS NOT NULL"),  # noqa: S608
                "images of sent tickets": one(f"SELECT COUNT(*) {base} JOIN images i ON i.object_key = t.object_key"),  # noqa: S608
                "images not linked back": one(
                    f"SELECT COUNT(*) {base} JOIN images i ON i.object_key = t.object_key "  # noqa: S608
                    "WHERE t.image_id IS NULL OR t.image_id <> i.id"),
                "object keys with >1 image": one("SELECT COUNT(*) FROM (SELECT object_key FROM images "
                                                 "GROUP BY object_key HAVING COUNT(*) > 1) d"),
                "images without a ticket": one("SELECT COUNT(*) FROM images i LEFT JOIN upload_tickets t "
                                               "ON t.image_id = i.id WHERE t.id IS NULL"),
            }
            cur.execute(f"SELECT t.public_id, i.public_id {base} JOIN images i ON i.id = t.image_id "  # noqa: S608
                        "ORDER BY RAND() LIMIT %s", (self.args.replays,))
            replay = cur.fetchall()
            images_before = one("SELECT COUNT(*) FROM images")
        same = 0
        pub = base64.b64encode(PUB_KEY_URL.encode()).decode()
        for ticket, image in replay:
            signature, body = self.tickets[ticket].split("\t", 1)
            res = requests.post(f"{url}{CALLBACK_PATH}", data=body, timeout=10, headers={
                "Authorization": signature, "Content-Type": "application/x-www-form-urlencoded",
                "x-oss-pub-key-url": pub})
            same += res.status_code == 200 and image in res.text
        with contextlib.closing(self.db()) as conn, conn.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM images")
            images_after = cur.fetchone()[0]
        c["replays answered 200 naming the same image"] = f"{same}/{len(replay)}"
        c["images created by replays"] = images_after - images_before
        ok = (c["sent tickets with an image"] == c["images of sent tickets"] and c["images not linked back"] == 0
              and c["object keys with >1 image"] == 0 and answered <= c["images of sent tickets"] <= len(sent)
              and same == len(replay) and images_after == images_before)
        c["verdict"] = "OK" if ok else "PROBLEM"
        t.checks["callback"] = c

    # -- the whole run -------------------------------------------------
    def run(self) -> None:
        a = self.args
        self.log(f"machine: {os.cpu_count()} CPUs; wrk -t1 -c{a.connections} "
                 f"{'keep-alive' if a.keepalive else 'Connection: close'}, pinned to CPU {self.cpu}")
        self.setup()
        self.capture_app_sql()
        conf = harness.resolved_gunicorn_config(harness.gunicorn_env(self.env(), 1, workers=a.workers,
                                                                     threads=a.threads, worker_class=a.worker_class))
        self.gconf = harness.describe_gunicorn(conf)
        self.log(f"gunicorn (deploy/gunicorn.conf.py) for both: {self.gconf}")
        self.run_target("app")
        self.run_target("floor")
        self.report()

    # -- output --------------------------------------------------------
    def report(self) -> None:
        app, floor = self.results["app"], self.results["floor"]
        a = self.args
        print()
        print("=" * 110)
        print(f"bench_uploads — {os.cpu_count()} CPUs, wrk -t1 -c{a.connections}, "
              f"{'keep-alive' if a.keepalive else 'a new connection per request'}; {a.duration:g}s runs; "
              f"{a.stores} stores x {a.clients_per_store} clients")
        print(f"gunicorn (same for both): {self.gconf}, max_requests=0")
        print("policy   = POST /api/v1/stores/<id>/uploads -> 201 PostObject V4 form (consent-gated)")
        print("callback = POST /api/v1/oss/callback (RSA/MD5-signed) -> image row, ticket linked, job enqueued")
        print("images   = GET /api/v1/stores/<id>/images?limit=20 -> the first page of ready images")
        print("floor    = Flask + PyMySQL: same checks, same rows, same answer (floor_uploads.py)")
        for endpoint in ENDPOINTS:
            print()
            print(f"[{endpoint}]  {'req/s':>9}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'errors':>8}"
                  f"{'unexp.':>8}{'requests':>10}{'CPU ms/req':>12}{'other %':>9}")
            rows = [(f"peak {t.name}", t.peak[endpoint]) for t in (app, floor)]
            rows += [(f"@{self.half[endpoint]:.0f}/s {t.name}", t.half[endpoint]) for t in (app, floor)]
            for i, (label, r) in enumerate(rows):
                print(f"  {label:<18}{r.rps:>9.1f}{r.p50_ms:>9.2f}{r.p90_ms:>9.2f}{r.p99_ms:>9.2f}"
                      f"{r.errors:>8}{r.extra['unexpected']:>8}{r.requests:>10}{cpu_ms(r):>12.2f}"
                      f"{r.cpu.get('other', 0):>9.0f}")
                if i % 2:
                    x, y = rows[i - 1][1], r
                    print(f"  {'  app/floor':<18}{ratio(x.rps, y.rps) if i == 1 else '':>9}"
                          f"{ratio(x.p50_ms, y.p50_ms):>9}{ratio(x.p90_ms, y.p90_ms):>9}{ratio(x.p99_ms, y.p99_ms):>9}"
                          f"{'':>26}{ratio(cpu_ms(x), cpu_ms(y)):>12}")
        print()
        print("CPU during the run, % of one CPU, and CPU ms per request (target = gunicorn master + workers):")
        for endpoint in ENDPOINTS:
            for phase in ("peak", "half"):
                for t in (app, floor):
                    r = getattr(t, phase)[endpoint]
                    c = r.cpu
                    per = r.seconds * 10 / r.requests if r.requests else 0.0
                    print(f"  {endpoint:<9}{phase:<5}{t.name:<6}" + " ".join(
                        f"{k} {c.get(k, 0):5.1f}" for k in ("target", "mariadb", "redis", "loadgen", "other"))
                        + f" | ms/req target {c.get('target', 0) * per:5.2f} mariadb {c.get('mariadb', 0) * per:5.2f}"
                        + f" | workers {r.worker_cpu}")
        print()
        print("MariaDB per answered request (server-wide status deltas: other users of this MariaDB count too):")
        for endpoint in ENDPOINTS:
            for t in (app, floor):
                x = t.peak[endpoint].extra
                print(f"  {endpoint:<9}peak {t.name:<6}queries {x['queries']:5.1f}  select {x['selects']:4.1f}  "
                      f"insert {x['inserts']:4.1f}  update {x['updates']:4.1f}  commit {x['commits']:4.2f}  "
                      f"row-lock waits {x['lock_waits']:5.3f}")
        print()
        print("the app's SQL per request (captured in-process from its SQLAlchemy log; then COMMIT):")
        for endpoint in ENDPOINTS:
            print(f"  {endpoint}: {len(self.sql[endpoint])} statements")
            for i, sql in enumerate(self.sql[endpoint], 1):
                print(f"    {i:>2}. {short_sql(sql)}")
        if self.profile:
            print()
            print(f"where the app's time goes ({a.profile} requests of each kind in-process under cProfile, which "
                  "inflates Python-heavy code; shares of the request):")
            for endpoint in ENDPOINTS:
                for label, ms, share in self.profile.get(endpoint, []):
                    print(f"  {endpoint:<9}{label:<44}{ms:7.2f} ms {100 * share:5.1f} %"
                          + ("  (function not found: renamed?)" if not ms else ""))
        print()
        print("memory after the runs (kB): VmRSS / Pss")
        for t in (app, floor):
            print(f"  {t.name:<6}" + "; ".join(f"{role}[{pid}] {rss} / {pss}" for role, pid, rss, pss in t.memory))
        print()
        for t in (app, floor):
            print(f"{t.name} consistency after its runs:")
            for endpoint in ENDPOINTS:
                for k, v in t.checks[endpoint].items():
                    print(f"  {endpoint:<9}{k:<46}{v}")
        print("=" * 110)
        if a.json:
            Path(a.json).write_text(json.dumps({
                "half_rate": self.half, "sql": {k: self.sql[k] for k in ENDPOINTS}, "profile": self.profile,
                **{t.name: {"peak": {e: {**vars(r), "rps": r.rps} for e, r in t.peak.items()},
                            "half": {e: {**vars(r), "rps": r.rps} for e, r in t.half.items()},
                            "memory": t.memory, "checks": t.checks} for t in (app, floor)}}, indent=2, default=str))


def cpu_ms(r: LoadResult) -> float:
    """The target's CPU per answered request (robust to other users of the machine)."""
    return r.cpu.get("target", 0.0) * r.seconds * 10 / r.requests if r.requests else 0.0


def short_sql(sql: str) -> str:
    text = re.sub(r"\s+", " ", re.sub(r"%\(\w+\)s", "%s", sql)).strip()
    return text if len(text) <= 140 else re.sub(r"SELECT .*? FROM", "SELECT … FROM", text, count=1)[:200]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--duration", type=float, default=8, help="seconds per measured run (default 8)")
    p.add_argument("--warmup", type=float, default=2, help="seconds of warm-up per target and endpoint")
    p.add_argument("--connections", type=int, default=16)
    # Many owners: the app limits policy issuance to 60/minute per user (UPLOAD_RATE_LIMIT).
    p.add_argument("--stores", type=int, default=200, help="stores, one owner each (default 200)")
    p.add_argument("--clients-per-store", type=int, default=10)
    p.add_argument("--pool", type=int, default=20000, help="policy requests per items file (cycled)")
    p.add_argument("--replays", type=int, default=50, help="accepted callbacks sent again after the runs")
    p.add_argument("--profile", type=int, default=300,
                   help="requests of each kind profiled in-process with cProfile before the runs (0: none)")
    p.add_argument("--workers", type=int)
    p.add_argument("--threads", type=int)
    p.add_argument("--worker-class")
    p.add_argument("--keepalive", action=argparse.BooleanOptionalAction, default=False)
    p.add_argument("--app", default="wsgi:app", help="WSGI app to measure (e.g. a variant with a fix applied)")
    p.add_argument("--app-pythonpath", help="extra sys.path entry for --app")
    p.add_argument("--mysql-host", default=HOST)
    p.add_argument("--mysql-port", type=int, default=3306)
    p.add_argument("--redis-db", type=int, default=15)
    p.add_argument("--seed", type=int, default=20261122)
    p.add_argument("--json", metavar="PATH")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    harness.run(Bench, parse_args(argv))


if __name__ == "__main__":
    main()
