"""Helpers and fixtures for the WeChat Pay emulator tests (import the fixtures into the test module).

* ``wxpay``: the real wechatpayv3 client (public-key mode) pointed at the live sandbox.
* ``receiver``: a tiny live notify_url server that verifies each notification with
  wechatpayv3's ``callback`` (and a 5-minute freshness check), answers 204 when it is
  valid and 401 otherwise, unless a test scripts the status codes.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from flask import Flask, Response, request
from wechatpayv3 import WeChatPay, WeChatPayType
from werkzeug.serving import make_server

from sandbox.wechatpay import dev_merchant_credentials
from sandbox.wechatpay.config import DEV_PLATFORM_PUBLIC_KEYS

if TYPE_CHECKING:
    from tests.sandbox.conftest import Sandbox

CREDS = dev_merchant_credentials()
MERCHANT_KEY_PEM = Path(CREDS.merchant_private_key_path).read_text()
MERCHANT_KEY = serialization.load_pem_private_key(MERCHANT_KEY_PEM.encode(), None)
PLATFORM_PUBLIC_PEMS = [p.read_text() for p in DEV_PLATFORM_PUBLIC_KEYS]
PUBLIC_KEY_IDS = (
    "PUB_KEY_ID_0119000001092025010100000000000001",
    "PUB_KEY_ID_0119000001092025010100000000000002",
)
OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"


def new_no(prefix: str = "T") -> str:
    return prefix + uuid.uuid4().hex[:20]


def pay_client(
    base_url: str,
    key_index: int = 0,
    private_key: str = MERCHANT_KEY_PEM,
    notify_url: str | None = None,
    **overrides: Any,
) -> WeChatPay:
    """Public-key mode client, gateway switched to the emulator after construction."""
    params: dict[str, Any] = {
        "wechatpay_type": WeChatPayType.MINIPROG,
        "mchid": CREDS.mchid,
        "private_key": private_key,
        "cert_serial_no": CREDS.merchant_serial_no,
        "appid": CREDS.appid,
        "apiv3_key": CREDS.apiv3_key,
        "notify_url": notify_url or "http://127.0.0.1:9/notify",  # nothing listens: fails fast
        "public_key": PLATFORM_PUBLIC_PEMS[key_index],
        "public_key_id": PUBLIC_KEY_IDS[key_index],
        "timeout": 10,
    }
    params.update(overrides)
    client = WeChatPay(**params)
    client._core._gate_way = base_url + "/wechatpay"
    return client


def signed_request(
    sandbox: Sandbox,
    method: str,
    path: str,
    body: str = "",
    *,
    sign_path: str | None = None,
    sign_body: str | None = None,
    key: Any = MERCHANT_KEY,
    mchid: str = CREDS.mchid,
    serial: str = CREDS.merchant_serial_no,
    timestamp: int | None = None,
) -> requests.Response:
    """A hand-made signed request, for what the SDK cannot express (wrong paths, clocks...)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    nonce = uuid.uuid4().hex.upper()
    message = f"{method}\n{sign_path or path}\n{ts}\n{nonce}\n{body if sign_body is None else sign_body}\n"
    signature = base64.b64encode(key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()
    auth = (
        f'WECHATPAY2-SHA256-RSA2048 mchid="{mchid}",nonce_str="{nonce}",'
        f'signature="{signature}",timestamp="{ts}",serial_no="{serial}"'
    )
    headers = {"Authorization": auth, "Accept": "application/json", "Content-Type": "application/json"}
    return sandbox.http.request(
        method, sandbox.url("/wechatpay" + path), data=body.encode() or None, headers=headers, timeout=10
    )


def response_signature_ok(response: requests.Response, public_pem: str) -> bool:
    h = response.headers
    if h.get("Wechatpay-Signature-Type") != "WECHATPAY2-SHA256-RSA2048":
        return False
    message = f"{h['Wechatpay-Timestamp']}\n{h['Wechatpay-Nonce']}\n".encode() + response.content + b"\n"
    key = serialization.load_pem_public_key(public_pem.encode())
    assert isinstance(key, rsa.RSAPublicKey)
    try:
        key.verify(base64.b64decode(h["Wechatpay-Signature"]), message, padding.PKCS1v15(), hashes.SHA256())
    except Exception:
        return False
    return True


def wait_for(predicate: Callable[[], Any], timeout: float = 5.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


def deliveries(sandbox: Sandbox, **params: str) -> list[dict[str, Any]]:
    response = sandbox.http.get(sandbox.url("/control/wechatpay/deliveries"), params=params, timeout=10)
    response.raise_for_status()
    return response.json()["deliveries"]  # type: ignore[no-any-return]


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    at: float
    result: dict[str, Any] | None  # wechatpayv3 callback(): decrypted envelope or None
    error: str | None  # callback() raised
    fresh: bool
    status: int

    @property
    def envelope(self) -> dict[str, Any]:
        return json.loads(self.body)  # type: ignore[no-any-return]

    @property
    def valid(self) -> bool:
        return self.result is not None and self.fresh


@dataclass
class Receiver:
    base_url: str = ""
    verifier: WeChatPay | None = None
    script: list[int] = field(default_factory=list)
    records: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return self.base_url + "/notify"

    def reset(self, verifier: WeChatPay | None) -> None:
        with self.lock:
            self.verifier, self.script, self.records = verifier, [], []

    def handle(self) -> Response:
        body = request.get_data()
        result, error = None, None
        try:
            assert self.verifier is not None
            result = self.verifier.callback(request.headers, body)
        except Exception as exc:  # wechatpayv3 raises on e.g. a wrong Wechatpay-Signature-Type
            error = f"{type(exc).__name__}: {exc}"
        ts = request.headers.get("Wechatpay-Timestamp", "0")
        fresh = ts.isdigit() and abs(time.time() - int(ts)) <= 300
        with self.lock:
            status = self.script.pop(0) if self.script else (204 if result is not None and fresh else 401)
            self.records.append(
                Received(dict(request.headers), body, time.time(), result, error, fresh, status)
            )
        if status == 200:
            return Response('{"code":"FAIL","message":"失败"}', status=200, mimetype="application/json")
        return Response(status=status)

    def received(self, n: int = 1, timeout: float = 5.0) -> list[Received]:
        def enough() -> list[Received] | None:
            with self.lock:
                return list(self.records) if len(self.records) >= n else None

        return wait_for(enough, timeout, f"{n} notification(s) at the receiver")  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def receiver_server() -> Iterator[Receiver]:
    receiver = Receiver()
    app = Flask("wechatpay_receiver")
    app.add_url_rule("/notify", "notify", receiver.handle, methods=["POST"])
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    receiver.base_url = f"http://127.0.0.1:{server.server_port}"
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def pay_sandbox(sandbox: Sandbox) -> Sandbox:
    """The reset sandbox with a fast retry schedule and manual refund outcomes."""
    sandbox.control("wechatpay/settings", {"time_scale": 0.001, "refund_auto_success_seconds": None})
    return sandbox


@pytest.fixture
def wxpay(pay_sandbox: Sandbox, receiver_server: Receiver) -> WeChatPay:
    return pay_client(pay_sandbox.base_url, notify_url=receiver_server.url)


@pytest.fixture
def receiver(receiver_server: Receiver, wxpay: WeChatPay) -> Receiver:
    receiver_server.reset(wxpay)
    return receiver_server
