"""The floors for bench_clients.py: the client search with nothing but Flask + PyMySQL.

GET /api/v1/stores/<store_id>/clients?phone=|q=|limit=   (the app's route, query and answer shape)

Two modes (FLOOR_CLIENTS_MODE), both with no ORM, no flask-smorest/marshmallow, no logging,
no middleware:

query  The issue's floor: the same indexed SELECT the app issues for the search (SQL text
       taken from the app's SQL log; bench_clients.py checks they are identical), nothing
       else. The store's internal id comes from a per-process cache (one SELECT on a miss),
       the blind index is computed as the app does (HMAC-SHA256, key derived per store).
       No token check, no decryption: the answer lists the public ids found.
full   The same database work as the app, in the same order, over one connection:
       token (HS256 JWT) -> users JOIN auth_sessions -> stores JOIN store_members ->
       the search SELECT -> audit event (chain head upsert, locking read, UPDATE head,
       INSERT event) -> tags of the page -> COMMIT; then AES-GCM decryption of name, phone
       and birth date of each row (data keys from ``data_keys``, unwrapped once per process)
       and masking. The answer is the app's, byte for byte up to key order.

The difference app - full is what the app's layers cost (ORM, schemas, framework); full -
query is what the extra work costs (auth, membership, tags, audit, decryption).

Settings come from the same MIRROR_* variables as the app (bench_clients.py sets them for
every target). Run: gunicorn -c deploy/gunicorn.conf.py --pythonpath benchmarks floor_clients:app
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import threading
import unicodedata
from datetime import UTC, datetime
from functools import cache
from types import SimpleNamespace
from urllib.parse import unquote, urlparse

import jwt
import pymysql
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Flask, Response, request

from bff.audit.chain import GENESIS, event_hash  # the hash chain format (pure functions, no Flask)

# --- the SQL, as the app issues it (bench_clients.py compares these with the app's SQL log) ---------
CLIENT_COLUMNS = ("clients.store_id, clients.name_enc, clients.phone_enc, clients.birth_date_enc, "
                  "clients.notes_enc, clients.phone_bidx, clients.gender, clients.source, clients.status, "
                  "clients.linked_user_id, clients.created_by, clients.created_at, clients.updated_at, "
                  "clients.deleted_at, clients.id, clients.public_id")
SEARCH_SQL = {
    "phone": f"SELECT {CLIENT_COLUMNS} FROM clients WHERE clients.store_id = %s AND clients.status = %s "
             "AND clients.phone_bidx = %s ORDER BY clients.id DESC LIMIT %s",
    "prefix": f"SELECT {CLIENT_COLUMNS} FROM clients INNER JOIN client_name_prefixes "
              "ON client_name_prefixes.client_id = clients.id WHERE clients.store_id = %s "
              "AND clients.status = %s AND client_name_prefixes.store_id = %s "
              "AND client_name_prefixes.prefix_bidx = %s ORDER BY clients.id DESC LIMIT %s",
    "list": f"SELECT {CLIENT_COLUMNS} FROM clients WHERE clients.store_id = %s AND clients.status = %s "
            "ORDER BY clients.id DESC LIMIT %s",
}
USER_COLUMNS = ("users.openid, users.unionid, users.status, users.session_key_enc, users.phone_enc, "
                "users.phone_bidx, users.phone_bound_at, users.created_at, users.last_login_at, users.id, "
                "users.public_id")
AUTH_SQL = (f"SELECT {USER_COLUMNS}, auth_sessions.user_id, auth_sessions.created_at AS created_at_1, "
            "auth_sessions.revoked_at, auth_sessions.revoked_reason, auth_sessions.id AS id_1, "
            "auth_sessions.public_id AS public_id_1 FROM users "
            "INNER JOIN auth_sessions ON auth_sessions.user_id = users.id "
            "WHERE auth_sessions.public_id = %s AND users.public_id = %s")
MEMBERSHIP_SQL = ("SELECT stores.name, stores.address, stores.business_category, stores.created_by, "
                  "stores.created_at, stores.id, stores.public_id, store_members.id AS id_1, "
                  "store_members.store_id, store_members.user_id, store_members.role, store_members.joined_at "
                  "FROM stores INNER JOIN store_members ON store_members.store_id = stores.id "
                  "WHERE stores.public_id = %s AND store_members.user_id = %s")
TAGS_SQL = ("SELECT client_tags.client_id, client_tags.tag FROM client_tags "
            "WHERE client_tags.client_id IN ({marks}) ORDER BY client_tags.tag")
HEAD_UPSERT_SQL = ("INSERT INTO audit_chain_heads (chain_id, last_seq, last_hash) VALUES (%s, %s, %s) "
                   "ON DUPLICATE KEY UPDATE last_seq = audit_chain_heads.last_seq")
HEAD_LOCK_SQL = ("SELECT audit_chain_heads.chain_id, audit_chain_heads.last_seq, audit_chain_heads.last_hash "
                 "FROM audit_chain_heads WHERE audit_chain_heads.chain_id = %s FOR UPDATE")
EVENT_INSERT_SQL = ("INSERT INTO audit_events (chain_id, seq, occurred_at, actor_id, actor_role, store_id, action, "
                    "subject_type, subject_id, purpose, result, request_id, prev_hash, hash) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)")
HEAD_UPDATE_SQL = "UPDATE audit_chain_heads SET last_seq=%s, last_hash=%s WHERE audit_chain_heads.chain_id = %s"
KEYS_SQL = ("SELECT data_keys.kid, data_keys.kek_id, data_keys.wrapped_key, data_keys.status FROM data_keys "
            "WHERE data_keys.status != %s ORDER BY data_keys.created_at, data_keys.kid")



def statements(search: str, found: bool) -> list[str]:
    """What a full-mode request runs, in order (the app's order: the audit event is written in
    search_clients, the tags are read afterwards by the route)."""
    return [AUTH_SQL, MEMBERSHIP_SQL, SEARCH_SQL[search], HEAD_UPSERT_SQL, HEAD_LOCK_SQL, HEAD_UPDATE_SQL,
            EVENT_INSERT_SQL, *([TAGS_SQL] if found else [])]


MAX_PAGE = 50
NAME_PREFIX_MAX = 4


@cache
def config() -> dict:
    """Read on first use (bench_clients.py imports this module for its SQL without the variables)."""
    def env(name: str) -> str:
        value = os.environ.get(f"MIRROR_{name}")
        if value is None:
            raise RuntimeError(f"floor_clients needs MIRROR_{name} (bench_clients.py sets it)")
        return value

    url = urlparse(env("DATABASE_URL").replace("mysql+pymysql://", "mysql://"))
    return {
        "mode": os.environ.get("FLOOR_CLIENTS_MODE", "query"),
        "db": {"host": url.hostname or "127.0.0.1", "port": url.port or 3306,
               "user": unquote(url.username or "root"), "password": unquote(url.password or ""),
               "database": url.path.lstrip("/"), "charset": "utf8mb4", "connect_timeout": 5},
        "secret": env("SECRET_KEY"), "issuer": env("JWT_ISSUER"), "audience": env("JWT_AUDIENCE"),
        "blind_root": env("BLIND_INDEX_KEY").encode(),
        "keks": {kid: AESGCM(base64.b64decode(key)) for kid, key in json.loads(env("FIELD_KEYS")).items()},
    }


app = Flask(__name__)
_local = threading.local()
_stores: dict[str, int] = {}  # store public id -> id (query mode)
_keys: dict[str, AESGCM] = {}
_keys_lock = threading.Lock()


# --- plumbing ---------------------------------------------------------------
def _db() -> pymysql.connections.Connection:
    """One connection per thread, kept for the life of the worker."""
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = _local.conn = pymysql.connect(**config()["db"], autocommit=config()["mode"] == "query")
    return conn


def _drop_db() -> None:
    conn, _local.conn = getattr(_local, "conn", None), None
    if conn is not None:
        with contextlib.suppress(Exception):
            conn.close()


def _json(body: dict, status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")


def _error(status: int, reason: str) -> Response:
    return _json({"status": status, "reason": reason}, status)


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@cache
def _purpose_key(purpose: str) -> bytes:
    # What BlindIndexer.index derives on every call; cached here (a floor may be smarter).
    return hmac.new(config()["blind_root"], f"purpose:{purpose}".encode(), hashlib.sha256).digest()


def _bidx(purpose: str, value: str) -> str:
    return hmac.new(_purpose_key(purpose), value.encode(), hashlib.sha256).hexdigest()


def _normalise_name(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def _e164(raw: str) -> str | None:
    """Mainland mobiles in the usual spellings; the app uses phonenumbers for every country."""
    digits = "".join(ch for ch in raw if ch.isdigit())
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return f"+86{digits}" if len(digits) == 11 and digits[0] == "1" else None


def _cursor_out(client_id: int) -> str:
    return base64.urlsafe_b64encode(str(client_id).encode()).decode().rstrip("=")


def _search_args(store_id: int, store_public_id: str) -> tuple[str, tuple] | Response:
    """The app's search SELECT and its parameters for this request's filters."""
    args = request.args
    try:
        limit = max(1, min(int(args.get("limit", 20)), MAX_PAGE))
    except ValueError:
        return _error(422, "validation_failed")
    if args.get("cursor") or args.get("tag") or args.get("deleted"):
        return _error(422, "not_in_floor")  # the benchmark uses neither
    if phone := args.get("phone"):
        e164 = _e164(phone)
        if e164 is None:
            return _error(422, "phone_invalid")
        return SEARCH_SQL["phone"], (store_id, "active", _bidx(f"store:{store_public_id}:phone", e164), limit + 1)
    if q := args.get("q"):
        prefix = _normalise_name(q)[:NAME_PREFIX_MAX]
        return SEARCH_SQL["prefix"], (store_id, "active", store_id,
                                      _bidx(f"store:{store_public_id}:name_prefix", _normalise_name(prefix)),
                                      limit + 1)
    return SEARCH_SQL["list"], (store_id, "active", limit + 1)


# --- decryption (full mode) --------------------------------------------------
def _load_keys(cur: pymysql.cursors.Cursor) -> None:
    with _keys_lock:
        cur.execute(KEYS_SQL, ("retired",))
        for kid, kek_id, wrapped, _status in cur.fetchall():
            raw = _b64d(wrapped.split(".", 2)[2])
            _keys[kid] = AESGCM(config()["keks"][kek_id].decrypt(raw[:12], raw[12:], b"dek|" + kid.encode()))


def _decrypt(cur: pymysql.cursors.Cursor, token: str | None, column: str, public_id: str) -> str | None:
    if token is None:
        return None
    _version, kid, body = token.split(".", 2)
    if kid not in _keys:
        _load_keys(cur)
    raw = _b64d(body)
    return _keys[kid].decrypt(raw[:12], raw[12:], f"clients|{column}|{public_id}".encode()).decode()


def _mask_name(name: str) -> str:
    name = name.strip()
    if len(name) <= 2:
        return name if len(name) <= 1 else name[0] + "*"
    if name.isascii():
        return name[0] + "*" * (len(name) - 1)
    return name[0] + "*" * (len(name) - 2) + name[-1]


def _mask_phone(e164: str) -> str:
    national = e164[3:] if e164.startswith("+86") else e164.lstrip("+")
    if len(national) <= 7:
        return national[:2] + "*" * (len(national) - 4) + national[-2:]
    return national[:3] + "*" * (len(national) - 7) + national[-4:]


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.replace(tzinfo=UTC).isoformat()


# --- endpoints --------------------------------------------------------------
@app.get("/livez")
def livez() -> Response:
    return _json({"status": "ok"})


@app.get("/api/v1/stores/<store_public_id>/clients")
def clients(store_public_id: str) -> Response:
    if config()["mode"] == "query":
        return _query_only(store_public_id)
    return _full(store_public_id)


def _query_only(store_public_id: str) -> Response:
    conn = _db()
    try:
        with conn.cursor() as cur:
            store_id = _stores.get(store_public_id)
            if store_id is None:
                cur.execute("SELECT stores.id FROM stores WHERE stores.public_id = %s", (store_public_id,))
                row = cur.fetchone()
                if row is None:
                    return _error(404, "store_not_found")
                store_id = _stores[store_public_id] = row[0]
            search = _search_args(store_id, store_public_id)
            if isinstance(search, Response):
                return search
            sql, params = search
            cur.execute(sql, params)
            rows = cur.fetchall()
    except pymysql.MySQLError:
        _drop_db()
        return _error(500, "internal_error")
    limit = params[-1] - 1
    page = rows[:limit]
    return _json({"items": [{"id": r[15]} for r in page],
                  "next_cursor": _cursor_out(page[-1][14]) if len(rows) > limit else None})


def _full(store_public_id: str) -> Response:
    cfg = config()
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return _error(401, "token_missing")
    try:
        claims = jwt.decode(raw.strip(), cfg["secret"], algorithms=["HS256"], audience=cfg["audience"],
                            issuer=cfg["issuer"], leeway=5,
                            options={"require": ["exp", "iat", "sub", "sid", "typ", "jti", "aud", "iss"]})
    except jwt.ExpiredSignatureError:
        return _error(401, "token_expired")
    except jwt.PyJWTError:
        return _error(401, "token_invalid")
    if claims.get("typ") != "access":
        return _error(401, "token_invalid")
    conn = _db()
    try:
        with conn.cursor() as cur:
            cur.execute(AUTH_SQL, (claims["sid"], claims["sub"]))
            user = cur.fetchone()
            if user is None or user[13] is not None:
                conn.rollback()
                return _error(401, "session_revoked")
            if user[2] != "active":
                conn.rollback()
                return _error(401, "account_disabled")
            user_id, user_public_id = user[9], user[10]
            cur.execute(MEMBERSHIP_SQL, (store_public_id, user_id))
            member = cur.fetchone()
            if member is None:
                conn.rollback()
                return _error(404, "store_not_found")
            store_id, role = member[5], member[10]
            search = _search_args(store_id, store_public_id)
            if isinstance(search, Response):
                conn.rollback()
                return search
            sql, params = search
            cur.execute(sql, params)
            rows = cur.fetchall()
            limit = params[-1] - 1
            page, more = rows[:limit], len(rows) > limit
            _audit(cur, store_id, store_public_id, user_public_id, role)
            tags: dict[int, list[str]] = {r[14]: [] for r in page}
            if page:
                cur.execute(TAGS_SQL.format(marks=", ".join(["%s"] * len(page))), [r[14] for r in page])
                for client_id, tag in cur.fetchall():
                    tags[client_id].append(tag)
            items = []
            for r in page:
                public_id = r[15]
                name = _decrypt(cur, r[1], "name", public_id) or ""
                phone = _decrypt(cur, r[2], "phone", public_id)
                birth = _decrypt(cur, r[3], "birth_date", public_id)
                items.append({
                    "id": public_id, "name_masked": _mask_name(name),
                    "phone_masked": _mask_phone(phone) if phone else None,
                    "birth_year": int(birth[:4]) if birth else None, "gender": r[6], "tags": tags[r[14]],
                    "has_notes": r[4] is not None, "source": r[7], "linked": r[9] is not None,
                    "deleted": r[8] == "deleted", "created_at": _iso(r[11]), "updated_at": _iso(r[12]),
                })
        conn.commit()
    except pymysql.MySQLError:
        _drop_db()
        return _error(500, "internal_error")
    return _json({"items": items, "next_cursor": _cursor_out(page[-1][14]) if more else None})


def _audit(cur: pymysql.cursors.Cursor, store_id: int, store_public_id: str, actor_id: str, role: str) -> None:
    """bff.audit.service.record("client.list", ...): append to the store's hash chain under its head's lock."""
    args = request.args
    purpose = "filters: " + ",".join(k for k in ("q", "phone", "tag") if args.get(k))
    cur.execute(HEAD_UPSERT_SQL, (store_id, 0, GENESIS))
    cur.execute(HEAD_LOCK_SQL, (store_id,))
    _chain, last_seq, last_hash = cur.fetchone()
    now = datetime.now(UTC)
    event = {"chain_id": store_id, "seq": last_seq + 1, "occurred_at": now, "actor_id": actor_id,
             "actor_role": role, "store_id": store_public_id, "action": "client.list", "subject_type": "store",
             "subject_id": store_public_id, "purpose": purpose, "result": "ok",
             "request_id": _request_id()}

    digest = event_hash(SimpleNamespace(**event), last_hash)
    cur.execute(HEAD_UPDATE_SQL, (last_seq + 1, digest, store_id))  # the app's flush order: head, then event
    cur.execute(EVENT_INSERT_SQL, (store_id, last_seq + 1, now.replace(tzinfo=None), actor_id, role,
                                   store_public_id, "client.list", "store", store_public_id, purpose, "ok",
                                   event["request_id"], last_hash, digest))


def _request_id() -> str:
    return os.urandom(16).hex()  # as the app's logs middleware (uuid4().hex)

