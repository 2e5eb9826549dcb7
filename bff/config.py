"""Typed settings read from the environment (prefix ``MIRROR_``).

Development defaults let the embedded demo start with no configuration at all;
outside development every default secret is refused, so a forgotten variable
fails the boot instead of shipping a known key.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Well-known development values. Anything listed here is refused in production.
DEV_SECRET_KEY = "dev-only-jwt-signing-key-change-me-0123456789abcdef0123456789abcdef"
DEV_FIELD_KEY = base64.b64encode(b"dev-only-field-encryption-key-32").decode()
DEV_BLIND_INDEX_KEY = "dev-only-blind-index-key-change-me-0123456789"
DEV_WECHAT_APPID = "wx5a3e9f1c0d2b4e68"
DEV_WECHAT_SECRET = "sandbox-wechat-app-secret-0001"

DEV_APIV3_KEY = "SandboxApiV3Key0DevOnly000000001"
# Dev-only key files shipped with the sandbox (refused in production: the names say DEV_ONLY).
# Relative paths in settings resolve from here, never from the working directory, so every
# command behaves the same wherever it is started.
PROJECT_DIR = _PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = _PROJECT / "instance"
DEV_MERCHANT_KEY_PATH = str(_PROJECT / "sandbox/wechatpay/keys/DEV_ONLY_merchant_private_key.pem")
DEV_PLATFORM_PUBLIC_KEY_PATH = str(_PROJECT / "sandbox/wechatpay/keys/DEV_ONLY_platform_1_public_key.pem")

DEV_OSS_ACCESS_KEY_ID = "LTAI5tSandboxOssKey0001"
DEV_OSS_ACCESS_KEY_SECRET = "sandbox-oss-access-key-secret-0001"
# The only host real OSS names in x-oss-pub-key-url; callback keys are fetched from nowhere else.
OSS_PUB_KEY_HOST = "gosspublic.alicdn.com"

_DEV_SECRETS = {DEV_SECRET_KEY, DEV_FIELD_KEY, DEV_BLIND_INDEX_KEY, DEV_WECHAT_SECRET, DEV_APIV3_KEY,
                DEV_OSS_ACCESS_KEY_SECRET}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MIRROR_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"

    # Storage and queues. No redis_url means the embedded, in-process default.
    # Local state of the embedded default: the SQLite database and the OSS emulator's objects.
    data_dir: Path = DEFAULT_DATA_DIR
    # Unset: SQLite in data_dir. A relative SQLite path is taken from the project directory.
    database_url: str = ""
    redis_url: str | None = None
    db_pool_size: int = 10
    db_pool_recycle: int = 1800  # below MySQL's default wait_timeout (28800 s)
    db_pool_timeout: int = 5
    dependency_timeout: float = 0.5  # seconds, readiness probes and Redis sockets

    # Tokens.
    secret_key: SecretStr = SecretStr(DEV_SECRET_KEY)
    jwt_issuer: str = "mirror-bff"
    jwt_audience: str = "mirror-miniprogram"
    access_token_ttl: int = 15 * 60
    refresh_token_ttl: int = 30 * 24 * 3600

    # Personal data at rest (envelope encryption, bff/security/keyring.py). These are the
    # KEY-ENCRYPTION KEYS (KEKs): key id -> base64 AES-256 key. They never encrypt a field;
    # they wrap the data keys stored in `data_keys`. The primary wraps new data keys;
    # `mirror keys rewrap` moves every data key under it so an old KEK can be removed.
    field_keys: dict[str, SecretStr] = Field(default_factory=lambda: {"dev1": SecretStr(DEV_FIELD_KEY)})
    field_primary_key: str = "dev1"
    # How stale a process's view of the primary data key may get: a rotation reaches every
    # process within this many seconds, without restarts.
    data_key_refresh_seconds: float = 30.0
    blind_index_key: SecretStr = SecretStr(DEV_BLIND_INDEX_KEY)

    # WeChat mini-program.
    wechat_appid: str = DEV_WECHAT_APPID
    wechat_secret: SecretStr = SecretStr(DEV_WECHAT_SECRET)
    wechat_api_base: str = "https://api.weixin.qq.com/"
    wechat_timeout: float = 5.0
    wechat_welcome_template: str = "TPL_WELCOME_0001"
    wechat_analysis_template: str = "TPL_ANALYSIS_0001"

    # WeChat Pay API v3 (direct merchant, JSAPI for the mini-program) through wechatpayv3.
    wechatpay_mchid: str = "1900000109"
    wechatpay_apiv3_key: SecretStr = SecretStr(DEV_APIV3_KEY)
    wechatpay_merchant_serial: str = "EFC74F14832825D9AA30F1E357C4DC94C66605EE"
    wechatpay_merchant_key_path: str = DEV_MERCHANT_KEY_PATH
    # Public-key mode (new merchants): one or two keys (rotation) by id -> PEM file path.
    wechatpay_public_keys: dict[str, str] = Field(
        default_factory=lambda: {"PUB_KEY_ID_0119000001092025010100000000000001": DEV_PLATFORM_PUBLIC_KEY_PATH})
    # Platform-certificate mode (older merchants): a directory of platform certificates.
    wechatpay_cert_dir: str | None = None
    wechatpay_gateway: str = "https://api.mch.weixin.qq.com"
    wechatpay_timeout: float = 5.0
    # Public base of the notification URLs given to WeChat Pay; unset: the request's own base
    # (fine for the sandbox; required in production, where the app sits behind a proxy).
    wechatpay_notify_base: str | None = None
    order_ttl_minutes: int = 30
    notification_tolerance_seconds: int = 300

    # Aliyun OSS: one private bucket; objects of a store live under ``stores/<store id>/``.
    oss_endpoint: str = "https://oss-cn-hangzhou.aliyuncs.com"  # what oss2 talks to
    oss_bucket: str = "mirror-dev"
    oss_region: str = "cn-hangzhou"
    oss_access_key_id: str = DEV_OSS_ACCESS_KEY_ID
    oss_access_key_secret: SecretStr = SecretStr(DEV_OSS_ACCESS_KEY_SECRET)
    # Where the mini-program POSTs uploads and fetches signed URLs; None = derived from the endpoint.
    oss_public_url: str | None = None
    # Development/test only: fetch an allow-listed callback key URL from this address instead
    # (the sandbox serves its own key); production refuses any entry.
    oss_pub_key_overrides: dict[str, str] = Field(default_factory=dict)
    oss_timeout: float = 10.0
    upload_policy_ttl: int = Field(default=300, ge=30, le=300)  # PostObject policies live <= 5 min
    upload_max_bytes: int = 20 * 1024 * 1024
    signature_max_bytes: int = 1024 * 1024
    image_max_pixels: int = 60_000_000  # refuse decompression bombs before decoding
    view_url_ttl: int = Field(default=300, ge=10, le=300)  # watermarked view links live <= 5 min
    export_link_ttl: int = Field(default=300, ge=10, le=300)

    # Consent.
    consent_request_ttl: int = 2 * 3600
    # PIPL art. 31: under 14 needs a guardian; a store may only raise the threshold.
    minor_age: int = Field(default=14, ge=14, le=18)

    # The sandbox is mounted under /sandbox in development and test only.
    mount_sandbox: bool = False
    # Where the mounted sandbox's OSS emulator keeps objects (kept across restarts);
    # None: a temporary folder removed at exit.
    sandbox_storage_dir: Path | None = None
    public_base_url: str = "http://127.0.0.1:8000"

    # HTTP edge.
    max_content_length: int = 256 * 1024
    trusted_proxy_count: int = 0  # X-Forwarded-For hops to trust; 0 ignores the header
    cors_origins: list[str] = Field(default_factory=list)
    # Where the caller is logged in, limits count per user: a store's consultants behind one NAT
    # (one address) never use up each other's allowance. The *_ip_* limits are only a coarse outer
    # bound per address, against one machine driving many accounts.
    login_rate_limit: str = "20/minute;200/hour"  # per address: nobody is known yet
    phone_rate_limit: str = "10/minute;50/hour"  # per user
    phone_ip_rate_limit: str = "120/minute;1000/hour"
    invite_rate_limit: str = "10/minute;30/hour"  # guessing invite codes, per user
    activation_rate_limit: str = "5/minute;20/hour"  # guessing activation codes, per user
    activation_ip_rate_limit: str = "60/minute;300/hour"
    export_rate_limit: str = "5/minute;30/hour"  # bulk image exports, per user
    export_ip_rate_limit: str = "60/minute;600/hour"
    # Operators (admin panel): tokens with their own audience, short-lived; lockout on bad passwords.
    operator_jwt_audience: str = "mirror-admin"
    operator_token_ttl: int = 15 * 60
    operator_max_failed_logins: int = 5
    operator_lockout_seconds: int = 15 * 60
    # Admin panel in the browser: a cookie session ended by idleness or age; TOTP as second factor.
    admin_idle_seconds: int = 15 * 60
    admin_session_max_seconds: int = 8 * 3600
    admin_second_factor_seconds: int = 5 * 60  # from a right password to the TOTP code
    admin_cookie_secure: bool = True  # production refuses False
    admin_totp_issuer: str = "美学镜运营后台"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _resolve_paths(self) -> Settings:
        self.data_dir = _from_project(self.data_dir)
        if self.sandbox_storage_dir is not None:
            self.sandbox_storage_dir = _from_project(self.sandbox_storage_dir)
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'mirror.db'}"
        elif self.database_url.startswith("sqlite:///") and self.database_url != "sqlite:///:memory:":
            path = self.database_url.removeprefix("sqlite:///")
            if path and not path.startswith(("/", ":")):
                self.database_url = f"sqlite:///{_from_project(Path(path))}"
        self.wechatpay_merchant_key_path = str(_from_project(Path(self.wechatpay_merchant_key_path)))
        self.wechatpay_public_keys = {k: str(_from_project(Path(v))) for k, v in self.wechatpay_public_keys.items()}
        if self.wechatpay_cert_dir:
            self.wechatpay_cert_dir = str(_from_project(Path(self.wechatpay_cert_dir)))
        return self

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.env != "production":
            return self
        problems = _production_problems(self)
        if problems:
            raise ValueError("production refuses this configuration:\n- " + "\n- ".join(problems))
        return self

    @model_validator(mode="after")
    def _check_keys(self) -> Settings:
        if self.field_primary_key not in self.field_keys:
            raise ValueError("field_primary_key must name one of field_keys")
        for kid, key in self.field_keys.items():
            if len(base64.b64decode(key.get_secret_value())) != 32:
                raise ValueError(f"field key {kid} must be 32 bytes (base64)")
        return self

    def _secrets(self) -> list[tuple[str, str]]:
        pairs = [
            ("wechatpay_apiv3_key", self.wechatpay_apiv3_key.get_secret_value()),
            ("secret_key", self.secret_key.get_secret_value()),
            ("blind_index_key", self.blind_index_key.get_secret_value()),
            ("wechat_secret", self.wechat_secret.get_secret_value()),
            ("oss_access_key_secret", self.oss_access_key_secret.get_secret_value()),
        ]
        pairs += [(f"field_keys.{kid}", k.get_secret_value()) for kid, k in self.field_keys.items()]
        return pairs

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite database file, if the database is one."""
        if not self.database_url.startswith("sqlite:///") or ":memory:" in self.database_url:
            return None
        return Path(self.database_url.removeprefix("sqlite:///").split("?", 1)[0])

    @property
    def is_mysql(self) -> bool:
        return self.database_url.startswith("mysql")


