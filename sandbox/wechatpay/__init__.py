"""Emulator of WeChat Pay API v3 for a direct merchant's mini-program (JSAPI) payments.

WeChat-Pay-facing routes live under /wechatpay (see api.py; point wechatpayv3 at it with
``wxpay._core._gate_way = '<sandbox base>/wechatpay'``), test hooks under /control/wechatpay
(see control.py). All state is in memory and cleared by POST /control/reset.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask

from sandbox.clock import SandboxClock
from sandbox.wechatpay import api, control
from sandbox.wechatpay.config import DevMerchantCredentials, PaySandboxConfig, dev_merchant_credentials
from sandbox.wechatpay.state import PayState

if TYPE_CHECKING:
    from sandbox.app import SandboxConfig

__all__ = ["DevMerchantCredentials", "PaySandboxConfig", "dev_merchant_credentials", "init_app"]


def init_app(app: Flask, config: SandboxConfig, clock: SandboxClock) -> None:
    pay = config.pay
    if len(pay.apiv3_key.encode("ascii")) != 32:
        raise ValueError("PaySandboxConfig.apiv3_key must be 32 ASCII characters")
    state = PayState(pay, pay.appid or config.wechat_appid, clock)
    app.extensions["sandbox_wechatpay"] = state
    app.register_blueprint(api.bp)
    app.register_blueprint(control.bp)
    app.extensions.setdefault("sandbox_resets", []).append(state.reset)
