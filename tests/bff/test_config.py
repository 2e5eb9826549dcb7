"""Settings refuse unsafe production configurations."""

import base64
import json
import secrets
import shutil
import tempfile
from pathlib import Path

import pytest
from pydantic import ValidationError

from bff.config import DEV_SECRET_KEY, DEV_WECHAT_APPID, Settings


def _key_files() -> tuple[str, str]:
    """A merchant private key and a platform public key of our own (not the sandbox's)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    folder = Path(tempfile.mkdtemp(prefix="mirror-config-keys-"))
    merchant, platform = (rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2))
    (folder / "apiclient_key.pem").write_bytes(merchant.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    (folder / "pub_key.pem").write_bytes(platform.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return str(folder / "apiclient_key.pem"), str(folder / "pub_key.pem")


MERCHANT_KEY, PLATFORM_KEY = _key_files()
STRONG = {
    "env": "production",
    "database_url": "mysql+pymysql://app:pw@db/mirror",
    "redis_url": "redis://redis:6379/0",
    "secret_key": secrets.token_urlsafe(48),
    "blind_index_key": secrets.token_urlsafe(48),
    "wechat_appid": "wx1234567890abcdef",
    "wechat_secret": secrets.token_hex(16),
    "field_keys": {"k1": base64.b64encode(secrets.token_bytes(32)).decode()},
    "field_primary_key": "k1",
    "wechatpay_apiv3_key": secrets.token_hex(16),
    "wechatpay_merchant_key_path": MERCHANT_KEY,
    "wechatpay_public_keys": {"PUB_KEY_ID_1": PLATFORM_KEY},
    "wechatpay_notify_base": "https://bff.example.cn",
    "public_base_url": "https://bff.example.cn",
    "trusted_proxy_count": 1,
    "oss_access_key_id": "LTAI5tProductionKeyId01",
    "oss_access_key_secret": secrets.token_urlsafe(30),
}


def test_a_complete_production_configuration_is_accepted():
    assert Settings(**STRONG).env == "production"


@pytest.mark.parametrize("missing", ["secret_key", "blind_index_key", "wechat_secret", "field_keys",
                                     "oss_access_key_secret"])
def test_production_refuses_any_default_secret(missing):
    values = {k: v for k, v in STRONG.items() if k != missing}
    if missing == "field_keys":
        values.pop("field_primary_key")
    with pytest.raises(ValidationError, match="default or short secrets"):
        Settings(**values)


@pytest.mark.parametrize(("key", "value", "message"), [
    ("mount_sandbox", True, "sandbox"),
    ("database_url", "sqlite:///x.db", "MySQL"),
    ("redis_url", None, "REDIS"),
    ("secret_key", "short", "short secrets"),
    ("oss_pub_key_overrides", {"https://gosspublic.alicdn.com/k.pem": "http://evil/k.pem"}, "callback keys"),
])
def test_production_refuses_unsafe_choices(key, value, message):
    with pytest.raises(ValidationError, match=message):
        Settings(**(STRONG | {key: value}))


def test_settings_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("MIRROR_ACCESS_TOKEN_TTL", "600")
    monkeypatch.setenv("MIRROR_FIELD_KEYS", json.dumps({"a": base64.b64encode(b"a" * 32).decode()}))
    monkeypatch.setenv("MIRROR_FIELD_PRIMARY_KEY", "a")
    settings = Settings()
    assert settings.access_token_ttl == 600 and settings.field_primary_key == "a"


def test_field_keys_must_be_32_bytes_and_the_primary_must_exist():
    with pytest.raises(ValidationError, match="32 bytes"):
        Settings(field_keys={"a": base64.b64encode(b"short").decode()}, field_primary_key="a")
    with pytest.raises(ValidationError, match="primary"):
        Settings(field_primary_key="nope")


def test_the_sandbox_is_mounted_only_when_asked(settings):
    from bff.app import create_app

    plain = create_app(Settings(env="test", database_url="sqlite://")).test_client()
    assert plain.get("/sandbox/control/wechat/calls").status_code == 404
    mounted = create_app(Settings(env="test", database_url="sqlite://", mount_sandbox=True)).test_client()
    assert mounted.get("/sandbox/control/wechat/calls").status_code == 200


def test_production_refuses_the_sandbox_dev_only_key_files():
    with pytest.raises(ValidationError, match="dev-only key files"):
        Settings(**(STRONG | {"wechatpay_merchant_key_path": "/x/DEV_ONLY_merchant_private_key.pem"}))


def test_production_compares_key_material_not_file_names(tmp_path):
    from bff.config import DEV_MERCHANT_KEY_PATH, DEV_PLATFORM_PUBLIC_KEY_PATH

    renamed = tmp_path / "apiclient_key.pem"
    shutil.copy(DEV_MERCHANT_KEY_PATH, renamed)
    with pytest.raises(ValidationError, match="MIRROR_WECHATPAY_MERCHANT_KEY_PATH: .* dev-only key under another"):
        Settings(**(STRONG | {"wechatpay_merchant_key_path": str(renamed)}))
    # The same key re-encoded (PKCS#8 -> traditional OpenSSL), and the platform key as a "public key".
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(Path(DEV_MERCHANT_KEY_PATH).read_bytes(), password=None)
    reencoded = tmp_path / "merchant.pem"
    reencoded.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                            serialization.NoEncryption()))
    with pytest.raises(ValidationError, match="dev-only key under another name"):
        Settings(**(STRONG | {"wechatpay_merchant_key_path": str(reencoded)}))
    platform = tmp_path / "wechatpay_pub.pem"
    shutil.copy(DEV_PLATFORM_PUBLIC_KEY_PATH, platform)
    with pytest.raises(ValidationError, match=r"MIRROR_WECHATPAY_PUBLIC_KEYS\[PUB_KEY_ID_1\]"):
        Settings(**(STRONG | {"wechatpay_public_keys": {"PUB_KEY_ID_1": str(platform)}}))
    with pytest.raises(ValidationError, match="cannot read a key"):
        Settings(**(STRONG | {"wechatpay_merchant_key_path": str(tmp_path / "missing.pem")}))


@pytest.mark.parametrize(("changes", "setting"), [
    ({"public_base_url": None}, "MIRROR_PUBLIC_BASE_URL is required"),
    ({"public_base_url": "http://bff.example.cn"}, "MIRROR_PUBLIC_BASE_URL must be an https URL"),
    ({"public_base_url": "https://127.0.0.1:8000"}, "MIRROR_PUBLIC_BASE_URL must be the public address"),
    ({"wechatpay_notify_base": "http://bff.example.cn"}, "MIRROR_WECHATPAY_NOTIFY_BASE must be an https URL"),
    ({"wechatpay_notify_base": None}, "MIRROR_WECHATPAY_NOTIFY_BASE is required"),
    ({"oss_public_url": "http://oss.example.cn"}, "MIRROR_OSS_PUBLIC_URL must be an https URL"),
    ({"blind_index_key": "SAME"}, "MIRROR_BLIND_INDEX_KEY is the same secret as MIRROR_SECRET_KEY"),
    ({"oss_access_key_secret": "SAME"}, "MIRROR_OSS_ACCESS_KEY_SECRET is the same secret as MIRROR_SECRET_KEY"),
    ({"secret_key": "a" * 64}, "MIRROR_SECRET_KEY is a repeated pattern"),
    ({"secret_key": "ab" * 32}, "MIRROR_SECRET_KEY is a repeated pattern"),
    ({"secret_key": DEV_SECRET_KEY + " "}, "MIRROR_SECRET_KEY has leading or trailing whitespace"),
    ({"secret_key": "x" + DEV_SECRET_KEY}, "MIRROR_SECRET_KEY is \\(or contains\\) a development default"),
    ({"wechat_appid": DEV_WECHAT_APPID}, "MIRROR_WECHAT_APPID is the sandbox's development appid"),
    ({"access_token_ttl": 10 * 365 * 86400}, "MIRROR_ACCESS_TOKEN_TTL=315360000 is outside"),
    ({"refresh_token_ttl": 0}, "MIRROR_REFRESH_TOKEN_TTL=0 is outside"),
    ({"operator_token_ttl": 86400 * 30}, "MIRROR_OPERATOR_TOKEN_TTL"),
    ({"operator_max_failed_logins": 1000}, "MIRROR_OPERATOR_MAX_FAILED_LOGINS"),
    ({"login_rate_limit": "100000/minute"}, "MIRROR_LOGIN_RATE_LIMIT='100000/minute' allows more than 120"),
    ({"phone_rate_limit": "10/second"}, "MIRROR_PHONE_RATE_LIMIT"),
    ({"export_rate_limit": "lots"}, "MIRROR_EXPORT_RATE_LIMIT is not a rate limit"),
    ({"trusted_proxy_count": None}, "MIRROR_TRUSTED_PROXY_COUNT must be set"),
    ({"trusted_proxy_count": 40}, "MIRROR_TRUSTED_PROXY_COUNT=40 is outside"),
    ({"cors_origins": ["*"]}, "MIRROR_CORS_ORIGINS must be an https URL"),
])
def test_production_refuses_each_unsafe_setting_by_name(changes, setting):
    values = STRONG | changes
    if changes.get("blind_index_key") == "SAME" or changes.get("oss_access_key_secret") == "SAME":
        values |= {k: STRONG["secret_key"] for k, v in changes.items() if v == "SAME"}
    values = {k: v for k, v in values.items() if v is not None}
    with pytest.raises(ValidationError, match=setting):
        Settings(**values)


def test_production_refuses_debug_logging_and_unknown_levels():
    with pytest.raises(ValidationError, match="DEBUG"):
        Settings(**(STRONG | {"log_level": "debug"}))
    with pytest.raises(ValidationError):
        Settings(**(STRONG | {"log_level": "LOUD"}))
    assert Settings(**(STRONG | {"log_level": "warning"})).log_level == "WARNING"
    assert Settings(log_level="DEBUG").log_level == "DEBUG"  # development may
