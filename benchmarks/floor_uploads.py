"""The floor for bench_uploads.py: upload policies and OSS callbacks with nothing but Flask + PyMySQL.

POST /api/v1/stores/<store_id>/uploads   {client_id, session_id, view, content_type} -> 201
    HS256 bearer token (PyJWT: aud, iss, exp, typ) -> the user and its live session
    (users JOIN auth_sessions) -> membership (stores JOIN store_members) -> the client
    (active, of this store; its birth date decrypted, AES-256-GCM, to tell a minor) -> its
    active ``capture`` grant (signed by a guardian for a minor) -> the capture session (of
    this client, not ended; the view must be in its protocol) -> INSERT upload_tickets -> COMMIT ->
    the PostObject V4 policy and signature (the HMAC chain of bff/integrations/oss.py,
    written out here) -> the app's answer shape.
GET /api/v1/stores/<store_id>/images?limit=20 -> 200 JSON
    token -> user + live session -> membership -> the first page through the app's index
    (``ix_images_store_status_id``, newest first) -> its tags -> the public ids it refers to
    (client, session, pair, uploader) -> the app's answer shape and cursor.
POST /api/v1/oss/callback   (OSS-signed, form body) -> 200 JSON
    public-key URL allow-listed, key cached per process -> RSA PKCS#1 v1.5 / MD5 check of
    ``path + "\\n" + body`` -> SELECT the ticket FOR UPDATE -> object, size and type must
    match it -> INSERT images + UPDATE upload_tickets (or the image it already became:
    idempotent) -> COMMIT -> one RPUSH of the image id (the least hand-off to a worker).

No ORM, no flask-smorest/marshmallow, no logging middleware, no rate limiter: the least a
correct server must do, so app/floor shows what the app's layers and extra work cost.

Settings from the same MIRROR_* variables as the app (bench_uploads.py sets them), plus
BENCH_OSS_PUB_KEYS (JSON: allow-listed URL -> PEM path of its public key). Data keys are read
from ``data_keys`` once per process and unwrapped with MIRROR_FIELD_KEYS.
Run: gunicorn -c deploy/gunicorn.conf.py --pythonpath benchmarks floor_uploads:app
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import threading
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import jwt
import pymysql
import redis
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Flask, Response, request

CALLBACK_PATH = "/api/v1/oss/callback"
CALLBACK_BODY = "bucket=${bucket}&object=${object}&size=${size}&mimeType=${mimeType}&etag=${etag}&ticket=${x:ticket}"
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/heic": "heic"}
ALGORITHM = "OSS4-HMAC-SHA256"
QUEUE_KEY = "floor:images"

AUTH_SQL = ("SELECT users.id, users.status, auth_sessions.revoked_at FROM users "
            "JOIN auth_sessions ON auth_sessions.user_id = users.id "
            "WHERE auth_sessions.public_id = %s AND users.public_id = %s")
MEMBERSHIP_SQL = ("SELECT stores.id, store_members.role FROM stores "
                  "JOIN store_members ON store_members.store_id = stores.id "
                  "WHERE stores.public_id = %s AND store_members.user_id = %s")
CLIENT_SQL = "SELECT id, birth_date_enc FROM clients WHERE public_id = %s AND store_id = %s AND status = 'active'"
GRANT_SQL = ("SELECT guardian FROM consent_grants WHERE store_id = %s AND client_id = %s "
             "AND scope = 'capture' AND active = 1")
SESSION_SQL = ("SELECT id, views, ended_at FROM capture_sessions "
               "WHERE public_id = %s AND store_id = %s AND client_id = %s")
KEYS_SQL = "SELECT kid, kek_id, wrapped_key FROM data_keys WHERE status != 'retired'"
TICKET_INSERT_SQL = ("INSERT INTO upload_tickets (public_id, store_id, client_id, purpose, session_id, view, region, "
                     "content_type, object_key, max_bytes, issued_to, issued_at, expires_at) "
                     "VALUES (%s, %s, %s, 'photo', %s, %s, %s, %s, %s, %s, %s, %s, %s)")
TICKET_SQL = ("SELECT upload_tickets.id, upload_tickets.store_id, upload_tickets.client_id, upload_tickets.purpose, "
              "upload_tickets.session_id, upload_tickets.view, upload_tickets.region, upload_tickets.content_type, "
              "upload_tickets.object_key, upload_tickets.max_bytes, upload_tickets.issued_to, images.public_id "
              "FROM upload_tickets LEFT JOIN images ON images.id = upload_tickets.image_id "
              "WHERE upload_tickets.public_id = %s FOR UPDATE")
IMAGE_INSERT_SQL = ("INSERT INTO images (public_id, store_id, client_id, purpose, session_id, view, region, status, "
                    "object_key, content_type, size, uploaded_by, captured_at) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, 'processing', %s, %s, %s, %s, %s)")
TICKET_UPDATE_SQL = "UPDATE upload_tickets SET image_id = %s WHERE id = %s"
# The image list's first page: the app's index and order, its tags and references.
IMAGE_PAGE_SQL = ("SELECT id, public_id, client_id, session_id, paired_with_id, uploaded_by, view, region, status, "
                  "content_type, width, height, sha256, captured_at, deleted_at "
                  "FROM images FORCE INDEX (ix_images_store_status_id) "
                  "WHERE store_id = %s AND status = 'ready' ORDER BY id DESC LIMIT %s")
IMAGE_TAGS_SQL = "SELECT image_id, tag FROM image_tags WHERE image_id IN ({}) ORDER BY image_id, tag"
IMAGE_REFS_SQL = ("SELECT images.id, clients.public_id, capture_sessions.public_id, paired.public_id, users.public_id "
                  "FROM images JOIN clients ON clients.id = images.client_id "
                  "JOIN users ON users.id = images.uploaded_by "
                  "LEFT JOIN capture_sessions ON capture_sessions.id = images.session_id "
                  "LEFT JOIN images AS paired ON paired.id = images.paired_with_id WHERE images.id IN ({})")


@cache
def config() -> dict:
    def env(name: str, default: str | None = None) -> str:
        value = os.environ.get(f"MIRROR_{name}", default)
        if value is None:
            raise RuntimeError(f"floor_uploads needs MIRROR_{name} (bench_uploads.py sets it)")
        return value

    url = urlparse(env("DATABASE_URL").replace("mysql+pymysql://", "mysql://"))
    endpoint = urlparse(env("OSS_ENDPOINT"))
    bucket = env("OSS_BUCKET")
    return {
        "db": {"host": url.hostname or "127.0.0.1", "port": url.port or 3306,
               "user": unquote(url.username or "root"), "password": unquote(url.password or ""),
               "database": url.path.lstrip("/"), "charset": "utf8mb4", "connect_timeout": 5, "autocommit": False},
        "redis": env("REDIS_URL"),
        "secret": env("SECRET_KEY"), "issuer": env("JWT_ISSUER"), "audience": env("JWT_AUDIENCE"),
        "bucket": bucket, "region": env("OSS_REGION"), "key_id": env("OSS_ACCESS_KEY_ID"),
        "key_secret": env("OSS_ACCESS_KEY_SECRET"), "ttl": int(env("UPLOAD_POLICY_TTL", "300")),
        "max_bytes": int(env("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024))),
        "bucket_url": f"{endpoint.scheme}://{bucket}.{endpoint.netloc}/",
        "callback_url": env("PUBLIC_BASE_URL").rstrip("/") + CALLBACK_PATH,
        "keks": {kid: AESGCM(base64.b64decode(key)) for kid, key in json.loads(env("FIELD_KEYS")).items()},
        "minor_age": int(env("MINOR_AGE", "14")),
        "pub_keys": {u: serialization.load_pem_public_key(Path(p).read_bytes())
                     for u, p in json.loads(os.environ["BENCH_OSS_PUB_KEYS"]).items()},
    }


app = Flask(__name__)
_local = threading.local()
_keys: dict[str, AESGCM] = {}
_keys_lock = threading.Lock()
SHANGHAI = timezone(timedelta(hours=8))


def _db() -> pymysql.connections.Connection:
    """One connection per thread, kept for the life of the worker."""
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = _local.conn = pymysql.connect(**config()["db"])
    return conn


def _drop_db() -> None:
    conn, _local.conn = getattr(_local, "conn", None), None
    if conn is not None:
        with contextlib.suppress(Exception):
            conn.close()


@cache
def _redis() -> redis.Redis:
    return redis.Redis.from_url(config()["redis"], socket_timeout=5)


def _json(body: dict, status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False, separators=(",", ":")), status=status,
                    mimetype="application/json")


def _error(status: int, reason: str) -> Response:
    if status >= 500:
        _drop_db()
    else:
        with contextlib.suppress(Exception):
            _db().rollback()
    return _json({"status": status, "reason": reason}, status)


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _decrypt(cur: pymysql.cursors.Cursor, token: str, aad: str) -> str:
    """A sealed field (``v1.<kid>.<nonce+ciphertext>``); data keys unwrapped once per process."""
    _version, kid, body = token.split(".", 2)
    if kid not in _keys:
        with _keys_lock:
            cur.execute(KEYS_SQL)
            for k, kek_id, wrapped in cur.fetchall():
                raw = _b64d(wrapped.split(".", 2)[2])
                _keys[k] = AESGCM(config()["keks"][kek_id].decrypt(raw[:12], raw[12:], b"dek|" + k.encode()))
    raw = _b64d(body)
    return _keys[kid].decrypt(raw[:12], raw[12:], aad.encode()).decode()


def _minor(birth_iso: str | None) -> bool:
    if birth_iso is None:
        return False
    birth, today = date.fromisoformat(birth_iso), datetime.now(SHANGHAI).date()
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day)) < config()["minor_age"]


def _public_id() -> str:
    return secrets.token_urlsafe(16)  # what models.base.new_public_id makes (22 characters)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _b64(value: dict) -> str:
    return base64.b64encode(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()).decode()


def _hmac(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def post_form(key: str, content_type: str, ticket: str, now: datetime) -> tuple[dict[str, str], datetime]:
    """The PostObject V4 form of bff/integrations/oss.py: every field pinned by the policy."""
    c = config()
    expires = now + timedelta(seconds=c["ttl"])
    date, stamp = now.strftime("%Y%m%d"), now.strftime("%Y%m%dT%H%M%SZ")
    fields = {"key": key, "Content-Type": content_type, "success_action_status": "200",
              "x-oss-signature-version": ALGORITHM,
              "x-oss-credential": f"{c['key_id']}/{date}/{c['region']}/oss/aliyun_v4_request",
              "x-oss-date": stamp,
              "callback": _b64({"callbackUrl": c["callback_url"], "callbackBody": CALLBACK_BODY,
                                "callbackBodyType": "application/x-www-form-urlencoded"}),
              "x:ticket": ticket}
    conditions: list = [{"bucket": c["bucket"]}, ["eq", "$key", key], ["content-length-range", 1, c["max_bytes"]],
                        ["in", "$content-type", list(EXTENSIONS)]]
    conditions += [["eq", f"${name}", value] for name, value in fields.items() if name != "key"]
    policy = _b64({"expiration": expires.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "conditions": conditions})
    signing = _hmac(("aliyun_v4" + c["key_secret"]).encode(), date)
    for part in (c["region"], "oss", "aliyun_v4_request"):
        signing = _hmac(signing, part)
    fields["policy"] = policy
    fields["x-oss-signature"] = hmac.new(signing, policy.encode(), hashlib.sha256).hexdigest()
    return fields, expires


def _iso(value: datetime) -> str:
    return value.replace(tzinfo=UTC).isoformat()


def _user(c: dict) -> tuple[int | None, Response | None]:
    """The bearer token's live, active user id (HS256, as the app checks it), or an error answer."""
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not raw:
        return None, _error(401, "token_missing")
    try:
        claims = jwt.decode(raw.strip(), c["secret"], algorithms=["HS256"], audience=c["audience"], issuer=c["issuer"],
                            options={"require": ["exp", "iat", "sub", "sid", "typ", "jti", "aud", "iss"]}, leeway=5)
    except jwt.PyJWTError:
        return None, _error(401, "token_invalid")
    if claims.get("typ") != "access":
        return None, _error(401, "token_invalid")
    with _db().cursor() as cur:
        cur.execute(AUTH_SQL, (claims["sid"], claims["sub"]))
        user = cur.fetchone()
    if user is None or user[2] is not None or user[1] != "active":
        return None, _error(401, "session_revoked")
    return user[0], None


