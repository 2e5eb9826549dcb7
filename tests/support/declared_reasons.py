"""Every error a route answers is declared on it in the OpenAPI document.

While the suite runs, each error response of an API route is checked against the reasons its
operation documents (the `@blp.errors(...)` list rendered per status). An undeclared (status, reason)
fails the run at the end, naming the route: the mini-program team only knows what the contract says.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pytest
from flask import Flask, request, request_finished

from bff.api import GENERIC_ERRORS

# Answered by the HTTP layer around any route; documented once, on the default error response.
GENERIC = {err.reason for err in GENERIC_ERRORS}
_REASON = re.compile(r"`([a-z0-9_]+)`：")
_declared: dict[int, dict[tuple[str, str], set[tuple[int, str]]]] = {}
UNDECLARED: dict[tuple[str, str], set[tuple[int, str]]] = defaultdict(set)


def _declared_for(app: Flask) -> dict[tuple[str, str], set[tuple[int, str]]]:
    key = id(app)
    if key not in _declared:
        spec = app.extensions["mirror.api"].spec.to_dict()
        table: dict[tuple[str, str], set[tuple[int, str]]] = {}
        for path, item in spec["paths"].items():
            for method, op in item.items():
                if method == "parameters":
                    continue
                table[(method.upper(), path)] = {
                    (int(status), reason) for status, response in op["responses"].items() if status.isdigit()
                    for reason in _REASON.findall(response.get("description", ""))}
        _declared[key] = table
    return _declared[key]


def _check(sender: Flask, response: Any, **_: Any) -> None:
    if response.status_code < 400 or "mirror.api" not in sender.extensions or request.url_rule is None:
        return
    body = response.get_json(silent=True) if response.is_json else None
    reason = body.get("reason") if isinstance(body, dict) else None
    if not reason or reason in GENERIC:
        return
    path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", request.url_rule.rule)
    declared = _declared_for(sender).get((request.method, path))
    if declared is not None and (response.status_code, reason) not in declared:
        UNDECLARED[(request.method, path)].add((response.status_code, reason))


request_finished.connect(_check)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not UNDECLARED:
        return
    lines = [f"  {method} {path}: {sorted(found)}" for (method, path), found in sorted(UNDECLARED.items())]
    message = "routes answered errors their OpenAPI operation does not declare (add them to @blp.errors):\n"
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(message + "\n".join(lines), red=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
