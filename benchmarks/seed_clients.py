#!/usr/bin/env python
"""Seed a MariaDB database with stores and client files for bench_clients.py.

    .venv/bin/python benchmarks/seed_clients.py \\
        --database-url mysql+pymysql://root@127.0.0.1:3306/bench_clients_1m --stores 1000 --clients 1000000

1. Creates the database if missing and gives it its schema with ``mirror migrate``
   (MIRROR_DATABASE_URL and the seeded-data keys of ``harness.seeded_data_secrets()``).
   Refuses a database that already holds clients, unless --reset (drop and recreate).
2. Owners: one per store: a user (phone bound: encrypted + blind-indexed like the app), a
   consultant profile, acceptances of the current legal documents; the store, its owner
   membership and the first event of its audit chain (``store.create``, hashed as the app does).
3. Clients, spread at random over the stores and created over three years (ids interleave
   across stores, as they would in production): Chinese names (surname by frequency, one or
   two given characters), unique mobile phones (95%), birth dates (70%), notes (30%), 0-3
   tags, 2% soft-deleted. Every personal field is sealed and every blind index computed by
   the app's own code: ``bff.clients.crypto.seal`` / ``phone_index`` / ``name_prefixes`` running
   under a minimal Flask app whose deps are the app's cipher
   (``bff.security.keyring.stored_cipher``: data key from ``data_keys``) and
   ``BlindIndexer.from_settings``. Multi-row INSERTs (PyMySQL ``executemany``), one
   transaction per batch, ``--workers`` processes.
4. ``ANALYZE TABLE`` (fresh index statistics for the optimizer), then checks through the
   app's HTTP API (in-process test client, a token from the app's TokenService) that seeded
   clients are found by phone and by name and decrypt to what was generated, and that the
   audit chains verify.

The keys are fixed and public (``harness.seeded_data_secrets``): synthetic data only.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import multiprocessing as mp
import os
import random
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

import pymysql

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

try:
    from tqdm import tqdm
except ImportError:  # a plain \r line instead
    tqdm = None

# --------------------------------------------------------------- generated content


def _words(text: str) -> list[str]:
    return text.split()


# Common surnames with their approximate share of the population (%), a few compound ones.
SURNAMES = _words(
    "王7.1 李7.0 张6.7 刘5.4 陈4.5 杨3.1 黄2.2 赵2.0 吴1.9 周1.9 徐1.3 孙1.2 马1.2 朱1.1 胡1.0 郭1.0 何0.9 "
    "林0.9 高0.9 罗0.9 郑0.8 梁0.7 谢0.6 宋0.6 唐0.6 许0.5 韩0.5 冯0.5 邓0.5 曹0.5 彭0.4 曾0.4 肖0.4 田0.4 "
    "董0.4 袁0.4 潘0.3 于0.3 蒋0.3 蔡0.3 余0.3 杜0.3 叶0.3 程0.3 苏0.3 魏0.3 吕0.3 丁0.3 任0.3 沈0.3 姚0.2 "
    "卢0.2 姜0.2 崔0.2 钟0.2 谭0.2 陆0.2 汪0.2 范0.2 金0.2 石0.2 廖0.2 贾0.2 夏0.2 韦0.2 付0.2 方0.2 白0.2 "
    "邹0.2 孟0.2 熊0.2 秦0.2 邱0.2 江0.2 尹0.2 薛0.2 闫0.2 段0.2 雷0.2 侯0.2 龙0.2 史0.2 陶0.1 黎0.1 贺0.1 "
    "顾0.1 毛0.1 郝0.1 龚0.1 邵0.1 万0.1 钱0.1 严0.1 覃0.1 武0.1 戴0.1 莫0.1 孔0.1 向0.1 汤0.1 "
    "欧阳0.05 司马0.02 上官0.02 诸葛0.02 东方0.02 慕容0.01"
)
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀玲桂英燕萍红洁琳婷雪慧颖倩欣怡佳月梅莉晶璐瑶琪悦妍思雨涵梓诗梦子晓文雅欢蕾薇露宁"
GIVEN_MALE = "伟强磊军洋勇杰涛明超刚辉鹏华飞斌宇浩凯健俊帆鑫博文"
CITIES = _words("上海 北京 广州 深圳 杭州 成都 南京 武汉 西安 苏州 重庆 长沙 天津 郑州 青岛 厦门 宁波 合肥 昆明 福州")
STREETS = _words("人民路 中山路 解放路 建设路 和平路 长江路 黄河路 南京路 文化路 新华路")
TAGS = ("VIP", "新客", "老客", "敏感肌", "抗衰", "祛斑", "补水", "高消费", "待回访", "转介绍")
SOURCES = ("walk_in", "referral", "wechat", "douyin", "meituan", "xiaohongshu", None)
NOTES = ("对酒精过敏，避免含酒精产品", "偏好周末下午到店", "皮肤偏干，冬季需加强补水", "上次护理后反馈良好",
         "预约需提前一天电话确认", "对价格敏感，关注套餐优惠", "朋友介绍，重视服务体验", "孕期，暂停部分项目",
         "希望改善黑眼圈和细纹", "季节性过敏，春季注意")
# Mobile prefixes that phonenumbers accepts for CN (checked on a sample at start).
PHONE_PREFIXES = _words("130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 "
                        "166 173 176 177 178 180 181 182 183 184 185 186 187 188 189 191 198 199")
PHONE_MULTIPLIER = 48271  # coprime to 10**8: index -> 8 digits is a bijection, so phones are unique
OWNER_PHONE_PREFIX = "170"  # owners' own phones; never a client prefix
CLIENT_SPAN = timedelta(days=3 * 365)


def surname_table() -> tuple[list[str], list[float]]:
    names, weights = [], []
    for entry in SURNAMES:
        split = next(i for i, c in enumerate(entry) if c.isdigit())
        names.append(entry[:split])
        weights.append(float(entry[split:]))
    return names, weights


def client_phone(index: int) -> str:
    """The national number of the ``index``-th client (unique for index < 10**8)."""
    prefix = PHONE_PREFIXES[index % len(PHONE_PREFIXES)]
    return f"{prefix}{(index * PHONE_MULTIPLIER + 12345) % 10**8:08d}"


def naive(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None)


# --------------------------------------------------------------- the app's crypto, outside a request
def app_settings(database_url: str):  # type: ignore[no-untyped-def]
    """The app's Settings for this database with the seeded-data keys (what bench_clients.py gives the app)."""
    from bff.config import Settings

    keys = harness.seeded_data_secrets()
    return Settings(env="test", database_url=database_url, field_keys=json.loads(keys["MIRROR_FIELD_KEYS"]),
                    field_primary_key=keys["MIRROR_FIELD_PRIMARY_KEY"],
                    blind_index_key=keys["MIRROR_BLIND_INDEX_KEY"], log_level="WARNING")


