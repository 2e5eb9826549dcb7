"""Aliyun OSS through oss2 (objects, signed URLs) plus the PostObject V4 form oss2 does not build.

The same code runs against real OSS and the sandbox emulator; only settings differ. No Flask
here: jobs use it too.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO, Any
from urllib.parse import urlsplit, urlunsplit

import oss2

from bff.config import Settings
from models.base import utcnow

ALLOWED_IMAGE_TYPES = ("image/jpeg", "image/png", "image/heic")
V4_ALGORITHM = "OSS4-HMAC-SHA256"


class StorageUnavailable(Exception):
    """OSS could not be reached or answered 5xx; callers map it to 503."""


@dataclass(frozen=True)
class PostForm:
    url: str  # where the mini-program POSTs (wx.uploadFile)
    fields: dict[str, str]  # formData, in order; the file goes last under the name "file"
    expires_at: datetime


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    size: int
    content_type: str | None
    etag: str


def _hmac(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()


def v4_signing_key(secret: str, date: str, region: str) -> bytes:
    key = _hmac(("aliyun_v4" + secret).encode("utf-8"), date)
    for part in (region, "oss", "aliyun_v4_request"):
        key = _hmac(key, part)
    return key


def _b64(value: dict[str, Any]) -> str:
    return base64.b64encode(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")).decode()


class OssGateway:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.auth = oss2.AuthV4(settings.oss_access_key_id, settings.oss_access_key_secret.get_secret_value())
        self.bucket = oss2.Bucket(self.auth, settings.oss_endpoint, settings.oss_bucket,
                                  region=settings.oss_region, connect_timeout=settings.oss_timeout)

    # --- where clients reach the bucket ----------------------------------------------------

    @property
    def bucket_url(self) -> str:
        """The bucket's base URL as the endpoint addresses it (path-style for IPs and localhost)."""
        if self.settings.oss_public_url:
            return self.settings.oss_public_url.rstrip("/") + "/"
        parts = urlsplit(self.settings.oss_endpoint)
        if oss2.utils.is_ip_or_localhost(parts.netloc):
            return f"{parts.scheme}://{parts.netloc}/{self.settings.oss_bucket}/"
        return f"{parts.scheme}://{self.settings.oss_bucket}.{parts.netloc}/"

    def _public(self, signed_url: str) -> str:
        """A URL oss2 signed for its endpoint, re-based on the public URL (the path is signed, not the host)."""
        if not self.settings.oss_public_url:
            return signed_url
        signed, public = urlsplit(signed_url), urlsplit(self.bucket_url)
        path = signed.path
        if oss2.utils.is_ip_or_localhost(signed.netloc):  # drop the path-style bucket segment
            path = path.split("/", 2)[2] if path.count("/") >= 2 else ""
            path = "/" + path
        return urlunsplit((public.scheme, public.netloc, public.path.rstrip("/") + path, signed.query, ""))

    # --- PostObject ------------------------------------------------------------------------

    def post_form(self, key: str, *, content_type: str, max_bytes: int, callback: dict[str, str] | None = None,
                  variables: dict[str, str] | None = None, now: datetime | None = None) -> PostForm:
        """A V4-signed PostObject form for exactly ``key``: type, size, expiry and callback are all signed."""
        now = now or utcnow()
        expires_at = now + timedelta(seconds=self.settings.upload_policy_ttl)
        date, stamp = now.strftime("%Y%m%d"), now.strftime("%Y%m%dT%H%M%SZ")
        credential = f"{self.settings.oss_access_key_id}/{date}/{self.settings.oss_region}/oss/aliyun_v4_request"
        fields: dict[str, str] = {
            "key": key,
            "Content-Type": content_type,
            "success_action_status": "200",
            "x-oss-signature-version": V4_ALGORITHM,
            "x-oss-credential": credential,
            "x-oss-date": stamp,
            # The key is never replaced: a second post of this form (it stays valid until it
            # expires) answers 409 FileAlreadyExists while the upload is still there.
            "x-oss-forbid-overwrite": "true",
        }
        if callback is not None:
            fields["callback"] = _b64(callback)
        for name, value in (variables or {}).items():
            fields[f"x:{name}"] = value
        conditions: list[Any] = [
            {"bucket": self.settings.oss_bucket},
            ["eq", "$key", key],
            ["content-length-range", 1, max_bytes],
            ["in", "$content-type", list(ALLOWED_IMAGE_TYPES)],
        ]
        # Every other field is pinned, so nothing in the form can be changed after signing.
        conditions += [["eq", f"${name}", value] for name, value in fields.items() if name not in ("key",)]
        policy = _b64({"expiration": expires_at.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "conditions": conditions})
        signing_key = v4_signing_key(self.settings.oss_access_key_secret.get_secret_value(), date,
                                     self.settings.oss_region)
        fields["policy"] = policy
        fields["x-oss-signature"] = hmac.new(signing_key, policy.encode(), hashlib.sha256).hexdigest()
        return PostForm(self.bucket_url, fields, expires_at)

    # --- objects ---------------------------------------------------------------------------

    def head(self, key: str) -> ObjectInfo | None:
        try:
            meta = self.bucket.head_object(key)
        except oss2.exceptions.NotFound:
            return None
        except (oss2.exceptions.RequestError, oss2.exceptions.ServerError) as exc:
            raise StorageUnavailable(str(exc)) from exc
        return ObjectInfo(key, int(meta.content_length), meta.content_type, meta.etag)

    def get(self, key: str, *, process: str | None = None) -> bytes:
        try:
            return self.bucket.get_object(key, process=process).read()
        except (oss2.exceptions.RequestError, oss2.exceptions.ServerError) as exc:
            raise StorageUnavailable(str(exc)) from exc

    def put(self, key: str, data: bytes | IO[bytes], *, content_type: str) -> None:
        """``data`` may be a seekable file (an export ZIP): oss2 streams it without loading it whole."""
        try:
            self.bucket.put_object(key, data, headers={"Content-Type": content_type})
        except (oss2.exceptions.RequestError, oss2.exceptions.ServerError) as exc:
            raise StorageUnavailable(str(exc)) from exc

    def delete_many(self, keys: list[str]) -> None:
        """Delete up to any number of keys (1000 per OSS call); missing keys are fine."""
        try:
            for start in range(0, len(keys), 1000):
                if chunk := keys[start:start + 1000]:
                    self.bucket.batch_delete_objects(chunk)
        except (oss2.exceptions.RequestError, oss2.exceptions.ServerError) as exc:
            raise StorageUnavailable(str(exc)) from exc

    def signed_url(self, key: str, *, expires: int, process: str | None = None,
                   download_name: str | None = None) -> str:
        params: dict[str, str] = {}
        if process:
            params["x-oss-process"] = process
        if download_name:
            params["response-content-disposition"] = f'attachment; filename="{download_name}"'
        return self._public(self.bucket.sign_url("GET", key, expires, params=params or None, slash_safe=True))


def urlsafe_b64(text: str) -> str:
    """OSS x-oss-process parameters use URL-safe base64 without padding."""
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode().rstrip("=")
