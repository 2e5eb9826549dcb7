"""What the OpenAPI document promises is what the server enforces, read from the document itself.

For every operation with a JSON body: a body built from the schema is accepted by validation (any answer
but 422); without each documented required field it is 422 naming the field; with a value one past each
documented limit (maxLength, maximum, maxItems and their minimums) or outside its enum it is 422 naming the
field, at the top level and one level down (nested objects and arrays of objects).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.bff.admin.helpers import make_operator

SPEC = json.loads((Path(__file__).resolve().parents[1] / "miniprogram_contract" / "openapi.json").read_text())
SCHEMAS = SPEC["components"]["schemas"]
# Cross-field rules (one of two fields, a kind-dependent object) a generic body cannot satisfy; their fields are
# checked by the operations' own tests.
CROSS_FIELD = {
    "me_bind_phone": {"code": "wx-phone-code"},
    "invitations_accept": {"code": "ABCD1234"},
    "me_consents_withdraw": {"client_id": "c1", "all": True},
    "consents_withdraw_for_client": {"all": True, "reason": "客户来电要求"},
    "capture_sessions_create": {"device_kind": "phone_camera", "device": {"camera_model": "iPhone 15"},
                                "light_mode": "standard"},
}


PATTERNS = {"^[0-9a-f]{64}$": "0" * 64, "^[a-z][a-z0-9_]{1,63}$": "code_a", "^[0-9a-fA-F]{64}$": "0" * 64,
            "^[a-z0-9][a-z0-9-]{0,63}$": "name-a", "^[A-Za-z0-9.]{1,32}$": "1.0", "^[A-Za-z0-9._-]{1,128}$": "a.onnx"}


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return SCHEMAS[schema["$ref"].rsplit("/", 1)[-1]]
    for key in ("allOf", "anyOf"):
        if key in schema:
            return _resolve(schema[key][0])
    return schema


def _value(schema: dict[str, Any]) -> Any:
    """A value the schema accepts (the smallest sensible one)."""
    schema = _resolve(schema)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {name: _value(prop) for name, prop in schema.get("properties", {}).items()
                if name in schema.get("required", [])}
    if kind == "array":
        return [_value(schema["items"]) for _ in range(max(1, schema.get("minItems", 1)))]
    if kind == "integer":
        return schema.get("minimum", 1)
    if kind == "boolean":
        return True
    fmt = schema.get("format")
    if fmt == "date-time":
        return "2026-01-01T00:00:00+00:00"
    if fmt == "date":
        return "1990-01-01"
    if "pattern" in schema:
        assert schema["pattern"] in PATTERNS, f"add a value for this pattern: {schema['pattern']}"
        return PATTERNS[schema["pattern"]]
    length = max(schema.get("minLength", 0), min(4, schema.get("maxLength", 4)))
    return ("测试内容" * 50)[:length]


def _over(schema: dict[str, Any], valid: Any) -> list[tuple[str, Any]]:
    """(limit, value) one past each documented limit of the property."""
    schema = _resolve(schema)
    out: list[tuple[str, Any]] = []
    if "maxLength" in schema:
        out.append(("maxLength", "长" * (schema["maxLength"] + 1)))
    if schema.get("minLength", 0) > 0:
        out.append(("minLength", "长" * (schema["minLength"] - 1)))
    if "maximum" in schema:
        out.append(("maximum", schema["maximum"] + 1))
    if "minimum" in schema:
        out.append(("minimum", schema["minimum"] - 1))
    if "maxItems" in schema:
        item = valid[0] if valid else _value(schema["items"])
        out.append(("maxItems", [copy.deepcopy(item) for _ in range(schema["maxItems"] + 1)]))
    if schema.get("minItems", 0) > 0:
        out.append(("minItems", []))
    if "enum" in schema:
        out.append(("enum", "不在可选值中"))
    return out


def _operations() -> list[tuple[str, str, str, dict[str, Any]]]:
    found = []
    for path, item in SPEC["paths"].items():
        for method, op in item.items():
            body = None if method == "parameters" else op.get("requestBody", {}).get("content", {}).get(
                "application/json")
            if body:
                found.append((op["operationId"], method, path, _resolve(body["schema"])))
    return found


OPERATIONS = _operations()


def _base(op_id: str, schema: dict[str, Any]) -> dict[str, Any]:
    body = _value(schema)
    return body | CROSS_FIELD.get(op_id, {})


@pytest.fixture
def caller(app, client, consultant):  # type: ignore[no-untyped-def]
    """Headers for a route: a registered consultant, or an operator with every role for the admin API."""
    user = consultant()
    operator = make_operator(app, client, "admin", "finance", "support")

    def headers(path: str) -> dict[str, str]:
        token = operator.token if path.startswith("/api/admin/") else user.access_token
        return {"Authorization": f"Bearer {token}"}

    return headers


def _send(client, method: str, path: str, body: Any, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    url = re.sub(r"\{[^}]+\}", "no-such-id", path)  # validation runs before any lookup
    return client.open(url, method=method.upper(), json=body, headers=headers)


def _refused(res, field: str, why: str) -> None:  # type: ignore[no-untyped-def]
    assert res.status_code == 422, (field, why, res.status_code, res.json)
    assert res.json["reason"] == "validation_error" and field in res.json["errors"], (field, why, res.json)


def test_every_json_body_operation_is_covered():
    assert len(OPERATIONS) >= 29
    assert set(CROSS_FIELD) <= {op_id for op_id, *_ in OPERATIONS}


@pytest.mark.parametrize(("op_id", "method", "path", "schema"), OPERATIONS, ids=[o[0] for o in OPERATIONS])
def test_documented_required_fields_and_limits_are_enforced(client, caller, op_id, method, path, schema):
    headers = caller(path)
    base = _base(op_id, schema)
    accepted = _send(client, method, path, base, headers)
    # The generated body passes validation (a domain 422, such as a malformed activation code, is fine).
    assert accepted.status_code not in (400, 413), (op_id, base, accepted.json)
    assert accepted.json is None or accepted.json.get("reason") != "validation_error", (op_id, base, accepted.json)
    checked = 0
    for name in schema.get("required", []):
        _refused(_send(client, method, path, {k: v for k, v in base.items() if k != name}, headers), name,
                 "required")
        checked += 1
    for name, prop in schema.get("properties", {}).items():
        valid = base.get(name, _value(prop))
        for limit, value in _over(prop, valid):
            _refused(_send(client, method, path, {**base, name: value}, headers), name, limit)
            checked += 1
        nested = _resolve(prop)
        if nested.get("type") == "array":
            nested = _resolve(nested["items"])
            wrap = True
        else:
            wrap = False
        for sub_name, sub_prop in nested.get("properties", {}).items():
            inner = valid[0] if wrap else valid
            if not isinstance(inner, dict):
                continue
            for limit, value in _over(sub_prop, inner.get(sub_name, _value(sub_prop))):
                changed = {**inner, sub_name: value}
                _refused(_send(client, method, path, {**base, name: [changed] if wrap else changed}, headers),
                         name, f"{sub_name} {limit}")
                checked += 1
    assert checked > 0 or not schema.get("properties"), op_id
