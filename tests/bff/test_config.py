"""Settings refuse unsafe production configurations."""

import base64
import json

import pytest
from pydantic import ValidationError

from bff.config import Settings

STRONG = {
    "env": "production",
    "database_url": "mysql+pymysql://app:pw@db/mirror",
    "redis_url": "redis://redis:6379/0",
    "secret_key": "s" * 64,
    "blind_index_key": "b" * 64,
    "wechat_secret": "w" * 32,
    "field_keys": {"k1": base64.b64encode(b"k" * 32).decode()},
    "field_primary_key": "k1",
    "wechatpay_apiv3_key": "a" * 32,
    "wechatpay_merchant_key_path": "/run/secrets/apiclient_key.pem",
    "wechatpay_public_keys": {"PUB_KEY_ID_1": "/run/secrets/wechatpay_pub.pem"},
    "wechatpay_notify_base": "https://bff.example.cn",
    "oss_access_key_secret": "o" * 32,
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


def test_production_refuses_debug_logging_and_unknown_levels():
    with pytest.raises(ValidationError, match="DEBUG"):
        Settings(**(STRONG | {"log_level": "debug"}))
    with pytest.raises(ValidationError):
        Settings(**(STRONG | {"log_level": "LOUD"}))
    assert Settings(**(STRONG | {"log_level": "warning"})).log_level == "WARNING"
    assert Settings(log_level="DEBUG").log_level == "DEBUG"  # development may
