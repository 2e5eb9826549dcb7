"""The OpenAPI document speaks Simplified Chinese to the mini-program team: every operation has a summary and
a description, every parameter and every schema property a description."""

from __future__ import annotations

import re
from typing import Any

CJK = re.compile(r"[\u4e00-\u9fff]")
METHODS = ("get", "post", "put", "patch", "delete")


def _chinese(text: Any) -> bool:
    return isinstance(text, str) and bool(CJK.search(text))


def _spec(app) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return app.extensions["mirror.api"].spec.to_dict()


def _response(spec: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    if ref := response.get("$ref"):
        return spec["components"]["responses"][ref.rsplit("/", 1)[-1]]
    return response


def test_every_operation_and_response_has_a_chinese_summary_and_description(app):
    missing = []
    spec = _spec(app)
    for path, item in spec["paths"].items():
        for method in METHODS:
            if op := item.get(method):
                if not (_chinese(op.get("summary")) and _chinese(op.get("description"))):
                    missing.append(f"{method.upper()} {path} ({op['operationId']})")
                elif op["description"].strip() == op["summary"].strip():
                    missing.append(f"{op['operationId']}: the description only repeats the summary")
                missing += [f"{op['operationId']} {status}" for status, response in op["responses"].items()
                            if not _chinese(_response(spec, response).get("description"))]
    assert missing == []


def test_every_parameter_and_schema_property_has_a_chinese_description(app):
    spec = _spec(app)
    missing = []
    for path, item in spec["paths"].items():
        params = [(path, p) for p in item.get("parameters", [])]
        params += [(f"{m.upper()} {path}", p) for m in METHODS for p in item.get(m, {}).get("parameters", [])]
        missing += [f"{where} {p['in']} {p['name']}" for where, p in params if not _chinese(p.get("description"))]
    for name, schema in spec["components"]["schemas"].items():
        missing += [f"{name}.{prop}" for prop, body in schema.get("properties", {}).items()
                    if not _chinese(body.get("description"))]
    assert missing == []


def test_the_check_sees_a_property_without_a_description(app):
    import marshmallow as ma

    from bff.schemas import Schema

    class Probe(Schema):
        plain = ma.fields.String()
        described = ma.fields.String(metadata={"description": "有说明"})

    from apispec import APISpec
    from apispec.ext.marshmallow import MarshmallowPlugin

    spec = APISpec("probe", "1", "3.0.3", plugins=[MarshmallowPlugin()])
    spec.components.schema("Probe", schema=Probe)
    props = spec.to_dict()["components"]["schemas"]["Probe"]["properties"]
    assert [p for p, body in props.items() if not _chinese(body.get("description"))] == ["plain"]


def test_errors_any_route_may_answer_are_documented_on_the_default_response(app):
    from bff.api import GENERIC_ERRORS

    default = _spec(app)["components"]["responses"]["DEFAULT_ERROR"]["description"]
    assert all(f"`{err.reason}`" in default for err in GENERIC_ERRORS), default
    assert {"database_busy", "dependency_unavailable", "malformed_json"} <= {err.reason for err in GENERIC_ERRORS}
