"""Emulator of Aliyun OSS: objects, V1/V4 signatures, PostObject, upload callbacks, x-oss-process.

oss2 cannot reach it under a path prefix: ``oss2.api._UrlMaker`` keeps only the scheme and
host of the endpoint and builds ``http://host/<bucket>/<key>``. So the OSS API is served
- inside the sandbox app under ``/oss`` (for plain HTTP clients: PostObject from the
  mini-program, presigned URLs after a host/prefix rewrite), and
- at the root of its own app, ``create_oss_app(config, clock)``, on its own port; that is
  the endpoint to give oss2 (``http://127.0.0.1:<port>``: an IP endpoint is path-style).
Both share objects when they share a storage_dir (the default temp dir is per process).
Test hooks live under /control/oss (control.py); the callback public key is served at
``GET /oss-pubkey/callback_pub_key_v1.pem``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask

from sandbox.clock import SandboxClock
from sandbox.oss import api, control, objects  # noqa: F401 - objects registers the routes
from sandbox.oss.config import OssSandboxConfig
from sandbox.oss.state import OssState

if TYPE_CHECKING:
    from sandbox.app import SandboxConfig

MOUNT_PREFIX = "/oss"


def _register(app: Flask, state: OssState, prefix: str) -> None:
    app.extensions["sandbox_oss"] = state
    app.register_blueprint(api.bp, url_prefix=prefix or None)
    app.register_blueprint(control.bp)
    app.register_blueprint(control.pubkey_bp)


def init_app(app: Flask, config: SandboxConfig, clock: SandboxClock) -> None:
    """Mount the emulator in the sandbox app; POST /control/reset clears it."""
    state = OssState(config.oss, clock)
    _register(app, state, MOUNT_PREFIX)
    app.extensions.setdefault("sandbox_resets", []).append(state.reset)


def create_oss_app(
    config: OssSandboxConfig | SandboxConfig | None = None,
    clock: SandboxClock | None = None,
    *,
    share_with: Flask | None = None,
) -> Flask:
    """A standalone WSGI app serving OSS at its root, the form oss2 can address.

    ``share_with=<sandbox app>`` reuses that app's emulator state and clock (faults, callback
    log, STS credentials, /control/reset and /control/clock then act on both); otherwise the
    two share only objects, through storage_dir. Reset it alone with POST /control/oss/reset.
    """
    app = Flask("sandbox_oss", static_folder=None)
    if share_with is not None:
        state: OssState = share_with.extensions["sandbox_oss"]
    else:
        oss_config = config if isinstance(config, OssSandboxConfig) else (config.oss if config else None)
        state = OssState(oss_config or OssSandboxConfig(), clock or SandboxClock())
    app.extensions["sandbox_clock"] = state.clock
    _register(app, state, "")
    return app
