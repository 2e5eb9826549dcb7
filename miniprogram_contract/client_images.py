"""Image management and export operations of the typed client."""

from __future__ import annotations

from typing import Any, TypedDict
from urllib.parse import urlencode


class ImageRecord(TypedDict):
    id: str
    client_id: str
    session_id: str | None
    view: str | None
    region: str | None
    status: str
    tags: list[str]
    content_type: str
    width: int | None
    height: int | None
    sha256: str | None
    paired_with: str | None
    uploaded_by: str
    captured_at: str
    deleted_at: str | None


class ImagePage(TypedDict):
    items: list[ImageRecord]
    next_cursor: str | None


class SignedUrl(TypedDict):
    url: str
    expires_at: str


class Export(TypedDict):
    id: str
    mode: str
    status: str
    total: int
    done: int
    skipped: int
    progress: int
    created_at: str
    finished_at: str | None
    download_url: str | None
    download_expires_at: str | None


class ImageMethods:
    _call: Any

    def images_list(self, store_id: str, *, client_id: str | None = None, session_id: str | None = None,
                    view: str | None = None, region: str | None = None, tag: str | None = None,
                    captured_from: str | None = None, captured_to: str | None = None, status: str | None = None,
                    cursor: str | None = None, limit: int | None = None) -> ImagePage:
        query = {"client_id": client_id, "session_id": session_id, "view": view, "region": region, "tag": tag,
                 "captured_from": captured_from, "captured_to": captured_to, "status": status, "cursor": cursor,
                 "limit": limit}
        given = {k: v for k, v in query.items() if v is not None}
        suffix = "?" + urlencode(given) if given else ""
        return self._call("GET", f"/api/v1/stores/{store_id}/images{suffix}")  # type: ignore[no-any-return]

    def images_get(self, store_id: str, image_id: str) -> ImageRecord:
        return self._call("GET", f"/api/v1/stores/{store_id}/images/{image_id}")  # type: ignore[no-any-return]

    def images_update(self, store_id: str, image_id: str, *, tags: list[str] | None = None,
                      view: str | None = None) -> ImageRecord:
        body = {k: v for k, v in {"tags": tags, "view": view}.items() if v is not None}
        return self._call("PATCH", f"/api/v1/stores/{store_id}/images/{image_id}", body)  # type: ignore[no-any-return]

    def images_delete(self, store_id: str, image_id: str) -> None:
        self._call("DELETE", f"/api/v1/stores/{store_id}/images/{image_id}")

    def images_pair(self, store_id: str, image_id: str, other_image_id: str) -> ImageRecord:
        return self._call("POST", f"/api/v1/stores/{store_id}/images/{image_id}/pair",  # type: ignore[no-any-return]
                          {"other_image_id": other_image_id})

    def images_unpair(self, store_id: str, image_id: str) -> None:
        self._call("DELETE", f"/api/v1/stores/{store_id}/images/{image_id}/pair")

    def images_view_url(self, store_id: str, image_id: str, *, variant: str = "display") -> SignedUrl:
        """A signed, watermarked, short-lived link; fetch it without the API token."""
        return self._call("POST", f"/api/v1/stores/{store_id}/images/{image_id}/view-url",  # type: ignore[no-any-return]
                          {"variant": variant})

    def exports_create(self, store_id: str, *, image_ids: list[str], mode: str, approval_reason: str) -> Export:
        body = {"image_ids": image_ids, "mode": mode, "approval_reason": approval_reason}
        return self._call("POST", f"/api/v1/stores/{store_id}/exports", body)  # type: ignore[no-any-return]

    def exports_get(self, store_id: str, export_id: str) -> Export:
        return self._call("GET", f"/api/v1/stores/{store_id}/exports/{export_id}")  # type: ignore[no-any-return]
