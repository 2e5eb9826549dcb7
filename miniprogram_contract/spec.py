"""The OpenAPI document as the app serves it, and the committed copy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

COMMITTED = Path(__file__).parent / "openapi.json"


def current_spec() -> dict[str, Any]:
    from bff.app import create_app
    from bff.config import Settings

    # Building the app touches no database or Redis; the spec depends on code only.
    app = create_app(Settings(env="test", database_url="sqlite://", redis_url=None))
    with app.app_context():
        return json.loads(json.dumps(app.extensions["mirror.api"].spec.to_dict()))


def committed_spec() -> dict[str, Any]:
    return json.loads(COMMITTED.read_text(encoding="utf-8"))


def operation_ids(spec: dict[str, Any], prefix: str = "/api/v1/") -> set[str]:
    """Operation ids under ``prefix``: the mini-program's API (the admin API is not its contract)."""
    return {
        op["operationId"]
        for path, item in spec["paths"].items() if path.startswith(prefix)
        for method, op in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    }
