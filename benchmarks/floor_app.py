"""The floor for bench_identity.py: the same two endpoints with nothing but Flask + PyMySQL.

No ORM, no flask-smorest/marshmallow, no limiter, no JSON logging, no middleware. It does
the same external work as the app for each request, so the difference to the app is what
the app's layers cost:

POST /api/v1/auth/login   GET redis access token (as wechatpy does) -> GET sns/jscode2session
                          on the WeChat sandbox -> SELECT user by openid -> INSERT user or
                          UPDATE its session key -> INSERT auth_sessions -> INSERT refresh_tokens
                          -> COMMIT; AES-GCM encrypt of the session key (data key from
                          `data_keys`, cached per process as the app's keyring does), two HS256 JWTs.
GET  /api/v1/me           decode the JWT -> users JOIN auth_sessions -> current legal documents
                          -> acceptances -> consultant profile -> COMMIT; AES-GCM decrypt of the
                          phone, masking.

The SELECTs use the app's column lists and predicates (taken from its SQL log), so the
database does identical work. Settings come from the same MIRROR_* variables (all required,
bench_identity.py sets them for both), so tokens issued by the app verify here and vice versa.

Run: gunicorn -c deploy/gunicorn.conf.py --pythonpath benchmarks floor_app:app
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import secrets
import threading
import time
from datetime import UTC, datetime
from urllib.parse import unquote, urlparse

import jwt
import pymysql
import redis
import requests
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Flask, Response, request


def _env(name: str, default: str | None = None) -> str:
    value = os.environ.get(f"MIRROR_{name}", default)
    if value is None:
        raise RuntimeError(f"floor_app needs MIRROR_{name} (bench_identity.py sets it for both apps)")
    return value


# Everything the app would take from its Settings, given explicitly: no copied defaults to drift.
DATABASE_URL = _env("DATABASE_URL")
REDIS_URL = _env("REDIS_URL")
WECHAT_API_BASE = _env("WECHAT_API_BASE")
WECHAT_APPID = _env("WECHAT_APPID")
WECHAT_SECRET = _env("WECHAT_SECRET")
WECHAT_TIMEOUT = float(_env("WECHAT_TIMEOUT", "5.0"))
SECRET_KEY = _env("SECRET_KEY")
ISSUER = _env("JWT_ISSUER")
AUDIENCE = _env("JWT_AUDIENCE")
ACCESS_TTL = int(_env("ACCESS_TOKEN_TTL"))
REFRESH_TTL = int(_env("REFRESH_TOKEN_TTL"))
# Key-encryption keys; the data keys that seal fields live wrapped in `data_keys` (envelope
# encryption, bff/security/keyring.py), unwrapped once per process and cached like the app does.
KEKS = {kid: AESGCM(base64.b64decode(key)) for kid, key in json.loads(_env("FIELD_KEYS")).items()}
KEY_REFRESH = float(_env("DATA_KEY_REFRESH_SECONDS"))
TOKEN_KEY = f"mirror:wechat:{WECHAT_APPID}_access_token"  # wechatpy RedisStorage key, shared with the app

_db_url = urlparse(DATABASE_URL.replace("mysql+pymysql://", "mysql://"))
DB_ARGS = {
    "host": _db_url.hostname or "127.0.0.1",
    "port": _db_url.port or 3306,
    "user": unquote(_db_url.username or "root"),
    "password": unquote(_db_url.password or ""),
    "database": _db_url.path.lstrip("/"),
    "charset": "utf8mb4",
    "connect_timeout": 5,
    "autocommit": False,
}

app = Flask(__name__)
_redis = redis.Redis.from_url(REDIS_URL, socket_timeout=0.5, socket_connect_timeout=0.5)
_local = threading.local()


# --- plumbing ---------------------------------------------------------------
def _db() -> pymysql.connections.Connection:
    """One connection per thread, kept for the life of the worker."""
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = _local.conn = pymysql.connect(**DB_ARGS)
    return conn


def _drop_db() -> None:
    conn = getattr(_local, "conn", None)
    _local.conn = None
    if conn is not None:
        with contextlib.suppress(Exception):  # already broken
            conn.close()


def _http() -> requests.Session:
    session = getattr(_local, "http", None)
    if session is None:
        session = _local.http = requests.Session()
    return session


def _json(body: dict, status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")


def _error(status: int, reason: str) -> Response:
    return _json({"status": status, "reason": reason}, status)


def _now() -> datetime:
    return datetime.now(UTC)


def _naive(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None)


def _b64e(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_keys_lock = threading.Lock()
_keys: dict = {"loaded_at": float("-inf"), "primary": None, "aead": {}}


def _load_keys(cur: pymysql.cursors.Cursor) -> None:
    """Unwrap the live data keys (as the app's Keyring: primary re-read every KEY_REFRESH s)."""
    with _keys_lock:
        cur.execute("SELECT data_keys.kid, data_keys.kek_id, data_keys.wrapped_key, data_keys.status "
                    "FROM data_keys WHERE data_keys.status != %s "
                    "ORDER BY data_keys.created_at, data_keys.kid", ("retired",))
        aead, primary = {}, None
        for kid, kek_id, wrapped, status in cur.fetchall():
            raw = _b64d(wrapped.split(".", 2)[2])
            aead[kid] = AESGCM(KEKS[kek_id].decrypt(raw[:12], raw[12:], b"dek|" + kid.encode()))
            if status == "primary":
                primary = kid
        _keys.update(loaded_at=time.monotonic(), primary=primary, aead=aead)


def _encrypt(cur: pymysql.cursors.Cursor, plaintext: str, aad: bytes) -> str:
    if _keys["primary"] is None or time.monotonic() - _keys["loaded_at"] >= KEY_REFRESH:
        _load_keys(cur)
    kid = _keys["primary"]
    nonce = os.urandom(12)
    return f"v1.{kid}.{_b64e(nonce + _keys['aead'][kid].encrypt(nonce, plaintext.encode(), aad))}"


def _decrypt(cur: pymysql.cursors.Cursor, token: str, aad: bytes) -> str:
    _version, kid, body = token.split(".", 2)
    if kid not in _keys["aead"]:
        _load_keys(cur)
    raw = _b64d(body)
    return _keys["aead"][kid].decrypt(raw[:12], raw[12:], aad).decode()


def _access_token() -> str:
    """As wechatpy: the cached token from Redis, fetched from stable_token when missing."""
    cached = _redis.get(TOKEN_KEY)
    if cached is not None:
        return json.loads(cached)
    res = _http().post(WECHAT_API_BASE + "cgi-bin/stable_token", timeout=WECHAT_TIMEOUT, json={
        "grant_type": "client_credential", "appid": WECHAT_APPID, "secret": WECHAT_SECRET,
        "force_refresh": False})
    res.raise_for_status()
    body = res.json()
    _redis.set(TOKEN_KEY, json.dumps(body["access_token"]), ex=max(int(body.get("expires_in", 7200)) - 60, 1))
    return body["access_token"]


def _issue(typ: str, subject: str, session_id: str, now: int) -> tuple[str, str, int]:
    jti = secrets.token_urlsafe(24)
    exp = now + (ACCESS_TTL if typ == "access" else REFRESH_TTL)
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": subject, "sid": session_id, "typ": typ,
              "jti": jti, "iat": now, "exp": exp}
    return jwt.encode(claims, SECRET_KEY, algorithm="HS256"), jti, exp


