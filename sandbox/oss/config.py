"""What the OSS emulator knows: region, buckets, credentials, storage and callback keys.

Every field has a working default, so ``OssSandboxConfig()`` gives a usable private
bucket ``mirror-dev`` in ``cn-hangzhou`` with one long-term AccessKey pair.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

KEYS_DIR = Path(__file__).resolve().parent / "keys"
# The only key URL real OSS puts in x-oss-pub-key-url (apps allow-list this host).
REAL_PUB_KEY_URL = "https://gosspublic.alicdn.com/callback_pub_key_v1.pem"

_default_dir: Path | None = None
_default_dir_lock = threading.Lock()


def default_storage_dir() -> Path:
    """One temp dir per process, shared by every emulator instance that keeps the default.

    Sharing it means the sandbox mounted in the BFF and a standalone OSS app started in the
    same process see the same objects without extra wiring.
    """
    global _default_dir
    with _default_dir_lock:
        if _default_dir is None:
            _default_dir = Path(tempfile.mkdtemp(prefix="oss-sandbox-"))
            atexit.register(shutil.rmtree, _default_dir, True)
        return _default_dir


@dataclass(frozen=True)
class StsCredential:
    """A temporary credential as STS AssumeRole hands it out (AccessKeyId starts with "STS.")."""

    access_key_id: str
    access_key_secret: str
    security_token: str
    expires_at: float | None = None  # epoch seconds on the sandbox clock; None = never


@dataclass
class OssSandboxConfig:
    """Buckets, credentials and storage of the OSS emulator."""

    region: str = "cn-hangzhou"
    # Private buckets (anonymous requests get 403 AccessDenied).
    buckets: tuple[str, ...] = ("mirror-dev",)
    # Buckets that additionally allow anonymous GET/HEAD (ACL public-read).
    public_read_buckets: tuple[str, ...] = ()
    # Long-term AccessKey pairs: access_key_id -> access_key_secret.
    credentials: dict[str, str] = field(
        default_factory=lambda: {"LTAI5tSandboxOssKey0001": "sandbox-oss-access-key-secret-0001"}
    )
    # Temporary credentials; more can be minted at runtime with POST /control/oss/sts.
    sts_credentials: tuple[StsCredential, ...] = ()
    # Where objects and their metadata live; None = a temp dir per process.
    storage_dir: str | None = None
    # Server-side encryption reported on every object (x-oss-server-side-encryption); None = off.
    sse: str | None = "KMS"
    # PutObject and PostObject limit (real OSS: 5 GiB); kept small because bodies are buffered.
    max_object_size: int = 100 * 1024 * 1024
    # Dev-only RSA key pair used to sign upload callbacks.
    callback_private_key_path: str = str(KEYS_DIR / "callback_private_key.pem")
    callback_public_key_path: str = str(KEYS_DIR / "callback_pub_key_v1.pem")
    # What the emulator puts (base64) in x-oss-pub-key-url; the app maps this URL to the
    # sandbox route GET /oss-pubkey/callback_pub_key_v1.pem in development.
    callback_pub_key_url: str = REAL_PUB_KEY_URL
    callback_timeout: float = 5.0  # seconds per callback URL, as OSS does (no retry)

    def resolved_storage_dir(self) -> Path:
        return Path(self.storage_dir) if self.storage_dir else default_storage_dir()

    def all_buckets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.buckets + self.public_read_buckets))
