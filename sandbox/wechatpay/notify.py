"""Notification delivery to notify_url: WeChat's retry schedule, a delivery log and faults.

One background thread per notification POSTs the signed envelope until the receiver answers
200 or 204; anything else (other status, connection error, 5 s timeout) is retried after
15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/3h/3h/3h/6h/6h, each multiplied by time_scale.
Faults queued with add_fault() apply, first in first out, to the next notifications.
``hold`` parks notifications until release(), which sends every parked one at the same moment
(their first POSTs leave together, as when WeChat Pay catches up after a pause).
"""

from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

from sandbox.wechatpay.crypto import random_alnum, rfc3339
from sandbox.wechatpay.signing import SIGNTEST_PREFIX

RETRY_SCHEDULE = (15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600)
FAULT_MODES = (
    "duplicate",
    "delay",
    "reorder",
    "drop",
    "corrupt_signature",
    "corrupt_ciphertext",
    "stale_timestamp",
    "signtest",
    "hold",
)
STALE_BY = 600  # stale_timestamp: Wechatpay-Timestamp 10 minutes in the past

# (body, timestamp or None, signature override or None) -> Wechatpay-* headers
Signer = Callable[[bytes, "int | None", "str | None"], dict[str, str]]


@dataclass
class Fault:
    mode: str
    remaining: int = 1
    copies: int = 2  # duplicate: how many identical POSTs at once
    seconds: float = 1.0  # delay: real seconds before the first attempt


@dataclass
class Notification:
    id: str
    event_type: str
    notify_url: str
    body: bytes
    out_trade_no: str | None
    out_refund_no: str | None
    created_at: float
    fault: Fault | None
    status: str = "pending"  # pending | delivered | failed | dropped | held
    attempts: list[dict[str, Any]] = field(default_factory=list)
    runs: int = 0

    def summary(self) -> dict[str, Any]:
        return {
            "notification_id": self.id,
            "event_type": self.event_type,
            "notify_url": self.notify_url,
            "out_trade_no": self.out_trade_no,
            "out_refund_no": self.out_refund_no,
            "status": self.status,
            "created_at": self.created_at,
            "fault": None if self.fault is None else self.fault.mode,
            "attempts": [dict(a) for a in self.attempts],
            "body": json.loads(self.body),
        }


