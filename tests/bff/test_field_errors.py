"""Field-level errors a person may read are Simplified Chinese; the machine-readable part is unchanged."""

from __future__ import annotations

import inspect

import marshmallow as ma
from marshmallow import fields, validate

import bff.schemas  # noqa: F401 - installs the Chinese messages


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_every_default_field_validator_and_schema_message_is_chinese():
    for _name, cls in inspect.getmembers(fields, inspect.isclass):
        if issubclass(cls, fields.Field) and not inspect.isabstract(cls):
            merged: dict[str, str] = {}
            for klass in reversed(cls.__mro__):
                merged.update(getattr(klass, "default_error_messages", {}))
            for key, message in merged.items():
                assert _has_cjk(message), (cls.__name__, key, message)
    for _name, cls in inspect.getmembers(validate, inspect.isclass):
        for attr, value in vars(cls).items():
            if (attr.startswith("message") or attr == "default_message") and isinstance(value, str):
                assert _has_cjk(value), (cls.__name__, attr, value)
    for key, message in ma.Schema._default_error_messages.items():
        assert _has_cjk(message), (key, message)


def _errors(res, status=422):
    assert res.status_code == status, res.json
    assert res.json["reason"] == "validation_error"
    return res.json["errors"]


def test_missing_unknown_and_wrong_type_read_in_chinese(client):
    errors = _errors(client.post("/api/v1/auth/login", json={"is_admin": True}))
    assert errors == {"code": ["缺少必填字段。"], "is_admin": ["未知字段。"]}
    assert _errors(client.post("/api/v1/auth/login", json={"code": 123})) == {"code": ["应为字符串。"]}
    assert _errors(client.post("/api/v1/auth/login", json=[1]))["_schema"] == ["输入类型无效，应为对象。"]


def test_length_range_one_of_date_and_null_read_in_chinese(client, consultant, store_of):
    who = consultant()
    store = client.post("/api/v1/stores", json={"name": "店" * 81, "address": None, "business_category": "x"},
                        headers=who.headers)
    errors = _errors(store)
    assert errors["name"] == ["长度须在 1 到 80 之间。"]
    assert errors["address"] == ["该字段不能为空（null）。"]
    assert errors["business_category"][0].startswith("取值须为以下之一：")
    query = client.get("/api/v1/plans?bogus=1", headers=who.headers)
    assert _errors(query) == {"bogus": ["未知字段。"]}
    plans = client.get("/api/v1/plans?platform=symbian", headers=who.headers)
    assert _errors(plans)["platform"][0].startswith("取值须为以下之一：")
    client_file = client.post(f"/api/v1/stores/{store_of(who)}/clients",
                              json={"name": "王", "birth_date": "1990-13-40", "tags": "vip"}, headers=who.headers)
    errors = _errors(client_file)
    assert errors == {"birth_date": ["不是有效的日期（YYYY-MM-DD）。"], "tags": ["应为数组。"]}

