"""A live sandbox on a random port (real HTTP, so the real SDKs can talk to it), reset per test."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from werkzeug.serving import make_server

from sandbox.app import SandboxConfig, create_sandbox_app


@dataclass
class Sandbox:
    base_url: str
    config: SandboxConfig
    http: requests.Session

    def url(self, path: str) -> str:
        return self.base_url + path

    def control(self, path: str, payload: dict[str, Any] | None = None) -> Any:
        """POST a control route and return its JSON, failing loudly on a 4xx/5xx."""
        response = self.http.post(self.url("/control/" + path), json=payload or {}, timeout=10)
        response.raise_for_status()
        return response.json()

    def advance(self, seconds: float) -> None:
        self.control("clock", {"advance": seconds})

    def calls(self, api: str) -> int:
        response = self.http.get(self.url("/control/wechat/calls"), params={"api": api}, timeout=10)
        response.raise_for_status()
        return int(response.json()["count"])


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[Sandbox]:
    config = SandboxConfig()
    server = make_server("127.0.0.1", 0, create_sandbox_app(config), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    http = requests.Session()
    try:
        yield Sandbox(f"http://127.0.0.1:{server.server_port}", config, http)
    finally:
        http.close()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def sandbox(sandbox_server: Sandbox) -> Sandbox:
    sandbox_server.control("reset")
    return sandbox_server
