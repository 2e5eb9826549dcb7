"""Ready images without the upload flow: real JPEG objects in the OSS emulator plus the row the
post-upload job would have left (clean original, thumbnail, sha256, dimensions).

Tests of capture itself must use the real upload flow, not this.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pytest
from flask import Flask
from PIL import Image as PILImage
from sqlalchemy import select

from models import Client, Image, ImageTag, Store, StoreMember, User
from models.base import new_public_id, utcnow
from models.images import ImageStatus, UploadPurpose
from models.stores import StoreRole


def photo(width: int = 800, height: int = 600, *, seed: int = 7, exif: bool = False) -> bytes:
    """A textured mid-tone JPEG (so a white watermark shows), optionally with EXIF and GPS."""
    rng = np.random.default_rng(seed)
    base = np.linspace(60, 170, width, dtype=np.float32)[None, :, None]
    pixels = np.clip(base + rng.normal(0, 12, (height, width, 3)), 0, 255).astype(np.uint8)
    image = PILImage.fromarray(pixels, "RGB")
    out = io.BytesIO()
    if exif:
        meta = PILImage.Exif()
        meta[0x010F] = "PhoneCam"  # Make
        meta.get_ifd(0x8825).update({1: "N", 2: (30.0, 15.0, 7.5), 3: "E", 4: (120.0, 9.0, 3.25)})
        image.save(out, "JPEG", quality=90, exif=meta)
    else:
        image.save(out, "JPEG", quality=90)
    return out.getvalue()


def thumbnail(data: bytes, side: int = 320) -> bytes:
    with PILImage.open(io.BytesIO(data)) as image:
        image.thumbnail((side, side))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
    return out.getvalue()


@dataclass(frozen=True)
class MadeImage:
    id: str  # public id
    pk: int
    object_key: str
    clean_key: str
    thumb_key: str
    sha256: str
    clean: bytes
    width: int
    height: int


@pytest.fixture
def make_image(app: Flask):  # type: ignore[no-untyped-def]
    """``make_image(store_id, client_id, *, uploader=None, view=..., ...)`` with public ids; committed.

    ``uploader`` is a user public id (default: the store's owner). ``content`` is the clean original.
    """
    oss = app.extensions["mirror.deps"].oss

    def do(store_id: str, client_id: str, *, uploader: str | None = None, view: str | None = "face_front",
           region: str | None = "face", session_pk: int | None = None, tags: tuple[str, ...] = (),
           captured_at: datetime | None = None, content: bytes | None = None,
           status: ImageStatus = ImageStatus.ready) -> MadeImage:
        clean = content or photo()
        with PILImage.open(io.BytesIO(clean)) as decoded:
            width, height = decoded.size
        with app.extensions["mirror.db"].factory.begin() as s:
            store = s.scalar(select(Store).where(Store.public_id == store_id))
            client = s.scalar(select(Client).where(Client.public_id == client_id))
            assert store is not None and client is not None and client.store_id == store.id
            user_id = (s.scalar(select(User.id).where(User.public_id == uploader)) if uploader else
                       s.scalar(select(StoreMember.user_id).where(StoreMember.store_id == store.id,
                                                                  StoreMember.role == StoreRole.owner)))
            prefix = f"stores/{store.public_id}/clients/{client.public_id}/images/{new_public_id()}"
            keys: dict[str, Any] = {"object_key": f"{prefix}/original.jpg", "clean_key": f"{prefix}/clean.jpg",
                                    "thumb_key": f"{prefix}/thumb.jpg"}
            oss.put(keys["object_key"], photo(width, height, exif=True), content_type="image/jpeg")
            oss.put(keys["clean_key"], clean, content_type="image/jpeg")
            oss.put(keys["thumb_key"], thumbnail(clean), content_type="image/jpeg")
            image = Image(store_id=store.id, client_id=client.id, purpose=UploadPurpose.photo, session_id=session_pk,
                          view=view, region=region, status=status, content_type="image/jpeg", size=len(clean),
                          sha256=hashlib.sha256(clean).hexdigest(), width=width, height=height,
                          uploaded_by=user_id, captured_at=captured_at or utcnow(), processed_at=utcnow(), **keys)
            s.add(image)
            s.flush()
            s.add_all(ImageTag(image_id=image.id, store_id=store.id, tag=t) for t in tags)
            return MadeImage(image.public_id, image.id, keys["object_key"], keys["clean_key"], keys["thumb_key"],
                             image.sha256 or "", clean, width, height)

    return do