@app.get("/api/v1/stores/<store_public_id>/images")
def images(store_public_id: str) -> Response:
    limit = min(max(int(request.args.get("limit", "20")), 1), 50)
    conn = _db()
    try:
        user_id, refused = _user(config())
        if refused is not None:
            return refused
        with conn.cursor() as cur:
            cur.execute(MEMBERSHIP_SQL, (store_public_id, user_id))
            member = cur.fetchone()
            if member is None:
                return _error(404, "store_not_found")
            cur.execute(IMAGE_PAGE_SQL, (member[0], limit + 1))
            rows = cur.fetchall()
            page = rows[:limit]
            ids = [r[0] for r in page]
            tags: dict[int, list[str]] = {i: [] for i in ids}
            refs = {}
            if ids:
                marks = ",".join(["%s"] * len(ids))
                cur.execute(IMAGE_TAGS_SQL.format(marks), ids)
                for image_id, tag in cur.fetchall():
                    tags[image_id].append(tag)
                cur.execute(IMAGE_REFS_SQL.format(marks), ids)
                refs = {r[0]: r[1:] for r in cur.fetchall()}
        conn.commit()
    except pymysql.MySQLError:
        return _error(503, "database_unavailable")
    items = [{"id": r[1], "client_id": refs[r[0]][0], "session_id": refs[r[0]][1], "view": r[6], "region": r[7],
              "status": r[8], "tags": tags[r[0]], "content_type": r[9], "width": r[10], "height": r[11],
              "sha256": r[12], "paired_with": refs[r[0]][2], "uploaded_by": refs[r[0]][3],
              "captured_at": _iso(r[13]), "deleted_at": _iso(r[14]) if r[14] else None} for r in page]
    cursor = base64.urlsafe_b64encode(f"i.{page[-1][0]}".encode()).decode().rstrip("=") \
        if len(rows) > limit else None
    return _json({"items": items, "next_cursor": cursor})


