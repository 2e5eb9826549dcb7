"""The sandbox WSGI app: each emulator registers its own routes and state.

Run standalone (``python -m sandbox``) or mounted under ``/sandbox`` by the BFF in
development and test configurations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask, jsonify

from sandbox.clock import SandboxClock
from sandbox.oss.config import OssSandboxConfig
from sandbox.wechatpay.config import PaySandboxConfig


@dataclass
class SandboxConfig:
    """What the emulated servers know about the merchant/app they serve."""

    wechat_appid: str = "wx5a3e9f1c0d2b4e68"
    wechat_secret: str = "sandbox-wechat-app-secret-0001"
    # Pages that exist in the published mini-program (wxacode check_path).
    wechat_pages: tuple[str, ...] = (
        "pages/index/index",
        "pages/login/login",
        "pages/invite/accept",
        "pages/consent/sign",
        "pages/analysis/detail",
    )
    # Subscribe-message templates: template_id -> required data keys.
    wechat_templates: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: {
            "TPL_WELCOME_0001": ("thing1", "time2"),
            "TPL_CONSENT_0001": ("thing1", "thing2", "time3"),
            "TPL_ANALYSIS_0001": ("thing1", "time2"),
        }
    )
    # Public base URL the sandbox is reachable at (used by emulators that call back).
    public_base_url: str = "http://127.0.0.1:8000/sandbox"
    pay: PaySandboxConfig = field(default_factory=PaySandboxConfig)
    oss: OssSandboxConfig = field(default_factory=OssSandboxConfig)


def create_sandbox_app(config: SandboxConfig | None = None) -> Flask:
    config = config or SandboxConfig()
    app = Flask("sandbox")
    app.config["SANDBOX"] = config
    clock = SandboxClock()
    app.extensions["sandbox_clock"] = clock

    from sandbox import oss, wechat, wechatpay

    wechat.init_app(app, config, clock)
    wechatpay.init_app(app, config, clock)
    oss.init_app(app, config, clock)
    from sandbox.pages import bp as pages

    app.register_blueprint(pages)

    @app.post("/control/clock")
    def advance_clock():  # type: ignore[no-untyped-def]
        from flask import request

        seconds = float((request.get_json(silent=True) or {}).get("advance", 0))
        return jsonify(offset=clock.advance(seconds))

    @app.post("/control/reset")
    def reset():  # type: ignore[no-untyped-def]
        clock.reset()
        for reset_state in app.extensions.get("sandbox_resets", []):
            reset_state()
        return jsonify(ok=True)

    return app