def crypto_app(settings):  # type: ignore[no-untyped-def]
    """A bare Flask app carrying the app's Deps, so ``bff.clients.crypto`` runs unchanged.

    Only the cipher (stored data keys, ``stored_cipher``) and the blind indexer are real;
    Redis and WeChat are not needed to seal or index.
    """
    from flask import Flask

    from bff.deps import Deps
    from bff.security.fields import BlindIndexer
    from bff.security.keyring import stored_cipher
    from bff.security.tokens import TokenService
    from models.session import make_engine, make_session_factory

    factory = make_session_factory(make_engine(settings.database_url, pooled=False))
    app = Flask("seed_clients")
    real = {"settings": settings, "tokens": TokenService(settings), "cipher": stored_cipher(factory, settings),
            "blind_index": BlindIndexer.from_settings(settings)}
    # Every other collaborator (Redis, WeChat...) stays None: sealing and indexing never touch them.
    app.extensions["mirror.deps"] = Deps(**{f.name: real.get(f.name) for f in dataclasses.fields(Deps)})
    return app


# --------------------------------------------------------------- owners and stores
def seed_owners(conn: pymysql.connections.Connection, settings: Any, count: int, rng: random.Random,
                now: datetime) -> list[tuple[int, str, int]]:
    """Owners, their stores and memberships; [(store id, store public id, owner user id)]."""
    from bff.audit.chain import GENESIS, event_hash
    from bff.clients import crypto  # noqa: F401 - imported for the same deps() lookups as clients
    from bff.deps import deps
    from bff.security.fields import aad_for
    from bff.users.service import PHONE_INDEX
    from models.base import new_public_id

    surnames, weights = surname_table()
    with conn.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM users")
        first_user = cur.fetchone()[0] + 1
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM stores")
        first_store = cur.fetchone()[0] + 1
        cur.execute("SELECT id FROM legal_documents WHERE id IN (SELECT MAX(id) FROM legal_documents "
                    "WHERE published_at <= UTC_TIMESTAMP(6) GROUP BY kind)")
        documents = [r[0] for r in cur.fetchall()]
    users, profiles, acceptances, stores, members, events, heads, out = [], [], [], [], [], [], [], []
    d = deps()
    for i in range(count):
        user_id, store_id = first_user + i, first_store + i
        user_pid, store_pid = new_public_id(), new_public_id()
        joined = naive(now - CLIENT_SPAN - timedelta(days=30) + timedelta(minutes=i))
        e164 = f"+86{OWNER_PHONE_PREFIX}{i:08d}"
        users.append((user_id, user_pid, f"bench-owner-{i:07d}", "active", None,
                      d.cipher.encrypt(e164, aad_for("users", "phone", user_pid)),
                      d.blind_index.index(PHONE_INDEX, e164), joined, joined, naive(now)))
        surname = rng.choices(surnames, weights)[0]
        city, street = rng.choice(CITIES), rng.choice(STREETS)
        display = surname + rng.choice(GIVEN_FEMALE) + rng.choice(GIVEN_FEMALE)
        store_name = f"{display[:1]}氏美学{city}{i + 1}号店"
        address = f"{city}市{street}{rng.randint(1, 999)}号"
        profiles.append((user_id, display, "beauty_consulting", store_name, city, address, joined, joined))
        acceptances += [(user_id, doc, joined, "127.0.0.1") for doc in documents]
        stores.append((store_id, store_pid, store_name, address, "beauty_salon", user_id, joined))
        members.append((store_id, user_id, "owner", joined))
        event = SimpleNamespace(chain_id=store_id, seq=1, occurred_at=joined.replace(tzinfo=UTC), actor_id=user_pid,
                                actor_role="owner", store_id=store_pid, action="store.create",
                                subject_type="store", subject_id=store_pid, purpose=None, result="ok",
                                request_id=None)
        digest = event_hash(event, GENESIS)
        events.append((store_id, 1, joined, user_pid, "owner", store_pid, "store.create", "store", store_pid,
                       None, "ok", None, GENESIS, digest))
        heads.append((store_id, 1, digest))
        out.append((store_id, store_pid, user_id))
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO users (id, public_id, openid, status, session_key_enc, phone_enc, phone_bidx, "
                        "phone_bound_at, created_at, last_login_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", users)
        cur.executemany("INSERT INTO consultant_profiles (user_id, display_name, industry, store_name, store_city, "
                        "store_address, adult_attested_at, registered_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
                        profiles)
        cur.executemany("INSERT INTO agreement_acceptances (user_id, document_id, accepted_at, client_ip) "
                        "VALUES (%s,%s,%s,%s)", acceptances)
        cur.executemany("INSERT INTO stores (id, public_id, name, address, business_category, created_by, "
                        "created_at) VALUES (%s,%s,%s,%s,%s,%s,%s)", stores)
        cur.executemany("INSERT INTO store_members (store_id, user_id, role, joined_at) VALUES (%s,%s,%s,%s)",
                        members)
        cur.executemany("INSERT INTO audit_events (chain_id, seq, occurred_at, actor_id, actor_role, store_id, "
                        "action, subject_type, subject_id, purpose, result, request_id, prev_hash, hash) "
                        "VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", events)
        cur.executemany("INSERT INTO audit_chain_heads (chain_id, last_seq, last_hash) VALUES (%s,%s,%s)", heads)
    conn.commit()
    return out