@app.get("/livez")
def livez() -> Response:
    return _json({"status": "ok"})


@app.post("/api/v1/stores/<store_public_id>/uploads")
def issue(store_public_id: str) -> Response:
    c = config()
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not raw:
        return _error(401, "token_missing")
    try:
        claims = jwt.decode(raw.strip(), c["secret"], algorithms=["HS256"], audience=c["audience"], issuer=c["issuer"],
                            options={"require": ["exp", "iat", "sub", "sid", "typ", "jti", "aud", "iss"]}, leeway=5)
    except jwt.PyJWTError:
        return _error(401, "token_invalid")
    if claims.get("typ") != "access":
        return _error(401, "token_invalid")
    body = request.get_json(silent=True) or {}
    content_type, view = body.get("content_type"), body.get("view")
    if content_type not in EXTENSIONS or not isinstance(view, str) or not body.get("client_id") \
            or not body.get("session_id"):
        return _error(422, "validation_failed")
    conn = _db()
    try:
        with conn.cursor() as cur:
            cur.execute(AUTH_SQL, (claims["sid"], claims["sub"]))
            user = cur.fetchone()
            if user is None or user[2] is not None or user[1] != "active":
                return _error(401, "session_revoked")
            user_id = user[0]
            cur.execute(MEMBERSHIP_SQL, (store_public_id, user_id))
            member = cur.fetchone()
            if member is None:
                return _error(404, "store_not_found")
            store_id = member[0]
            cur.execute(CLIENT_SQL, (body["client_id"], store_id))
            client = cur.fetchone()
            if client is None:
                return _error(404, "client_not_found")
            minor = client[1] is not None and _minor(
                _decrypt(cur, client[1], f"clients|birth_date|{body['client_id']}"))
            cur.execute(GRANT_SQL, (store_id, client[0]))
            grant = cur.fetchone()
            if grant is None:
                return _error(403, "consent_required")
            if minor and not grant[0]:
                return _error(403, "guardian_consent_required")
            cur.execute(SESSION_SQL, (body["session_id"], store_id, client[0]))
            session = cur.fetchone()
            if session is None:
                return _error(404, "capture_session_not_found")
            if session[2] is not None:
                return _error(409, "capture_session_ended")
            views = {v["view"]: v for v in json.loads(session[1])}
            if view not in views:
                return _error(422, "view_not_in_protocol")
            ticket = _public_id()
            key = (f"stores/{store_public_id}/clients/{body['client_id']}/images/{ticket}/"
                   f"original.{EXTENSIONS[content_type]}")
            now = _now()
            cur.execute(TICKET_INSERT_SQL, (ticket, store_id, client[0], session[0], view, views[view].get("region"),
                                            content_type, key, c["max_bytes"], user_id, now,
                                            now + timedelta(seconds=c["ttl"])))
        conn.commit()
    except pymysql.MySQLError:
        return _error(503, "database_unavailable")
    fields, expires = post_form(key, content_type, ticket, now)
    return _json({"ticket_id": ticket, "upload_url": c["bucket_url"], "form_data": fields, "file_field": "file",
                  "object_key": key, "content_type": content_type, "max_bytes": c["max_bytes"],
                  "expires_at": _iso(expires)}, 201)


