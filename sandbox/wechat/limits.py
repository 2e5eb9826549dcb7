"""Per-API call counters, per-minute quotas and injected faults."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass

from sandbox.clock import SandboxClock

APIS: tuple[str, ...] = (
    "jscode2session",
    "token",
    "stable_token",
    "getuserphonenumber",
    "getwxacodeunlimit",
    "subscribe_send",
)

# Real limits are far above what tests reach; wxacode's documented 5000/min is kept.
DEFAULT_PER_MINUTE: dict[str, int] = {api: 10000 for api in APIS} | {"getwxacodeunlimit": 5000}


@dataclass
class Fault:
    """What the next `remaining` calls of one API do instead of (or before) answering normally."""

    errcode: int | None = None
    http_status: int | None = None
    delay: float = 0.0
    remaining: int = 1


class ApiLimits:
    def __init__(self, clock: SandboxClock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._calls: dict[str, int] = {api: 0 for api in APIS}
            self._faults: dict[str, deque[Fault]] = {api: deque() for api in APIS}
            self._quota: dict[tuple[str, str], int] = {}
            # (appid, api) -> (minute index, calls in that minute)
            self._window: dict[tuple[str, str], tuple[int, int]] = {}

    def record_call(self, api: str) -> Fault | None:
        """Count one call and hand back the fault it should suffer, if any."""
        with self._lock:
            self._calls[api] += 1
            queue = self._faults[api]
            if not queue:
                return None
            fault = queue[0]
            fault.remaining -= 1
            if fault.remaining <= 0:
                queue.popleft()
            return fault

    def add_fault(self, api: str, fault: Fault) -> None:
        with self._lock:
            self._faults[api].append(fault)

    def set_quota(self, appid: str, api: str, per_minute: int) -> None:
        with self._lock:
            self._quota[(appid, api)] = per_minute

    def within_quota(self, appid: str, api: str) -> bool:
        """Count a call against the app's fixed one-minute window (clock-driven)."""
        minute = int(self._clock.now() // 60)
        key = (appid, api)
        with self._lock:
            window, used = self._window.get(key, (minute, 0))
            if window != minute:
                used = 0
            used += 1
            self._window[key] = (minute, used)
            return used <= self._quota.get(key, DEFAULT_PER_MINUTE[api])

    def calls(self) -> dict[str, int]:
        with self._lock:
            return dict(self._calls)
