"""One error format for every non-2xx response, and no leaks."""

import pytest


def _assert_error(res, status, reason):
    assert res.status_code == status
    assert set(res.json) == {"code", "status", "message", "errors", "reason"}
    assert res.json["code"] == status and res.json["reason"] == reason
    return res.json


def test_malformed_json_is_400(client):
    res = client.post("/api/v1/auth/login", data="{not json", content_type="application/json")
    _assert_error(res, 400, "malformed_json")


def test_wrong_types_and_missing_fields_are_422_with_field_errors(client):
    body = _assert_error(client.post("/api/v1/auth/login", json={"code": 123}), 422, "validation_error")
    assert "code" in body["errors"]
    body = _assert_error(client.post("/api/v1/auth/login", json={}), 422, "validation_error")
    assert "code" in body["errors"]


def test_unknown_fields_are_422(client):
    body = _assert_error(client.post("/api/v1/auth/login", json={"code": "x", "is_admin": True}),
                         422, "validation_error")
    assert "is_admin" in body["errors"]


def test_an_oversized_body_is_413(client, settings):
    res = client.post("/api/v1/auth/login", json={"code": "x" * (settings.max_content_length + 1)})
    _assert_error(res, 413, "payload_too_large")


def test_unknown_routes_and_methods_use_the_same_format(client):
    _assert_error(client.get("/api/v1/nowhere"), 404, "not_found")
    _assert_error(client.delete("/api/v1/auth/login"), 405, "method_not_allowed")
    assert client.open("/api/v1/me", method="TRACE").status_code == 405


def test_an_unexpected_exception_is_a_generic_500_without_a_traceback(app, client, login, monkeypatch):
    from bff.users import routes

    who = login()

    def explode(_user):
        raise RuntimeError("secret internals /work/main/bff/users/service.py")

    monkeypatch.setattr(routes.service, "phone_of", explode)
    monkeypatch.setattr(app, "testing", False)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    res = client.get("/api/v1/me", headers=who.headers)
    _assert_error(res, 500, "internal_error")
    text = res.get_data(as_text=True)
    assert "Traceback" not in text and "secret internals" not in text and "service.py" not in text


def test_security_headers_and_no_cors_for_foreign_origins(client):
    res = client.get("/api/v1/agreements", headers={"Origin": "https://evil.example"})
    assert res.headers["X-Content-Type-Options"] == "nosniff"
    assert res.headers["X-Frame-Options"] == "DENY"
    assert res.headers["Cache-Control"] == "no-store"
    assert "Access-Control-Allow-Origin" not in res.headers


@pytest.mark.parametrize("incoming", ["abc", "x" * 100, "bad id with spaces"])
def test_unusable_request_ids_are_replaced_and_good_ones_echoed(client, incoming):
    assert client.get("/livez", headers={"X-Request-ID": incoming}).headers["X-Request-ID"] != incoming
    assert client.get("/livez", headers={"X-Request-ID": "req-12345678"}).headers["X-Request-ID"] == "req-12345678"


def test_unknown_query_parameters_are_422_too(client, login):
    who = login()
    res = client.get("/api/v1/me/access-history", query_string={"limit": 5, "sort": "asc"}, headers=who.headers)
    body = _assert_error(res, 422, "validation_error")
    assert "sort" in body["errors"]


def test_field_errors_keyed_by_list_index_and_by_name_render_as_one_422(client, consultant, store_of):
    """marshmallow keys a list's item errors by index next to ``_schema``; the error body used to
    fail to serialise (``'<' not supported between 'str' and 'int'``) and answer 500."""
    owner = consultant()
    store_id = store_of(owner)
    made = client.post(f"/api/v1/stores/{store_id}/clients", json={"name": "王小美"}, headers=owner.headers)
    url = f"/api/v1/stores/{store_id}/clients/{made.json['id']}/consent-requests"
    for body in ({"template_id": "x" * 22, "scopes": ["capture", "capture", "__bad__"]},
                 {"scopes": ["capture", "capture", "__bad__"]}):
        res = client.post(url, json=body, headers=owner.headers)
        body = _assert_error(res, 422, "validation_error")
        assert set(body["errors"]["scopes"]) == {"2", "_schema"}
