"""Capture operations of the typed client: protocols, sessions, upload policies, confirm, OSS callback."""

from __future__ import annotations

from typing import Any


class CaptureMethods:
    _call: Any

    # protocols and sessions
    def capture_protocols_list(self) -> list[dict[str, Any]]:
        return self._call("GET", "/api/v1/capture-protocols")["protocols"]  # type: ignore[no-any-return]

    def capture_sessions_create(self, store_id: str, client_id: str, *, device_kind: str, device: dict[str, str],
                                light_mode: str, protocol: str, settings: dict[str, str] | None = None
                                ) -> dict[str, Any]:
        """403 ``consent_required`` / ``guardian_consent_required`` without the client's capture consent."""
        body = {"device_kind": device_kind, "device": device, "light_mode": light_mode, "protocol": protocol,
                **({"settings": settings} if settings is not None else {})}
        return self._call("POST",  # type: ignore[no-any-return]
                          f"/api/v1/stores/{store_id}/clients/{client_id}/capture-sessions", body)

    def capture_sessions_list(self, store_id: str, client_id: str, *, cursor: str | None = None,
                              limit: int | None = None) -> dict[str, Any]:
        from miniprogram_contract.client import _query

        return self._call("GET", f"/api/v1/stores/{store_id}/clients/{client_id}/capture-sessions"  # type: ignore[no-any-return]
                          + _query({"cursor": cursor, "limit": limit}))

    def capture_sessions_get(self, store_id: str, session_id: str) -> dict[str, Any]:
        return self._call("GET", f"/api/v1/stores/{store_id}/capture-sessions/{session_id}")  # type: ignore[no-any-return]

    def capture_sessions_end(self, store_id: str, session_id: str) -> dict[str, Any]:
        return self._call("POST", f"/api/v1/stores/{store_id}/capture-sessions/{session_id}/end")  # type: ignore[no-any-return]

    # uploads
    def uploads_create(self, store_id: str, *, client_id: str, session_id: str, view: str,
                       content_type: str) -> dict[str, Any]:
        """The PostObject form for wx.uploadFile: ``upload_url``, ``form_data``, ``file_field``..."""
        body = {"client_id": client_id, "session_id": session_id, "view": view, "content_type": content_type}
        return self._call("POST", f"/api/v1/stores/{store_id}/uploads", body)  # type: ignore[no-any-return]

    def uploads_confirm(self, store_id: str, ticket_id: str) -> dict[str, Any]:
        """``{"ticket_id", "image_id", "status"}``; 409 ``upload_missing`` if nothing was uploaded."""
        return self._call("POST", f"/api/v1/stores/{store_id}/uploads/{ticket_id}/confirm")  # type: ignore[no-any-return]

    # OSS upload callback (called by OSS, not the mini-program): raw signed bytes in, JSON out
    def oss_callback(self, body: bytes, headers: dict[str, str]) -> dict[str, Any]:
        from miniprogram_contract.client import ApiError

        core: Any = self
        res = core.http.post(core.base_url + "/api/v1/oss/callback", data=body, timeout=core.timeout,
                             headers={"Content-Type": "application/x-www-form-urlencoded", **headers})
        if res.status_code >= 400:
            raise ApiError(res.status_code, res.json())
        return res.json()  # type: ignore[no-any-return]
