"""Reasons are defined once, and every reason a route answers is declared in its OpenAPI operation."""

from __future__ import annotations

import pytest

import bff.users.service  # noqa: F401 - registers phone_already_bound before the test redefines it
from bff import errors as e
from tests.support import declared_reasons


def test_a_second_definition_of_a_reason_fails_at_import():
    with pytest.raises(TypeError, match="phone_already_bound"):
        class Again(e.DomainError):  # noqa: F841 - defining it is the test
            status, reason, message = 409, "phone_already_bound", "重复定义"
    assert e.REASONS["phone_already_bound"].__module__ == "bff.users.service"


def test_each_reason_has_one_status(app):  # the app imports every route and service module
    from bff.billing import quotas

    assert (quotas.PlanLimitReached.status, quotas.QuotaExceeded.status) == (403, 429)
    assert quotas.PlanLimitReached.reason != quotas.QuotaExceeded.reason
    assert all(cls.reason == reason for reason, cls in e.REASONS.items())


def test_an_undeclared_reason_is_caught(client, login, monkeypatch):
    from bff.billing.service import PlanNotFound
    from bff.users import routes

    who = login()

    def refuse(_user):
        raise PlanNotFound()

    monkeypatch.setattr(routes.service, "phone_of", refuse)
    assert client.get("/api/v1/me", headers=who.headers).json["reason"] == "plan_not_found"
    found = declared_reasons.UNDECLARED.pop(("GET", "/api/v1/me"))  # the session must not fail for it
    assert found == {(404, "plan_not_found")}
    # A declared one is not reported.
    monkeypatch.undo()
    client.get("/api/v1/me")  # 401 token_missing: declared by @blp.authenticated
    assert ("GET", "/api/v1/me") not in declared_reasons.UNDECLARED
