"""Emulator of the WeChat mini-program server APIs (code2Session, tokens, phone, wxacode, subscribe).

WeChat-facing routes live under /wechat (see api.py), test hooks under /control/wechat
(see control.py). All state is in memory and cleared by POST /control/reset.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask

from sandbox.clock import SandboxClock
from sandbox.wechat import api, control
from sandbox.wechat.state import WeChatState

if TYPE_CHECKING:
    from sandbox.app import SandboxConfig


def init_app(app: Flask, config: SandboxConfig, clock: SandboxClock) -> None:
    state = WeChatState(config, clock)
    app.extensions["sandbox_wechat"] = state
    app.register_blueprint(api.bp)
    app.register_blueprint(control.bp)
    app.extensions.setdefault("sandbox_resets", []).append(state.reset)
