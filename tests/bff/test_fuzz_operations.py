"""Property: no operation answers 5xx or logs a traceback, whatever JSON, strings and numbers arrive.

Hypothesis draws bodies shaped like each operation's documented request (its own field names,
with arbitrary values: text with control, bidi, surrogate and full-width characters, huge and
negative numbers, nested arrays and objects) and wholly arbitrary JSON, plus arbitrary query
parameters. Calls are authenticated as a consultant owning a real store and client file (or as
an operator on the admin API), so path parameters name real objects and the views really run.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bff.admin.helpers import make_operator

NASTY = [
    "", " ", "\x00", "\u202eabc", "\ud800", "\udfff", "ＶＩＰ", "vip", "VIP", "Vip", "é", "e\u0301", "孕期",
    "a" * 5000, "0001-01-01", "2999-12-31", "9999-12-31T23:59:59Z", "0000-00-00", "-1", "1e309",
    "139ABC45672", "+86 138 0013 8000 ext. 12", "null", "<script>", "capture", "__bad__",
]
NASTY_TEXT = st.sampled_from(NASTY)
# Every field of every operation also gets each of these, one field at a time (the rest of the body valid
# where the example below makes it so): a deterministic sweep next to the random search.
SWEEP = [*NASTY, ["VIP", "vip"], ["Before", "before"], ["capture", "capture", "__bad__"], ["\u202e1", "x\x00"],
         2**70, -(2**63), 10**30, -1, 0, 1e308, -0.5, None, True, {}, [], [[[]]], {"a": {"b": None}}]
TEXT = st.one_of(st.text(max_size=60), NASTY_TEXT)
NUMBER = st.one_of(st.integers(min_value=-(2**70), max_value=2**70), st.floats(allow_nan=False, allow_infinity=False),
                   st.sampled_from([0, -1, 2**31, 2**63, 10**18]))
SCALAR = st.one_of(st.none(), st.booleans(), NUMBER, TEXT)
TWINS = st.lists(st.sampled_from(["VIP", "vip", "ＶＩＰ", "Vîp", "Before", "before", "孕期"]), min_size=2, max_size=4)
TREES = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(TEXT, inner, max_size=4)), max_leaves=12)
JSON_VALUE = st.one_of(TWINS, st.lists(NASTY_TEXT, max_size=4),
                       st.lists(st.one_of(NASTY_TEXT, st.integers()), max_size=4), NASTY_TEXT, TREES)


def _operations(app):  # type: ignore[no-untyped-def]
    spec = app.extensions["mirror.api"].spec.to_dict()
    schemas = spec["components"]["schemas"]
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body and "$ref" in body:
                body = schemas[body["$ref"].rsplit("/", 1)[1]]
            fields = (body or {}).get("properties", {})
            query = sorted(p["name"] for p in op.get("parameters", []) if p.get("in") == "query")
            yield op["operationId"], method.upper(), path, fields, query, body is not None


def _typed(prop: dict):  # type: ignore[no-untyped-def]
    kind = prop.get("type")
    typed = {"array": st.one_of(TWINS, st.lists(NASTY_TEXT, max_size=4), st.lists(TEXT, max_size=3)),
             "string": TEXT, "integer": NUMBER, "number": NUMBER, "boolean": st.booleans()}.get(kind, JSON_VALUE)
    return st.one_of(typed, typed, typed, JSON_VALUE)


def _body(fields: dict):  # type: ignore[no-untyped-def]
    if not fields:
        return st.one_of(st.just({}), JSON_VALUE)
    every = st.fixed_dictionaries({name: _typed(prop) for name, prop in fields.items()})
    some = st.fixed_dictionaries({}, optional={name: _typed(prop) for name, prop in fields.items()})
    one = st.sampled_from(sorted(fields)).flatmap(lambda name: st.fixed_dictionaries({name: _typed(fields[name])}))
    return st.one_of(one, one, one, every, every, some, JSON_VALUE)


def test_no_operation_answers_5xx_or_logs_a_traceback(app, client, consultant, store_of, caplog):
    owner = consultant()
    store_id = store_of(owner)
    made = client.post(f"/api/v1/stores/{store_id}/clients", headers=owner.headers,
                       json={"name": "王小美", "phone": "13800138000", "tags": ["VIP"]})
    assert made.status_code == 201, made.json
    operator = make_operator(app, client, "admin", "finance", "support")
    real = {"store_id": store_id, "client_id": made.json["id"]}
    caplog.set_level(logging.WARNING)
    failures: list[str] = []
    statuses: dict[int, int] = {}

    for op_id, method, path, fields, query, has_body in _operations(app):
        if op_id in {"me_delete", "auth_logout", "auth_logout_all"}:
            continue  # would end the session the rest of the run uses
        url_path = re.sub(r"\{([^}]+)\}", lambda m: real.get(m[1], "a" * 32), path)
        headers = operator.headers if path.startswith("/api/admin/") else owner.headers
        for name in fields:
            for value in SWEEP:
                with contextlib.suppress(AssertionError):  # recorded in failures
                    _send(client, caplog, failures, statuses, op_id, method, url_path, headers, {name: value}, {},
                          True)
        call = _fuzzer(client, caplog, failures, statuses, op_id, method, url_path, headers, fields, query, has_body)
        try:
            call()
        except AssertionError:
            pass  # recorded in failures; keep going so one run names every failing operation
        except Exception as exc:  # noqa: BLE001 - report, then fail below
            failures.append(f"{op_id}: {type(exc).__name__}: {exc}"[:500])
    assert sum(statuses.values()) > 500 and statuses.get(200, 0) + statuses.get(201, 0) > 20, statuses
    assert not failures, "\n".join(failures)


def _fuzzer(client, caplog, failures, statuses, op_id, method, url_path, headers, fields, query, has_body):  # type: ignore[no-untyped-def]  # noqa: E501
    @settings(max_examples=15, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(body=_body(fields), params=st.dictionaries(st.sampled_from(query or ["q"]), TEXT, max_size=3))
    def call(body, params):  # type: ignore[no-untyped-def]
        _send(client, caplog, failures, statuses, op_id, method, url_path, headers, body, params, has_body)

    return call


def _send(client, caplog, failures, statuses, op_id, method, url_path, headers, body, params, has_body):  # type: ignore[no-untyped-def]  # noqa: E501
    caplog.clear()
    # What a client really sends: percent-encoded bytes (a lone surrogate as invalid UTF-8).
    qs = urlencode({k: v.encode("utf-8", "surrogatepass") for k, v in params.items()})
    res = client.open(url_path + ("?" + qs if qs else ""), method=method, headers=headers,
                      data=json.dumps(body) if has_body else None,
                      content_type="application/json" if has_body else None)
    statuses[res.status_code] = statuses.get(res.status_code, 0) + 1
    logged = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    if res.status_code >= 500 and res.status_code != 503 or logged:
        failures.append(f"{op_id} {json.dumps(body)[:300]} {params} -> {res.status_code} "
                        f"{(res.json or {}).get('reason')} {[r.getMessage() for r in logged]}")
    assert res.status_code < 500 or res.status_code == 503 and res.json["reason"] != "internal_error"