@app.post(CALLBACK_PATH)
def callback() -> Response:
    c = config()
    h = request.headers
    try:
        signature = base64.b64decode(h.get("Authorization", ""), validate=True)
        url = base64.b64decode(h.get("x-oss-pub-key-url", ""), validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError):
        return _error(400, "callback_signature_invalid")
    key = c["pub_keys"].get(url)  # the allow-list and the per-process cache in one lookup
    if key is None or not signature:
        return _error(400, "pub_key_url_not_allowed")
    body = request.get_data(cache=False)
    query = request.query_string.decode()
    message = unquote(request.path).encode() + (b"?" + query.encode() if query else b"") + b"\n" + body
    try:
        key.verify(signature, message, PKCS1v15(), hashes.MD5())  # noqa: S303 - OSS's scheme
    except InvalidSignature:
        return _error(400, "callback_signature_invalid")
    form = {k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
    conn = _db()
    try:
        with conn.cursor() as cur:
            cur.execute(TICKET_SQL, (form.get("ticket", ""),))
            t = cur.fetchone()
            if t is None:
                return _error(400, "ticket_unknown")
            (tid, store_id, client_id, purpose, session_id, view, region, content_type, object_key, max_bytes,
             issued_to, existing) = t
            if form.get("object") != object_key or form.get("mimeType") != content_type \
                    or not form.get("size", "").isdigit() or not 0 < int(form["size"]) <= max_bytes:
                return _error(400, "upload_mismatch")
            if existing is not None:
                conn.commit()
                return _json({"status": "ok", "image_id": existing})
            image = _public_id()
            cur.execute(IMAGE_INSERT_SQL, (image, store_id, client_id, purpose, session_id, view, region, object_key,
                                           content_type, int(form["size"]), issued_to, _now()))
            cur.execute(TICKET_UPDATE_SQL, (cur.lastrowid, tid))
        conn.commit()
    except pymysql.MySQLError:
        return _error(503, "database_unavailable")
    _redis().rpush(QUEUE_KEY, image)
    return _json({"status": "ok", "image_id": image})