# -- what production refuses -------------------------------------------------------------------

# Bounds outside which a setting is a typo or an accident, not a choice.
_BOUNDS = {
    "access_token_ttl": (60, 3600),
    "refresh_token_ttl": (3600, 90 * 86400),
    "operator_token_ttl": (60, 3600),
    "operator_max_failed_logins": (3, 20),
    "operator_lockout_seconds": (60, 86400),
    "order_ttl_minutes": (5, 24 * 60),
    "notification_tolerance_seconds": (60, 900),
    "consent_request_ttl": (300, 7 * 86400),
    "max_content_length": (16 * 1024, 8 * 1024 * 1024),
    "trusted_proxy_count": (0, 5),
}
_RATE_LIMITS = ("login_rate_limit", "phone_rate_limit", "invite_rate_limit", "activation_rate_limit",
                "export_rate_limit")
_MAX_RATE_PER_SECOND = 2.0  # any limit above 120/minute per key is no limit against guessing


def _env(name: str) -> str:
    return "MIRROR_" + name.upper()


def _weak(value: str) -> str | None:
    """Why a secret is weak, or None. Length alone lets "aaaa..." or "dev-key " through."""
    if value != value.strip():
        return "has leading or trailing whitespace"
    if len(value) < 32:
        return "is shorter than 32 characters"
    if any(dev in value or value in dev for dev in _DEV_SECRETS):
        return "is (or contains) a development default"
    if len(set(value)) < 8 or any(value == value[:n] * (len(value) // n) + value[:len(value) % n]
                                  for n in range(1, 17)):
        return "is a repeated pattern, not a random key"
    return None


def _key_fingerprint(path: str) -> str:
    """SHA-256 of the public key in a PEM file (a private key, public key or certificate).

    :raise ValueError: unreadable or not a key.
    """
    import hashlib

    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    data = Path(path).read_bytes()
    for load in (lambda d: serialization.load_pem_private_key(d, password=None).public_key(),
                 serialization.load_pem_public_key, lambda d: x509.load_pem_x509_certificate(d).public_key()):
        try:
            key = load(data)
        except (ValueError, TypeError):
            continue
        der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        return hashlib.sha256(der).hexdigest()
    raise ValueError("not a PEM key or certificate")


def _dev_key_fingerprints() -> set[str]:
    keys = _PROJECT / "sandbox/wechatpay/keys"
    return {_key_fingerprint(str(p)) for p in sorted(keys.glob("*.pem"))} if keys.is_dir() else set()


_LOOPBACK = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104 - names refused, not bound


def _https_base(name: str, url: str | None) -> str | None:
    from urllib.parse import urlsplit

    if not url:
        return f"{_env(name)} is required (the public https base)"
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return f"{_env(name)} must be an https URL, not {url!r}"
    if parts.hostname in _LOOPBACK or parts.hostname.endswith(".localhost"):
        return f"{_env(name)} must be the public address, not {parts.hostname}"
    return None


def _production_problems(s: Settings) -> list[str]:
    from limits import parse_many

    problems = []
    secrets = s._secrets()
    weak = [f"{_env(name) if '.' not in name else 'MIRROR_FIELD_KEYS[' + name.split('.', 1)[1] + ']'} {why}"
            for name, value in secrets if (why := _weak(value))]
    if weak:
        problems.append("default or short secrets (weak): " + "; ".join(weak))
    seen: dict[str, str] = {}
    for name, value in secrets:
        if value in seen:
            problems.append(f"{_env(name)} is the same secret as {_env(seen[value])}: each key needs its own")
        seen.setdefault(value, name)
    if s.mount_sandbox:
        problems.append("MIRROR_MOUNT_SANDBOX: the sandbox cannot be mounted in production")
    if not s.admin_cookie_secure:
        problems.append("MIRROR_ADMIN_COOKIE_SECURE: production sends the admin panel cookie only over HTTPS")
    if s.log_level == "DEBUG":
        problems.append("MIRROR_LOG_LEVEL=DEBUG (HTTP libraries log secrets at DEBUG)")
    if s.wechat_appid == DEV_WECHAT_APPID:
        problems.append("MIRROR_WECHAT_APPID is the sandbox's development appid")
    if s.oss_access_key_id == DEV_OSS_ACCESS_KEY_ID:
        problems.append("MIRROR_OSS_ACCESS_KEY_ID is the sandbox's development key id")
    for name in ("public_base_url", "wechatpay_notify_base"):
        if why := _https_base(name, getattr(s, name)):
            problems.append(why)
    if s.oss_public_url and (why := _https_base("oss_public_url", s.oss_public_url)):
        problems.append(why)
    if "public_base_url" not in s.model_fields_set:
        problems.append("MIRROR_PUBLIC_BASE_URL is required (callbacks would go to the development default)")
    if "trusted_proxy_count" not in s.model_fields_set:
        problems.append("MIRROR_TRUSTED_PROXY_COUNT must be set (0 when clients connect directly): "
                        "a wrong guess lets clients forge their IP or puts everyone under one rate limit")
    for name, (low, high) in _BOUNDS.items():
        if not low <= getattr(s, name) <= high:
            problems.append(f"{_env(name)}={getattr(s, name)} is outside {low}..{high}")
    for name in _RATE_LIMITS:
        try:
            limits = parse_many(getattr(s, name))
        except ValueError:
            problems.append(f"{_env(name)} is not a rate limit")
            continue
        if not limits or any(item.amount / item.get_expiry() > _MAX_RATE_PER_SECOND for item in limits):
            problems.append(f"{_env(name)}={getattr(s, name)!r} allows more than "
                            f"{int(_MAX_RATE_PER_SECOND * 60)} per minute")
    problems += _key_file_problems(s)
    if s.database_url.startswith("sqlite"):
        problems.append("MIRROR_DATABASE_URL: production needs MySQL, not SQLite")
    if not s.redis_url:
        problems.append("production needs MIRROR_REDIS_URL")
    if s.oss_pub_key_overrides:
        problems.append("MIRROR_OSS_PUB_KEY_OVERRIDES: production fetches OSS callback keys only from their real URL")
    for origin in s.cors_origins:
        if why := _https_base("cors_origins", origin):
            problems.append(why)
    return problems


def _key_file_problems(s: Settings) -> list[str]:
    """The sandbox's dev-only WeChat Pay keys, by name or by key material (a renamed copy)."""
    files = [("wechatpay_merchant_key_path", s.wechatpay_merchant_key_path)]
    files += [(f"wechatpay_public_keys[{kid}]", path) for kid, path in s.wechatpay_public_keys.items()]
    if s.wechatpay_cert_dir and Path(s.wechatpay_cert_dir).is_dir():
        files += [("wechatpay_cert_dir", str(p)) for p in sorted(Path(s.wechatpay_cert_dir).glob("*.pem"))]
    dev = _dev_key_fingerprints()
    problems = []
    for name, path in files:
        label = _env(name.split("[")[0]) + (name[name.index("["):] if "[" in name else "")
        if "DEV_ONLY" in path:
            problems.append(f"{label}: the sandbox's dev-only key files ({path})")
            continue
        try:
            fingerprint = _key_fingerprint(path)
        except (OSError, ValueError) as exc:
            problems.append(f"{label}: cannot read a key from {path} ({type(exc).__name__})")
            continue
        if fingerprint in dev:
            problems.append(f"{label}: {path} holds the sandbox's dev-only key under another name")
    return problems


def _from_project(path: Path) -> Path:
    """A configured path, relative ones taken from the project directory (not the cwd)."""
    path = path.expanduser()
    return path if path.is_absolute() else (_PROJECT / path).resolve()
