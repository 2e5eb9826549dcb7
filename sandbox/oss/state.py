"""Emulator state: object store, credentials (incl. runtime STS), injected faults, callback log.

Objects live on disk (see storage.py); the rest is per emulator instance, in memory, and
cleared by reset (POST /control/reset on the sandbox, or POST /control/oss/reset).
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from sandbox.clock import SandboxClock
from sandbox.oss.config import OssSandboxConfig
from sandbox.oss.errors import OssError
from sandbox.oss.storage import ObjectStore

# Faults that hit OSS API requests, and the one that hits callback delivery.
REQUEST_FAULTS = ("slow", "internal_error", "service_unavailable")
CALLBACK_FAULTS = ("callback_unreachable",)
FAULT_MODES = REQUEST_FAULTS + CALLBACK_FAULTS
MAX_CALLBACK_LOG = 200


@dataclass(frozen=True)
class Credential:
    access_key_id: str
    secret: str
    security_token: str | None = None  # set for STS credentials
    expires_at: float | None = None


@dataclass
class Fault:
    mode: str
    remaining: int
    delay: float = 0.0
    operation: str | None = None  # e.g. "PutObject"; None = any


class OssState:
    def __init__(self, config: OssSandboxConfig, clock: SandboxClock) -> None:
        self.config = config
        self.clock = clock
        self.lock = threading.Lock()
        self.store = ObjectStore(config.resolved_storage_dir())
        # Objects already in storage_dir survive start-up; only reset() removes them.
        self._clear_memory()

    def _clear_memory(self) -> None:
        with self.lock:
            self.faults: list[Fault] = []
            self.callbacks: list[dict[str, Any]] = []
            self.runtime_sts: dict[str, Credential] = {}

    def reset(self) -> None:
        self._clear_memory()
        self.store.clear(self.config.all_buckets())

    # --- buckets and credentials -------------------------------------------
    def check_bucket(self, bucket: str) -> None:
        if bucket not in self.config.all_buckets():
            raise OssError("NoSuchBucket", BucketName=bucket)

    def credential(self, access_key_id: str) -> Credential:
        secret = self.config.credentials.get(access_key_id)
        if secret is not None:
            return Credential(access_key_id, secret)
        for sts in self.config.sts_credentials:
            if sts.access_key_id == access_key_id:
                return Credential(
                    sts.access_key_id, sts.access_key_secret, sts.security_token, sts.expires_at
                )
        with self.lock:
            found = self.runtime_sts.get(access_key_id)
        if found is None:
            raise OssError("InvalidAccessKeyId", OSSAccessKeyId=access_key_id)
        return found

    def check_token(self, cred: Credential, provided: str | None) -> None:
        """STS keys need their token; long-term keys ignore one (as OSS does)."""
        if cred.security_token is None:
            return
        if not provided:
            # What OSS answers an STS AccessKeyId sent without its token.
            raise OssError("InvalidAccessKeyId", OSSAccessKeyId=cred.access_key_id)
        if not secrets.compare_digest(provided.encode(), cred.security_token.encode()):
            raise OssError("InvalidSecurityToken")
        if cred.expires_at is not None and self.clock.now() >= cred.expires_at:
            raise OssError("SecurityTokenExpired")

    def mint_sts(self, duration: float) -> Credential:
        cred = Credential(
            "STS." + secrets.token_hex(12),
            secrets.token_urlsafe(30),
            "CAIS" + secrets.token_urlsafe(96),
            self.clock.now() + duration,
        )
        with self.lock:
            self.runtime_sts[cred.access_key_id] = cred
        return cred

    # --- faults ---------------------------------------------------------------
    def add_fault(self, fault: Fault) -> None:
        with self.lock:
            self.faults.append(fault)

    def take_fault(self, modes: tuple[str, ...], operation: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.mode in modes and fault.operation in (None, operation):
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self.faults.remove(fault)
                    return fault
        return None

    # --- callbacks --------------------------------------------------------------
    def record_callback(self, entry: dict[str, Any]) -> None:
        with self.lock:
            self.callbacks.append(entry)
            del self.callbacks[:-MAX_CALLBACK_LOG]

    @cached_property
    def callback_private_key(self) -> RSAPrivateKey:
        key = load_pem_private_key(Path(self.config.callback_private_key_path).read_bytes(), None)
        if not isinstance(key, RSAPrivateKey):
            raise TypeError("the callback key must be an RSA private key")
        return key

    @cached_property
    def callback_public_key_pem(self) -> bytes:
        return Path(self.config.callback_public_key_path).read_bytes()