def corrupt_ciphertext(body: bytes) -> bytes:
    envelope = json.loads(body)
    sealed = bytearray(base64.b64decode(envelope["resource"]["ciphertext"]))
    sealed[0] ^= 0x01
    envelope["resource"]["ciphertext"] = base64.b64encode(bytes(sealed)).decode("ascii")
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Deliveries:
    def __init__(self, signer: Signer, time_scale: Callable[[], float], timeout: float) -> None:
        self.signer = signer
        self.time_scale = time_scale
        self.timeout = timeout
        self.lock = threading.RLock()
        self.stop = threading.Event()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.stop.set()  # ends every delivery thread of the previous generation
            self.stop = threading.Event()
            self.notifications: dict[str, Notification] = {}
            self.faults: list[Fault] = []
            self.held: list[Notification] = []
            self.parked: list[Notification] = []

    def add_fault(self, fault: Fault) -> None:
        with self.lock:
            self.faults.append(fault)

    def _take_fault(self) -> Fault | None:
        if not self.faults:
            return None
        head = self.faults[0]
        head.remaining -= 1
        if head.remaining <= 0:
            self.faults.pop(0)
        return Fault(head.mode, 1, head.copies, head.seconds)

    def send(self, event_type: str, body: bytes, notify_url: str, **keys: str | None) -> Notification:
        with self.lock:
            n = Notification(
                id=str(json.loads(body)["id"]),
                event_type=event_type,
                notify_url=notify_url,
                body=body,
                out_trade_no=keys.get("out_trade_no"),
                out_refund_no=keys.get("out_refund_no"),
                created_at=time.time(),
                fault=self._take_fault(),
            )
            self.notifications[n.id] = n
            mode = n.fault.mode if n.fault else None
            if mode == "drop":
                n.status = "dropped"
            elif mode == "reorder":
                n.status = "held"
                self.held.append(n)
            elif mode == "hold":
                n.status = "held"
                self.parked.append(n)
            else:
                self._start(n, n.fault)
            return n

    def redeliver(self, notification_id: str) -> Notification:
        with self.lock:
            n = self.notifications.get(notification_id)
            if n is None:
                raise ValueError(f"unknown notification_id {notification_id}")
            if n in self.held:
                self.held.remove(n)
            n.status = "pending"
            self._start(n, None)
            return n

    def release(self) -> list[Notification]:
        """Send every notification parked by ``hold`` at once: their first POSTs meet at a barrier."""
        with self.lock:
            parked, self.parked = self.parked, []
            barrier = threading.Barrier(len(parked)) if parked else None
            for n in parked:
                n.status = "pending"
                self._start(n, None, barrier)
            return parked

    def query(self, **filters: str | None) -> list[dict[str, Any]]:
        with self.lock:
            found = [
                n.summary()
                for n in self.notifications.values()
                if all(value is None or getattr(n, key) == value for key, value in filters.items())
            ]
        return sorted(found, key=lambda n: n["created_at"])

    # --- delivery threads ----------------------------------------------------
    def _start(self, n: Notification, fault: Fault | None, barrier: threading.Barrier | None = None) -> None:
        n.runs += 1
        args = (n, fault, n.runs, self.stop, barrier)
        threading.Thread(target=self._run, args=args, name=f"wechatpay-notify-{n.id}", daemon=True).start()

    def _release_held(self) -> None:
        with self.lock:
            held, self.held = self.held, []
            for n in held:
                n.status = "pending"
                self._start(n, None)

    def _run(self, n: Notification, fault: Fault | None, run: int, stop: threading.Event,
             barrier: threading.Barrier | None = None) -> None:
        mode = fault.mode if fault else None
        if barrier is not None:
            barrier.wait(timeout=30)
        if mode == "delay" and fault is not None and stop.wait(fault.seconds):
            return
        if mode == "signtest":  # a probe with WeChat's test signature, then the real thing
            self._post(n, run, 0, stop, "signtest", probe=True)
        for attempt in range(len(RETRY_SCHEDULE) + 1):
            if attempt and stop.wait(RETRY_SCHEDULE[attempt - 1] * self.time_scale()):
                return
            first = attempt == 0
            copies = fault.copies if first and fault and mode == "duplicate" else 1
            corrupt = (
                mode
                if first and mode in ("corrupt_signature", "corrupt_ciphertext", "stale_timestamp")
                else None
            )
            delivered = self._post_copies(n, run, attempt + 1, stop, corrupt, copies)
            if first:
                self._release_held()
            if stop.is_set():
                return
            if delivered:
                with self.lock:
                    n.status = "delivered"
                return
        with self.lock:
            n.status = "failed"

    def _post_copies(
        self, n: Notification, run: int, attempt: int, stop: threading.Event, corrupt: str | None, copies: int
    ) -> bool:
        if copies == 1:
            return self._post(n, run, attempt, stop, corrupt)
        results: list[bool] = []
        threads = [
            threading.Thread(target=lambda: results.append(self._post(n, run, attempt, stop, "duplicate")))
            for _ in range(copies)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return any(results)

    def _post(
        self,
        n: Notification,
        run: int,
        attempt: int,
        stop: threading.Event,
        fault: str | None,
        probe: bool = False,
    ) -> bool:
        body, timestamp, signature = n.body, None, None
        if fault == "corrupt_ciphertext":
            body = corrupt_ciphertext(body)
        elif fault == "stale_timestamp":
            timestamp = int(time.time()) - STALE_BY
        elif fault == "signtest":
            signature = SIGNTEST_PREFIX + base64.b64encode(random_alnum(48).encode()).decode()
        headers = self.signer(body, timestamp, signature)
        if fault == "corrupt_signature":  # a valid signature, but over different bytes
            headers["Wechatpay-Signature"] = self.signer(
                body + b" ", int(headers["Wechatpay-Timestamp"]), None
            )["Wechatpay-Signature"]
        headers.update({"Content-Type": "application/json", "User-Agent": "Mozilla/4.0"})
        record: dict[str, Any] = {
            "run": run,
            "attempt": attempt,
            "at": time.time(),
            "fault": fault,
            "probe": probe,
        }
        started = time.monotonic()
        try:
            response = requests.post(n.notify_url, data=body, headers=headers, timeout=self.timeout)
            record.update(status_code=response.status_code, error=None)
            response.close()
        except requests.RequestException as error:
            record.update(status_code=None, error=f"{type(error).__name__}: {error}")
        record["elapsed_ms"] = round((time.monotonic() - started) * 1000, 1)
        with self.lock:
            if stop.is_set():
                return False
            n.attempts.append(record)
        return not probe and record["status_code"] in (200, 204)


def envelope(
    event_type: str, summary: str, original_type: str, resource: dict[str, str], now: float
) -> bytes:
    """The notification body (PROTOCOLS.md §3.5); resource is the already-encrypted part."""
    body = {
        "id": str(uuid.uuid4()),
        "create_time": rfc3339(now),
        "resource_type": "encrypt-resource",
        "event_type": event_type,
        "summary": summary,
        "resource": {"original_type": original_type, **resource},
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
