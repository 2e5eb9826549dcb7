"""Objects on disk: ``<storage_dir>/<bucket>/<sha256(key)>.data`` plus a ``.json`` metadata file.

The disk is the only source of truth (no in-memory index), so several emulator instances
pointed at the same storage_dir (mounted sandbox + standalone OSS app) see the same objects.
Keys are hashed for file names because OSS keys may hold any UTF-8, slashes included.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class StoredObject:
    bucket: str
    key: str
    size: int
    etag: str  # upper-case hex MD5, without quotes
    crc64: int
    content_md5: str  # base64 MD5
    content_type: str
    last_modified: float  # sandbox clock, epoch seconds
    user_meta: dict[str, str] = field(default_factory=dict)  # x-oss-meta-* (lower-case names)
    headers: dict[str, str] = field(default_factory=dict)  # Cache-Control, Content-Disposition, ...
    sse: str | None = None
    operation: str = "PutObject"

    def describe(self) -> dict[str, Any]:
        return asdict(self) | {"crc64": str(self.crc64)}


class ObjectStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()

    def _paths(self, bucket: str, key: str) -> tuple[Path, Path]:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        folder = self.root / bucket
        return folder / f"{digest}.data", folder / f"{digest}.json"

    def put(self, obj: StoredObject, data: bytes, *, if_absent: bool = False) -> bool:
        """Store the object; with ``if_absent`` only if the key is free (checked under the lock,
        so of two simultaneous uploads exactly one wins). False if it was not stored."""
        data_path, meta_path = self._paths(obj.bucket, obj.key)
        with self._lock:
            if if_absent and meta_path.exists():
                return False
            data_path.parent.mkdir(parents=True, exist_ok=True)
            # Write to temp names and rename, so readers never see half an object.
            suffix = f".tmp{threading.get_ident()}"
            data_tmp, meta_tmp = data_path.with_suffix(suffix + "d"), meta_path.with_suffix(suffix + "m")
            data_tmp.write_bytes(data)
            meta_tmp.write_text(json.dumps(asdict(obj), ensure_ascii=False), encoding="utf-8")
            os.replace(data_tmp, data_path)
            os.replace(meta_tmp, meta_path)
        return True

    def get(self, bucket: str, key: str) -> StoredObject | None:
        _, meta_path = self._paths(bucket, key)
        try:
            return StoredObject(**json.loads(meta_path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return None

    def read(self, bucket: str, key: str) -> bytes:
        return self._paths(bucket, key)[0].read_bytes()

    def delete(self, bucket: str, key: str) -> bool:
        data_path, meta_path = self._paths(bucket, key)
        with self._lock:
            existed = meta_path.exists()
            meta_path.unlink(missing_ok=True)
            data_path.unlink(missing_ok=True)
            return existed

    def list(self, bucket: str, prefix: str = "") -> list[StoredObject]:
        folder = self.root / bucket
        found = []
        for meta_path in folder.glob("*.json") if folder.is_dir() else ():
            try:
                obj = StoredObject(**json.loads(meta_path.read_text(encoding="utf-8")))
            except FileNotFoundError:
                continue  # deleted while listing
            if obj.key.startswith(prefix):
                found.append(obj)
        return sorted(found, key=lambda o: o.key)

    def clear(self, buckets: tuple[str, ...]) -> None:
        # Only the configured buckets' folders: storage_dir may be shared or user-chosen.
        with self._lock:
            for bucket in buckets:
                shutil.rmtree(self.root / bucket, ignore_errors=True)