_USER_COLUMNS = ("users.openid, users.unionid, users.status, users.session_key_enc, users.phone_enc, "
                 "users.phone_bidx, users.phone_bound_at, users.created_at, users.last_login_at, users.id, "
                 "users.public_id")


# --- endpoints --------------------------------------------------------------
@app.get("/livez")
def livez() -> Response:
    return _json({"status": "ok"})


@app.post("/api/v1/auth/login")
def login() -> Response:
    body = request.get_json(silent=True)
    code = body.get("code") if isinstance(body, dict) else None
    if not isinstance(code, str) or not 1 <= len(code) <= 128:
        return _error(422, "validation_failed")
    try:
        res = _http().get(WECHAT_API_BASE + "sns/jscode2session", timeout=WECHAT_TIMEOUT, params={
            "appid": WECHAT_APPID, "secret": WECHAT_SECRET, "js_code": code,
            "grant_type": "authorization_code", "access_token": _access_token()})
        res.raise_for_status()
        wx = res.json()
    except (requests.RequestException, ValueError, redis.RedisError):
        return _error(503, "wechat_unavailable")
    if wx.get("errcode"):
        return _error(401, "wechat_code_invalid") if wx["errcode"] in (40029, 40163, 40226) \
            else _error(503, "wechat_unavailable")
    openid, session_key, unionid = wx["openid"], wx["session_key"], wx.get("unionid") or None

    now = _now()
    conn = _db()
    try:
        with conn.cursor() as cur:
            cur.execute(f"SELECT {_USER_COLUMNS} FROM users WHERE users.openid = %s",  # noqa: S608 - constant
                        (openid,))
            row = cur.fetchone()
            created = row is None
            if created:
                public_id = secrets.token_urlsafe(16)
                enc = _encrypt(cur, session_key, f"users|session_key|{public_id}".encode())
                cur.execute(
                    "INSERT INTO users (openid, unionid, status, session_key_enc, phone_enc, phone_bidx, "
                    "phone_bound_at, created_at, last_login_at, public_id) "
                    "VALUES (%s, %s, %s, %s, NULL, NULL, NULL, %s, %s, %s)",
                    (openid, unionid, "active", enc, _naive(now), _naive(now), public_id))
                user_id = cur.lastrowid
            else:
                user_id, public_id, status = row[9], row[10], row[2]
                if status != "active":
                    conn.rollback()
                    return _error(401, "account_disabled")
                enc = _encrypt(cur, session_key, f"users|session_key|{public_id}".encode())
                cur.execute("UPDATE users SET session_key_enc=%s, last_login_at=%s WHERE users.id = %s",
                            (enc, _naive(now), user_id))
            sid = secrets.token_urlsafe(16)
            cur.execute("INSERT INTO auth_sessions (user_id, created_at, revoked_at, revoked_reason, "
                        "public_id) VALUES (%s, %s, NULL, NULL, %s)", (user_id, _naive(now), sid))
            session_row_id = cur.lastrowid
            issued_at = int(time.time())
            access, _, _ = _issue("access", public_id, sid, issued_at)
            refresh, jti, refresh_exp = _issue("refresh", public_id, sid, issued_at)
            cur.execute("INSERT INTO refresh_tokens (session_id, jti_hash, issued_at, expires_at, used_at) "
                        "VALUES (%s, %s, %s, %s, NULL)",
                        (session_row_id, hashlib.sha256(jti.encode()).hexdigest(), _naive(_now()),
                         datetime.fromtimestamp(refresh_exp, UTC).replace(tzinfo=None)))
        conn.commit()
    except pymysql.MySQLError:
        _drop_db()
        return _error(500, "internal_error")
    return _json({"user_id": public_id, "is_new_user": created, "tokens": {
        "token_type": "Bearer", "access_token": access, "expires_in": ACCESS_TTL,
        "refresh_token": refresh, "refresh_expires_in": REFRESH_TTL}})


