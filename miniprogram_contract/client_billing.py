"""Billing operations of the typed client (plans, orders, VIP, activation codes)."""

from __future__ import annotations

from typing import Any


class BillingMethods:
    _call: Any

    # plans, VIP, orders
    def plans_list(self, platform: str | None = None) -> dict[str, Any]:
        query = f"?platform={platform}" if platform else ""
        return self._call("GET", f"/api/v1/plans{query}", auth=False)  # type: ignore[no-any-return]

    def me_vip(self) -> dict[str, Any]:
        return self._call("GET", "/api/v1/me/vip")  # type: ignore[no-any-return]

    def orders_create(self, *, plan_code: str, platform: str) -> dict[str, Any]:
        """``{"order": ..., "payment": <the wx.requestPayment parameters>}``."""
        return self._call("POST", "/api/v1/orders",  # type: ignore[no-any-return]
                          {"plan_code": plan_code, "platform": platform})

    def orders_get(self, order_id: str) -> dict[str, Any]:
        return self._call("GET", f"/api/v1/orders/{order_id}")  # type: ignore[no-any-return]

    def orders_list(self) -> list[dict[str, Any]]:
        return self._call("GET", "/api/v1/orders")["orders"]  # type: ignore[no-any-return]

    # activation codes
    def activation_codes_redeem(self, code: str) -> dict[str, Any]:
        """``{"plan_code", "plan_name", "granted_days", "vip_ends_at"}``; 404/409/410/422/429 by ``reason``."""
        return self._call("POST", "/api/v1/activation-codes/redeem", {"code": code})  # type: ignore[no-any-return]

    # WeChat Pay notifications (called by WeChat Pay, not the mini-program): raw signed bytes in, 204 out
    def _wechatpay_notify(self, path: str, body: bytes, headers: dict[str, str]) -> None:
        from miniprogram_contract.client import ApiError

        core: Any = self
        res = core.http.post(core.base_url + path, data=body, timeout=core.timeout,
                             headers={"Content-Type": "application/json", **headers})
        if res.status_code >= 400:
            raise ApiError(res.status_code, res.json())

    def payments_wechatpay_notify(self, body: bytes, headers: dict[str, str]) -> None:
        self._wechatpay_notify("/api/v1/payments/wechatpay/notify", body, headers)

    def payments_wechatpay_refund_notify(self, body: bytes, headers: dict[str, str]) -> None:
        self._wechatpay_notify("/api/v1/payments/wechatpay/refund-notify", body, headers)
