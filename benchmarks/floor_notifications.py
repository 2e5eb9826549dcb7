"""The floor for bench_notifications.py: a WeChat Pay notification with nothing but Flask + PyMySQL.

POST /api/v1/payments/wechatpay/notify
    RSA-SHA256 (PKCS#1 v1.5) check of ``TIMESTAMP\\nNONCE\\nBODY\\n`` with the key named by
    ``Wechatpay-Serial`` -> AEAD_AES_256_GCM decryption of ``resource`` -> ONE
    ``UPDATE orders SET status='paid', transaction_id=%s, paid_at=%s WHERE out_trade_no=%s
    AND status='created'`` -> COMMIT -> 204 (200 when no row changed: a repeat).

No ORM, no evidence row, no ledger, no flask-smorest, no logging middleware: the least a
correct receiver must do, so app/floor shows what the app's extra work and layers cost.

Settings (bench_notifications.py sets them): MIRROR_DATABASE_URL, BENCH_WECHATPAY_PUBLIC_KEYS
(JSON key id -> PEM path), BENCH_WECHATPAY_APIV3_KEY, BENCH_NOTIFICATION_TOLERANCE.

Run: gunicorn -c deploy/gunicorn.conf.py --pythonpath benchmarks floor_notifications:app
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlparse

import pymysql
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Flask, Response, request

_url = urlparse(os.environ["MIRROR_DATABASE_URL"].replace("mysql+pymysql://", "mysql://"))
DB_ARGS = {"host": _url.hostname or "127.0.0.1", "port": _url.port or 3306, "user": unquote(_url.username or "root"),
           "password": unquote(_url.password or ""), "database": _url.path.lstrip("/"), "charset": "utf8mb4",
           "connect_timeout": 5, "autocommit": False}
KEYS = {kid: serialization.load_pem_public_key(Path(path).read_bytes())
        for kid, path in json.loads(os.environ["BENCH_WECHATPAY_PUBLIC_KEYS"]).items()}
AEAD = AESGCM(os.environ["BENCH_WECHATPAY_APIV3_KEY"].encode("ascii"))
TOLERANCE = int(os.environ.get("BENCH_NOTIFICATION_TOLERANCE", "300"))

app = Flask(__name__)
_local = threading.local()


def _db() -> pymysql.connections.Connection:
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = _local.conn = pymysql.connect(**DB_ARGS)
    return conn


def _drop_db() -> None:
    conn, _local.conn = getattr(_local, "conn", None), None
    if conn is not None:
        with contextlib.suppress(Exception):
            conn.close()


@app.get("/livez")
def livez() -> Response:
    return Response('{"status":"ok"}', mimetype="application/json")


@app.post("/api/v1/payments/wechatpay/notify")
def notify() -> Response:
    h = request.headers
    ts, nonce, sig, serial = (h.get("Wechatpay-Timestamp"), h.get("Wechatpay-Nonce"), h.get("Wechatpay-Signature"),
                              h.get("Wechatpay-Serial"))
    if not (ts and nonce and sig and serial) or h.get("Wechatpay-Signature-Type") != "WECHATPAY2-SHA256-RSA2048":
        return Response(status=401)
    if not ts.isdigit() or abs(time.time() - int(ts)) > TOLERANCE or serial not in KEYS:
        return Response(status=401)
    body = request.get_data(cache=False)
    try:
        KEYS[serial].verify(base64.b64decode(sig), f"{ts}\n{nonce}\n".encode() + body + b"\n",
                            padding.PKCS1v15(), hashes.SHA256())
    except (ValueError, InvalidSignature):
        return Response(status=401)
    try:
        res = json.loads(body)["resource"]
        aad = res.get("associated_data") or ""
        plain = json.loads(AEAD.decrypt(res["nonce"].encode("ascii"), base64.b64decode(res["ciphertext"]),
                                        aad.encode() if aad else None))
    except (KeyError, TypeError, ValueError, InvalidTag):
        return Response(status=400)
    paid_at = datetime.fromisoformat(plain["success_time"]).astimezone(UTC).replace(tzinfo=None)
    conn = _db()
    try:
        with conn.cursor() as cur:
            changed = cur.execute("UPDATE orders SET status='paid', transaction_id=%s, paid_at=%s "
                                  "WHERE out_trade_no=%s AND status='created'",
                                  (plain["transaction_id"], paid_at, plain["out_trade_no"]))
        conn.commit()
    except pymysql.MySQLError:
        _drop_db()
        return Response(status=500)
    return Response(status=204 if changed == 1 else 200)
