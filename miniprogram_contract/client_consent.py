"""Consent operations of the typed client: templates, requests and signing, withdrawal, receipts."""

from __future__ import annotations

from typing import Any


class ConsentMethods:
    _call: Any
    _raw: Any

    # templates
    def consent_templates_list(self) -> list[dict[str, Any]]:
        """The current version of each published template (text, per-scope texts, sha256)."""
        return self._call("GET", "/api/v1/consent-templates")["templates"]  # type: ignore[no-any-return]

    def consent_templates_get(self, template_id: str) -> dict[str, Any]:
        return self._call("GET", f"/api/v1/consent-templates/{template_id}")  # type: ignore[no-any-return]

    # consultant
    def consent_requests_create(self, store_id: str, client_id: str, *, template_id: str,
                                scopes: list[str]) -> dict[str, Any]:
        """``{"id", "scene", "page", "share": {"path", "title"}, "expires_at", ...}``."""
        return self._call("POST", f"/api/v1/stores/{store_id}/clients/{client_id}/consent-requests",  # type: ignore[no-any-return]
                          {"template_id": template_id, "scopes": scopes})

    def consent_requests_qrcode(self, store_id: str, client_id: str, request_id: str) -> bytes:
        """PNG bytes of the mini-program code that opens the signing page."""
        return self._raw(  # type: ignore[no-any-return]
            f"/api/v1/stores/{store_id}/clients/{client_id}/consent-requests/{request_id}/qrcode")

    def consents_of_client(self, store_id: str, client_id: str) -> dict[str, Any]:
        """``{"client_id", "active_scopes", "grants", "records", "requests"}``."""
        return self._call("GET", f"/api/v1/stores/{store_id}/clients/{client_id}/consents")  # type: ignore[no-any-return]

    def consents_withdraw_for_client(self, store_id: str, client_id: str, *, reason: str,
                                     scopes: list[str] | None = None) -> dict[str, Any]:
        """Withdraw ``scopes`` (all active ones when None) on the client's behalf."""
        body: dict[str, Any] = {"reason": reason} | ({"scopes": scopes} if scopes else {"all": True})
        return self._call("POST", f"/api/v1/stores/{store_id}/clients/{client_id}/consents/withdraw",  # type: ignore[no-any-return]
                          body)

    def consent_records_receipt(self, store_id: str, client_id: str, record_id: str) -> bytes:
        """The PDF evidence receipt."""
        return self._raw(  # type: ignore[no-any-return]
            f"/api/v1/stores/{store_id}/clients/{client_id}/consent-records/{record_id}/receipt")

    # the signer
    def consent_requests_view(self, scene: str) -> dict[str, Any]:
        """Open a request by its scanned scene: exact text, sha256, store, masked client, minor."""
        return self._call("GET", f"/api/v1/consent-requests/by-scene/{scene}")  # type: ignore[no-any-return]

    def consent_requests_signature_upload(self, request_id: str) -> dict[str, Any]:
        """The PostObject form for the handwritten signature (PNG)."""
        return self._call("POST", f"/api/v1/consent-requests/{request_id}/signature-upload")  # type: ignore[no-any-return]

    def consent_requests_sign(self, request_id: str, *, template_sha256: str, scopes_agreed: list[dict[str, Any]],
                              signature_ticket_id: str, guardian: dict[str, str] | None = None) -> dict[str, Any]:
        """``scopes_agreed``: ``[{"scope", "agreed"}]``, one per requested scope; returns the record."""
        body: dict[str, Any] = {"template_sha256": template_sha256, "scopes_agreed": scopes_agreed,
                                "signature_ticket_id": signature_ticket_id}
        if guardian is not None:
            body["guardian"] = guardian
        return self._call("POST", f"/api/v1/consent-requests/{request_id}/sign", body)  # type: ignore[no-any-return]

    def me_consents(self) -> list[dict[str, Any]]:
        """The client files linked to me, with active scopes and records per store."""
        return self._call("GET", "/api/v1/me/consents")["clients"]  # type: ignore[no-any-return]

    def me_consents_withdraw(self, client_id: str, *, scopes: list[str] | None = None,
                             reason: str | None = None) -> dict[str, Any]:
        """Withdraw ``scopes`` (all active ones when None)."""
        body: dict[str, Any] = {"client_id": client_id} | ({"scopes": scopes} if scopes else {"all": True})
        if reason:
            body["reason"] = reason
        return self._call("POST", "/api/v1/me/consents/withdraw", body)  # type: ignore[no-any-return]

    def me_consents_deletion_request(self, client_id: str, *, reason: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"client_id": client_id} | ({"reason": reason} if reason else {})
        return self._call("POST", "/api/v1/me/consents/deletion-request", body)  # type: ignore[no-any-return]

    def me_consent_records_receipt(self, record_id: str) -> bytes:
        return self._raw(f"/api/v1/me/consent-records/{record_id}/receipt")  # type: ignore[no-any-return]
