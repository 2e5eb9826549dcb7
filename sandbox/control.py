"""Plumbing shared by the emulators' /control routes (test hooks, not emulated APIs).

Bad input there is a test bug, so it gets HTTP 400 ``{"error": ...}`` rather than an
emulated server's error format.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request


class ControlError(Exception):
    pass


def control_blueprint(name: str, url_prefix: str) -> Blueprint:
    bp = Blueprint(name, __name__, url_prefix=url_prefix)

    @bp.errorhandler(ControlError)
    @bp.errorhandler(ValueError)
    def _bad_request(error: Exception) -> tuple[Response, int]:
        return jsonify(error=str(error)), 400

    return bp


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise ControlError("body must be a JSON object")
    return body
