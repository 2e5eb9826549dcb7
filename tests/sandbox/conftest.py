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


# --- OSS emulator: oss2 cannot address a path prefix, so it gets a standalone app -----------


@dataclass
class OssSandbox:
    sandbox: Sandbox  # the sandbox app (OSS mounted under /oss), served at its root
    endpoint: str  # the standalone OSS app sharing its state: the endpoint oss2 is given
    config: SandboxConfig

    @property
    def mounted(self) -> str:
        return self.sandbox.base_url + "/oss"


@pytest.fixture(scope="session")
def oss_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OssSandbox]:
    from sandbox.oss import create_oss_app
    from sandbox.oss.config import OssSandboxConfig, StsCredential

    oss_config = OssSandboxConfig(
        storage_dir=str(tmp_path_factory.mktemp("oss-objects")),
        sts_credentials=(StsCredential("STS.SandboxTestKey0001", "sts-test-secret", "sts-test-token"),),
    )
    config = SandboxConfig(oss=oss_config)
    app = create_sandbox_app(config)
    servers = [
        make_server("127.0.0.1", 0, app, threaded=True),
        make_server("127.0.0.1", 0, create_oss_app(share_with=app), threaded=True),
    ]
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    http = requests.Session()
    try:
        sandbox = Sandbox(f"http://127.0.0.1:{servers[0].server_port}", config, http)
        yield OssSandbox(sandbox, f"http://127.0.0.1:{servers[1].server_port}", config)
    finally:
        http.close()
        for server, thread in zip(servers, threads, strict=True):
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)


@pytest.fixture
def oss_sandbox(oss_server: OssSandbox) -> OssSandbox:
    oss_server.sandbox.control("reset")  # clock, objects, faults, callback log
    return oss_server


# --- WeChat Pay emulator: fixtures and helpers live in wechatpay_conftest.py ------------------
from tests.sandbox.wechatpay_conftest import pay_sandbox, receiver, receiver_server, wxpay  # noqa: E402, F401