# --------------------------------------------------------------- clients (worker processes)
_W: dict[str, Any] = {}


def _worker_init(database_url: str, stores: list[tuple[int, str, int]], first_id: int, seed: int,
                 started: float) -> None:
    settings = app_settings(database_url)
    app = crypto_app(settings)
    ctx = app.app_context()
    ctx.push()
    conn = pymysql.connect(**harness.mysql_args(database_url), autocommit=False)
    with conn.cursor() as cur:
        # Bulk load: ids, public ids and phones are generated unique, foreign keys point at rows
        # written before (stores, users) or in the same batch (clients).
        cur.execute("SET SESSION unique_checks = 0, foreign_key_checks = 0")
    surnames, weights = surname_table()
    _W.update(conn=conn, ctx=ctx, stores=[SimpleNamespace(id=s, public_id=p, owner=o) for s, p, o in stores],
              first_id=first_id, seed=seed, started=started, surnames=surnames,
              cum_weights=list(_accumulate(weights)))


def _accumulate(values: list[float]) -> list[float]:
    total, out = 0.0, []
    for v in values:
        total += v
        out.append(total)
    return out


def _client_batch(job: tuple[int, int, int, int]) -> tuple[int, int, int, list[dict[str, Any]]]:
    """Generate, seal, index and insert clients [start, start + n) (global indexes); counts and samples."""
    from bff.clients import crypto
    from models.base import new_public_id

    batch_no, start, n, total = job
    rng = random.Random(_W["seed"] * 1_000_003 + batch_no)
    stores, surnames, cum = _W["stores"], _W["surnames"], _W["cum_weights"]
    now = datetime.fromtimestamp(_W["started"], UTC)
    origin = now - CLIENT_SPAN
    clients, prefixes, tags, samples = [], [], [], []
    for index in range(start, start + n):
        client_id = _W["first_id"] + index
        store = stores[rng.randrange(len(stores))]
        female = rng.random() < 0.75
        pool = GIVEN_FEMALE if female else GIVEN_MALE
        given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.65 else "")
        name = rng.choices(surnames, cum_weights=cum)[0] + given
        row = SimpleNamespace(public_id=new_public_id())
        national = client_phone(index) if rng.random() < 0.95 else None
        e164 = f"+86{national}" if national else None
        birth = (date(1955, 1, 1) + timedelta(days=rng.randrange(50 * 365))).isoformat() \
            if rng.random() < 0.7 else None
        notes = rng.choice(NOTES) if rng.random() < 0.3 else None
        crypto.seal(row, "name", name)
        crypto.seal(row, "phone", e164)
        crypto.seal(row, "birth_date", birth)
        crypto.seal(row, "notes", notes)
        created = naive(origin + CLIENT_SPAN * (index / total))
        deleted = rng.random() < 0.02
        clients.append((client_id, row.public_id, store.id, row.name_enc, row.phone_enc, row.birth_date_enc,
                        row.notes_enc, crypto.phone_index(store, e164) if e164 else None,
                        "female" if female else rng.choice(("male", "male", "undisclosed")),
                        rng.choice(SOURCES), "deleted" if deleted else "active", None, store.owner,
                        created, created, created if deleted else None))
        prefixes += [(client_id, length, store.id, bidx) for length, bidx in crypto.name_prefixes(store, name).items()]
        tags += [(client_id, store.id, tag) for tag in sorted(rng.sample(TAGS, rng.choice((0, 0, 1, 1, 2, 3))))]
        if index % max(total // 20, 10) == 7 and e164 and not deleted:  # ~20 samples for the app check
            samples.append({"client": row.public_id, "store": store.public_id, "owner": store.owner, "name": name,
                            "phone": e164, "birth_date": birth, "notes": notes})
    conn = _W["conn"]
    with conn.cursor() as cur:
        cur.max_stmt_length = 4 * 1024 * 1024  # fewer, larger multi-row INSERTs (max_allowed_packet 16 MB)
        cur.executemany("INSERT INTO clients (id, public_id, store_id, name_enc, phone_enc, birth_date_enc, notes_enc, "
                        "phone_bidx, gender, source, status, linked_user_id, created_by, created_at, updated_at, "
                        "deleted_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", clients)
        cur.executemany("INSERT INTO client_name_prefixes (client_id, length, store_id, prefix_bidx) "
                        "VALUES (%s,%s,%s,%s)", prefixes)
        if tags:
            cur.executemany("INSERT INTO client_tags (client_id, store_id, tag) VALUES (%s,%s,%s)", tags)
    conn.commit()
    return n, len(prefixes), len(tags), samples


# --------------------------------------------------------------- the command
class Progress:
    """tqdm when installed, else a \\r line; clients done and all rows/s."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.rows, self.started = total, 0, 0, time.monotonic()
        self.bar = tqdm(total=total, unit="client", unit_scale=True, smoothing=0.1, dynamic_ncols=True,
                        desc="clients") if tqdm else None

    def update(self, clients: int, rows: int) -> None:
        self.done += clients
        self.rows += rows
        rate = self.rows / max(time.monotonic() - self.started, 1e-9)
        if self.bar is not None:
            self.bar.update(clients)
            self.bar.set_postfix_str(f"{rate:,.0f} rows/s (clients+prefixes+tags)", refresh=False)
        else:
            elapsed = time.monotonic() - self.started
            print(f"\rclients {self.done:,}/{self.total:,} ({100 * self.done / self.total:5.1f}%) "
                  f"{self.done / max(elapsed, 1e-9):,.0f} clients/s, {rate:,.0f} rows/s", end="", flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        else:
            print()


def table_sizes(conn: pymysql.connections.Connection, database: str) -> list[tuple[str, int, float, float]]:
    with conn.cursor() as cur:
        cur.execute("SELECT table_name, table_rows, data_length / 1048576, index_length / 1048576 "
                    "FROM information_schema.tables WHERE table_schema = %s AND table_name IN "
                    "('clients', 'client_name_prefixes', 'client_tags') ORDER BY table_name", (database,))
        return [(r[0], int(r[1]), float(r[2]), float(r[3])) for r in cur.fetchall()]


def verify_through_app(database_url: str, samples: list[dict[str, Any]], log: Any) -> None:
    """The app finds seeded clients by phone and by name, and decrypts them to what was generated."""
    from bff.app import create_app
    from bff.security.masking import mask_name
    from bff.security.phones import mask
    from bff.security.tokens import TokenService
    from models.base import new_public_id

    settings = app_settings(database_url)
    app = create_app(settings)  # the real app: ORM, flask-smorest, the stored keyring
    tokens = TokenService(settings)
    conn = pymysql.connect(**harness.mysql_args(database_url), autocommit=True)
    http = app.test_client()
    checked = 0
    try:
        for sample in samples:
            with conn.cursor() as cur:
                cur.execute("SELECT public_id FROM users WHERE id = %s", (sample["owner"],))
                owner_pid = cur.fetchone()[0]
                sid = new_public_id()
                cur.execute("INSERT INTO auth_sessions (user_id, created_at, public_id) "
                            "VALUES (%s, UTC_TIMESTAMP(6), %s)", (sample["owner"], sid))
            auth = {"Authorization": f"Bearer {tokens.issue('access', subject=owner_pid, session_id=sid).token}"}
            base = f"/api/v1/stores/{sample['store']}/clients"
            by_phone = http.get(f"{base}?phone={sample['phone'][3:]}", headers=auth)
            by_name = http.get(f"{base}?q={quote(sample['name'])}&limit=50", headers=auth)
            for what, res in (("phone", by_phone), ("name", by_name)):
                if res.status_code != 200:
                    raise RuntimeError(f"search by {what}: HTTP {res.status_code} {res.get_json()}")
                found = [c for c in res.get_json()["items"] if c["id"] == sample["client"]]
                if not found:
                    raise RuntimeError(f"search by {what} did not find seeded client {sample['client']}")
                item = found[0]
                if item["name_masked"] != mask_name(sample["name"]) or item["phone_masked"] != mask(sample["phone"]):
                    raise RuntimeError(f"masked fields differ: {item} vs {sample}")
            shown = http.post(f"{base}/{sample['client']}/reveal", headers=auth,
                              json={"fields": ["name", "phone", "birth_date", "notes"], "reason": "seed check"})
            if shown.status_code != 200:
                raise RuntimeError(f"reveal: HTTP {shown.status_code} {shown.get_json()}")
            body = shown.get_json()
            for field in ("name", "phone", "birth_date", "notes"):
                if body.get(field) != sample[field]:
                    raise RuntimeError(f"reveal {field}: app says {body.get(field)!r}, seeded {sample[field]!r}")
            checked += 1
    finally:
        conn.close()
    log(f"app check: {checked} seeded clients found by phone and by full name through "
        "GET /api/v1/stores/<id>/clients, masked and revealed values equal the generated ones")
    env = harness.clean_env(MIRROR_ENV="test", MIRROR_DATABASE_URL=database_url, **harness.seeded_data_secrets(),
                            PYTHONPATH=str(harness.ROOT))
    out = subprocess.run([str(harness.BIN / "mirror"), "audit", "verify"], cwd=harness.ROOT, env=env,  # noqa: S603
                         capture_output=True, text=True, timeout=300, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"mirror audit verify failed:\n{out.stdout}{out.stderr}")
    log(f"mirror audit verify: {out.stdout.strip()}")


def seed(args: argparse.Namespace) -> dict[str, Any]:
    t0 = time.monotonic()

    def log(msg: str) -> None:
        print(f"[{time.monotonic() - t0:7.1f}s] {msg}", flush=True)

    url = args.database_url
    database = harness.mysql_args(url)["database"]
    if not database:
        sys.exit("--database-url must name a database")
    if args.reset:
        harness.drop_database(url)
    harness.create_database(url)
    with contextlib.closing(pymysql.connect(**harness.mysql_args(url))) as conn, conn.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = %s AND table_name = 'clients'",
                    (database,))
        if cur.fetchone()[0]:
            cur.execute("SELECT EXISTS (SELECT 1 FROM clients)")
            if cur.fetchone()[0]:
                sys.exit(f"{database} already holds clients; use it as is, or pass --reset to drop and reseed")
    env = harness.clean_env(MIRROR_ENV="test", MIRROR_DATABASE_URL=url, **harness.seeded_data_secrets())
    log(f"{database}: {harness.run_migrate(env)}")

    import phonenumbers  # the app normalises searched phones with it: every prefix must be valid

    bad = [p for p in PHONE_PREFIXES if not phonenumbers.is_valid_number(phonenumbers.parse(f"+86{p}00123456"))]
    bad += [client_phone(i) for i in range(0, 3_000_000, 997)
            if not phonenumbers.is_valid_number(phonenumbers.parse("+86" + client_phone(i)))]
    if bad:
        sys.exit(f"phone prefixes not valid for phonenumbers: {bad[:10]}")

    settings = app_settings(url)
    rng = random.Random(args.seed)
    started = time.time()
    with crypto_app(settings).app_context(), contextlib.closing(
            pymysql.connect(**harness.mysql_args(url), autocommit=False)) as conn:
        stores = seed_owners(conn, settings, args.stores, rng, datetime.fromtimestamp(started, UTC))
        with conn.cursor() as cur:
            cur.execute("SELECT COALESCE(MAX(id), 0) FROM clients")
            first_id = cur.fetchone()[0] + 1
    log(f"{len(stores)} owners (user, phone, consultant profile, agreements), stores, memberships, audit chains")

    jobs = [(b, start, min(args.batch, args.clients - start), args.clients)
            for b, start in enumerate(range(0, args.clients, args.batch))]
    progress = Progress(args.clients)
    samples: list[dict[str, Any]] = []
    counts = {"clients": 0, "client_name_prefixes": 0, "client_tags": 0}
    t_clients = time.monotonic()
    ctx = mp.get_context("fork")
    with ctx.Pool(args.workers, initializer=_worker_init,
                  initargs=(url, stores, first_id, args.seed, started)) as pool:
        for n, n_prefixes, n_tags, found in pool.imap(_client_batch, jobs):
            counts["clients"] += n
            counts["client_name_prefixes"] += n_prefixes
            counts["client_tags"] += n_tags
            samples += found
            progress.update(n, n + n_prefixes + n_tags)
    progress.close()
    seconds = time.monotonic() - t_clients
    rows = sum(counts.values())
    log(f"clients: {counts['clients']:,} clients, {counts['client_name_prefixes']:,} name prefixes, "
        f"{counts['client_tags']:,} tags in {seconds:.1f}s: {counts['clients'] / seconds:,.0f} clients/s, "
        f"{rows / seconds:,.0f} rows/s ({args.workers} processes, batches of {args.batch})")

    t_analyze = time.monotonic()
    with contextlib.closing(pymysql.connect(**harness.mysql_args(url), autocommit=True)) as conn:
        with conn.cursor() as cur:
            for table in ("users", "stores", "store_members", "clients", "client_name_prefixes", "client_tags"):
                cur.execute(f"ANALYZE TABLE `{table}`")
                cur.fetchall()
        sizes = table_sizes(conn, database)
    log(f"ANALYZE TABLE in {time.monotonic() - t_analyze:.1f}s; sizes (MB data + index): " + ", ".join(
        f"{t} {d:.0f}+{i:.0f}" for t, _, d, i in sizes))

    if not args.no_verify:
        verify_through_app(url, samples[:3] or samples, log)
    total = time.monotonic() - t0
    log(f"done in {total:.1f}s")
    return {"database": database, "stores": args.stores, "clients": counts, "client_seconds": seconds,
            "total_seconds": total, "clients_per_second": counts["clients"] / seconds,
            "rows_per_second": rows / seconds, "sizes_mb": {t: [d, i] for t, _, d, i in sizes}}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", required=True,
                   help="mysql+pymysql://root@127.0.0.1:3306/<db> (created if missing)")
    p.add_argument("--stores", type=int, default=1000)
    p.add_argument("--clients", type=int, default=1_000_000)
    p.add_argument("--batch", type=int, default=5000, help="clients per INSERT transaction")
    p.add_argument("--workers", type=int, default=max(1, min(os.cpu_count() or 1, 4)),
                   help="seeding processes (default: one per CPU, at most 4)")
    p.add_argument("--seed", type=int, default=20261122, help="random seed of the generated content")
    p.add_argument("--reset", action="store_true", help="drop the database first")
    p.add_argument("--no-verify", action="store_true", help="skip the check through the app's HTTP API")
    p.add_argument("--json", metavar="PATH", help="write the seeding figures as JSON")
    args = p.parse_args(argv)
    if args.stores < 1 or args.clients < 1 or args.batch < 1 or args.workers < 1:
        p.error("--stores, --clients, --batch and --workers must be positive")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    result = seed(args)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
