"""wx.request cannot send PATCH: POST + ``X-HTTP-Method-Override: PATCH`` runs a route's PATCH, and
nothing else (another method, another verb, a route without PATCH) is let through."""

import pytest

OVERRIDE = "X-HTTP-Method-Override"


@pytest.fixture
def file(client, consultant, store_of):
    owner = consultant()
    base = f"/api/v1/stores/{store_of(owner)}/clients"
    made = client.post(base, json={"name": "张三", "tags": ["A"]}, headers=owner.headers)
    assert made.status_code == 201, made.json

    class File:
        url = f"{base}/{made.json['id']}"
        headers = owner.headers
        collection = base

    return File


def _tags(client, file):
    res = client.get(file.url, headers=file.headers)
    assert res.status_code == 200, res.json
    return res.json["tags"]


@pytest.mark.parametrize("value", ["PATCH", "patch", " Patch "])
def test_a_post_asking_for_patch_runs_the_routes_patch(client, file, value):
    res = client.post(file.url, json={"tags": ["敏感肌"]}, headers={**file.headers, OVERRIDE: value})
    assert res.status_code == 200, res.json
    assert res.json["tags"] == ["敏感肌"] and _tags(client, file) == ["敏感肌"]


def test_the_overridden_request_is_the_patch_in_every_respect(client, file):
    """Same validation and authentication as a real PATCH: the method changes before routing."""
    unknown = client.post(file.url, json={"linked_user_id": 1}, headers={**file.headers, OVERRIDE: "PATCH"})
    assert unknown.status_code == 422 and unknown.json["reason"] == "validation_error"
    assert "linked_user_id" in unknown.json["errors"]
    anonymous = client.post(file.url, json={"tags": ["B"]}, headers={OVERRIDE: "PATCH"})
    assert anonymous.status_code == 401 and anonymous.json["reason"] == "token_missing"
    assert _tags(client, file) == ["A"]


def test_only_patch_may_be_asked_for(client, file):
    deleted = client.post(file.url, headers={**file.headers, OVERRIDE: "DELETE"})
    assert deleted.status_code == 405 and deleted.json["reason"] == "method_not_allowed"
    assert client.get(file.url, headers=file.headers).json["deleted"] is False
    for verb in ("PUT", "GET", "PATCH, DELETE", ""):
        res = client.post(file.url, json={"tags": ["B"]}, headers={**file.headers, OVERRIDE: verb})
        assert res.status_code == 405 and res.json["reason"] == "method_not_allowed", verb
    assert _tags(client, file) == ["A"]


def test_only_a_post_may_ask(client, file):
    for method in ("GET", "PUT", "DELETE"):
        res = client.open(file.url, method=method, json={"tags": ["B"]}, headers={**file.headers, OVERRIDE: "PATCH"})
        assert res.status_code == 405 and res.json["reason"] == "method_not_allowed", method
    assert client.get(file.url, headers=file.headers).json["deleted"] is False
    assert _tags(client, file) == ["A"]


def test_a_route_without_patch_refuses_the_header_instead_of_running_its_post(client, file):
    """POST /clients exists; with the header it must not quietly create a client file."""
    before = client.get(file.collection, headers=file.headers).json["items"]
    res = client.post(file.collection, json={"name": "李四"}, headers={**file.headers, OVERRIDE: "PATCH"})
    assert res.status_code == 405 and res.json["reason"] == "method_not_allowed"
    assert "PATCH" in res.json["message"]
    assert client.get(file.collection, headers=file.headers).json["items"] == before


def test_an_unknown_path_is_still_404(client):
    res = client.post("/api/v1/nowhere", json={}, headers={OVERRIDE: "PATCH"})
    assert res.status_code == 404 and res.json["reason"] == "not_found"


def test_a_request_without_the_header_is_untouched(client, file):
    res = client.post(file.url, json={"tags": ["B"]}, headers=file.headers)
    assert res.status_code == 405 and res.json["reason"] == "method_not_allowed"
    res = client.patch(file.url, json={"tags": ["B"]}, headers=file.headers)
    assert res.status_code == 200 and _tags(client, file) == ["B"]
