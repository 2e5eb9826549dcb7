"""Typed settings read from the environment (prefix ``MIRROR_``).

Development defaults let the embedded demo start with no configuration at all;
outside development every default secret is refused, so a forgotten variable
fails the boot instead of shipping a known key.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Well-known development values. Anything listed here is refused in production.
DEV_SECRET_KEY = "dev-only-jwt-signing-key-change-me-0123456789abcdef0123456789abcdef"
DEV_FIELD_KEY = base64.b64encode(b"dev-only-field-encryption-key-32").decode()
DEV_BLIND_INDEX_KEY = "dev-only-blind-index-key-change-me-0123456789"
DEV_WECHAT_APPID = "wx5a3e9f1c0d2b4e68"
DEV_WECHAT_SECRET = "sandbox-wechat-app-secret-0001"

DEV_APIV3_KEY = "SandboxApiV3Key0DevOnly000000001"
# Dev-only key files shipped with the sandbox (refused in production: the names say DEV_ONLY).
_PROJECT = Path(__file__).resolve().parent.parent
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
    database_url: str = "sqlite:///instance/mirror.db"
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
    public_base_url: str = "http://127.0.0.1:8000"

    # HTTP edge.
    max_content_length: int = 256 * 1024
    trusted_proxy_count: int = 0  # X-Forwarded-For hops to trust; 0 ignores the header
    cors_origins: list[str] = Field(default_factory=list)
    login_rate_limit: str = "20/minute;200/hour"
    phone_rate_limit: str = "10/minute;50/hour"
    invite_rate_limit: str = "10/minute;30/hour"  # guessing invite codes
    activation_rate_limit: str = "5/minute;20/hour"  # guessing activation codes (per user and per IP)
    export_rate_limit: str = "5/minute;30/hour"  # bulk image exports (per user and per IP)
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
    log_level: str = "INFO"

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.env != "production":
            return self
        used = [
            name
            for name, value in self._secrets()
            if value in _DEV_SECRETS or len(value) < 32
        ]
        if used:
            raise ValueError(f"production refuses default or short secrets: {', '.join(used)}")
        if self.mount_sandbox:
            raise ValueError("the sandbox cannot be mounted in production")
        dev_files = [p for p in (self.wechatpay_merchant_key_path, *self.wechatpay_public_keys.values())
                     if "DEV_ONLY" in p]
        if dev_files:
            raise ValueError(f"production refuses the sandbox's dev-only key files: {', '.join(dev_files)}")
        if not self.wechatpay_notify_base:
            raise ValueError("production needs MIRROR_WECHATPAY_NOTIFY_BASE (the public https base)")
        if self.database_url.startswith("sqlite"):
            raise ValueError("production needs MySQL, not SQLite")
        if not self.redis_url:
            raise ValueError("production needs MIRROR_REDIS_URL")
        if self.oss_pub_key_overrides:
            raise ValueError("production fetches OSS callback keys only from their real URL")
        if not self.admin_cookie_secure:
            raise ValueError("production sends the admin panel cookie only over HTTPS (MIRROR_ADMIN_COOKIE_SECURE)")
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
    def is_mysql(self) -> bool:
        return self.database_url.startswith("mysql")