@app.get("/api/v1/me")
def me() -> Response:
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return _error(401, "token_missing")
    try:
        claims = jwt.decode(raw.strip(), SECRET_KEY, algorithms=["HS256"], audience=AUDIENCE, issuer=ISSUER,
                            options={"require": ["exp", "iat", "sub", "sid", "typ", "jti", "aud", "iss"]},
                            leeway=5)
    except jwt.ExpiredSignatureError:
        return _error(401, "token_expired")
    except jwt.PyJWTError:
        return _error(401, "token_invalid")
    if claims.get("typ") != "access":
        return _error(401, "token_invalid")
    conn = _db()
    try:
        with conn.cursor() as cur:
            cur.execute(
                f"SELECT {_USER_COLUMNS}, auth_sessions.user_id, "  # noqa: S608 - constant column list
                "auth_sessions.created_at AS created_at_1, "
                "auth_sessions.revoked_at, auth_sessions.revoked_reason, auth_sessions.id AS id_1, "
                "auth_sessions.public_id AS public_id_1 FROM users "
                "INNER JOIN auth_sessions ON auth_sessions.user_id = users.id "
                "WHERE auth_sessions.public_id = %s AND users.public_id = %s", (claims["sid"], claims["sub"]))
            row = cur.fetchone()
            if row is None or row[13] is not None:
                conn.rollback()
                return _error(401, "session_revoked")
            if row[2] != "active":
                conn.rollback()
                return _error(401, "account_disabled")
            user_id, public_id, phone_enc, created_at = row[9], row[10], row[4], row[7]
            cur.execute(
                "SELECT legal_documents.id, legal_documents.kind, legal_documents.version, "
                "legal_documents.title, legal_documents.`body`, legal_documents.sha256, "
                "legal_documents.published_at FROM legal_documents WHERE legal_documents.id IN "
                "(SELECT max(legal_documents.id) AS max_1 FROM legal_documents "
                "WHERE legal_documents.published_at <= %s GROUP BY legal_documents.kind) "
                "ORDER BY legal_documents.kind", (_naive(_now()),))
            docs = cur.fetchall()
            accepted: set[int] = set()
            if docs:
                marks = ", ".join(["%s"] * len(docs))
                cur.execute("SELECT agreement_acceptances.document_id FROM agreement_acceptances "  # noqa: S608
                            "WHERE agreement_acceptances.user_id = %s "
                            f"AND agreement_acceptances.document_id IN ({marks})",  # placeholders only
                            (user_id, *[d[0] for d in docs]))
                accepted = {r[0] for r in cur.fetchall()}
            cur.execute(
                "SELECT consultant_profiles.user_id, consultant_profiles.display_name, "
                "consultant_profiles.industry, consultant_profiles.store_name, "
                "consultant_profiles.store_city, consultant_profiles.store_address, "
                "consultant_profiles.adult_attested_at, "
                "consultant_profiles.registered_at "
                "FROM consultant_profiles WHERE consultant_profiles.user_id = %s", (user_id,))
            consultant = cur.fetchone()
            phone = _decrypt(cur, phone_enc, f"users|phone|{public_id}".encode()) if phone_enc else None
        conn.commit()
    except pymysql.MySQLError:
        _drop_db()
        return _error(500, "internal_error")
    national = phone[3:] if phone and phone.startswith("+86") else (phone[1:] if phone else None)
    return _json({
        "user_id": public_id,
        "phone_masked": national[:3] + "*" * (len(national) - 7) + national[-4:] if national else None,
        "phone_bound": phone is not None,
        "pending_agreements": [d[1] for d in docs if d[0] not in accepted],
        "consultant": None if consultant is None else {
            "display_name": consultant[1], "industry": consultant[2], "store_name": consultant[3],
            "store_city": consultant[4], "store_address": consultant[5],
            "registered_at": consultant[7].replace(tzinfo=UTC).isoformat()},
        "created_at": created_at.replace(tzinfo=UTC).isoformat(),
    })
