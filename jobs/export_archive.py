"""The contents of an export ZIP: image files, manifest.csv and manifest.json, receipts.

``original``: the clean originals byte for byte (their SHA-256 is the one on record), named by
image public id, with client and session public ids in the manifest. ``deidentified``: each
image decoded and re-encoded from bare pixels (no EXIF, XMP, ICC or comments survive), named
``image-0001.jpg`` in a shuffled order, with subject and visit pseudonyms that are consistent
within this export only, capture dates without the time, and hashes of the copies.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import secrets
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PIL import Image as PILImage

SHANGHAI = ZoneInfo("Asia/Shanghai")
ORIGINAL_FIELDS = ("file", "image_id", "client_id", "session_id", "view", "region", "captured_at", "sha256",
                   "width", "height", "consent_receipt")
DEIDENTIFIED_FIELDS = ("file", "image", "subject", "visit", "view", "region", "captured_date", "sha256",
                       "width", "height")


@dataclass(frozen=True)
class Item:
    """One image to export, with everything the manifest needs (read before the ZIP is built)."""

    image_id: int
    public_id: str
    client: str
    session: str | None
    view: str | None
    region: str | None
    captured_at: datetime
    sha256: str | None
    width: int | None
    height: int | None
    clean_key: str
    receipt: str | None  # public id of the consent record whose receipt is in the ZIP
    deidentified_key: str | None = None  # the analysis' copy with faces pixelated, if there is one


class Archive:
    def __init__(self, out: Any, mode: str) -> None:
        self.zip = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED)  # images are compressed already
        self.mode = mode
        self.rows: list[dict[str, Any]] = []
        self.subjects: dict[str, str] = {}
        self.visits: dict[str, str] = {}

    def add_image(self, item: Item, data: bytes, number: int) -> None:
        if self.mode == "original":
            name = f"images/{item.public_id}.{_extension(data)}"
            self.zip.writestr(name, data)
            self.rows.append({
                "file": name, "image_id": item.public_id, "client_id": item.client, "session_id": item.session,
                "view": item.view, "region": item.region, "captured_at": item.captured_at.isoformat(),
                "sha256": hashlib.sha256(data).hexdigest(), "width": item.width, "height": item.height,
                "consent_receipt": f"receipts/{item.receipt}.pdf" if item.receipt else None,
            })
            return
        copy, width, height = deidentified_copy(data)
        name = f"images/image-{number:04d}.jpg"
        self.zip.writestr(name, copy)
        self.rows.append({
            "file": name, "image": f"image-{number:04d}", "subject": _alias(self.subjects, item.client, "subject"),
            "visit": _alias(self.visits, item.session, "visit") if item.session else None,
            "view": item.view, "region": item.region,
            "captured_date": item.captured_at.astimezone(SHANGHAI).date().isoformat(),
            "sha256": hashlib.sha256(copy).hexdigest(), "width": width, "height": height,
        })

    def add_receipt(self, record_public_id: str, pdf: bytes) -> None:
        self.zip.writestr(f"receipts/{record_public_id}.pdf", pdf, compress_type=zipfile.ZIP_DEFLATED)

    def abandon(self) -> None:
        """Close without manifests (the build failed; the spool is thrown away)."""
        self.zip.close()

    def close(self) -> None:
        fields = ORIGINAL_FIELDS if self.mode == "original" else DEIDENTIFIED_FIELDS
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows)
        deflate = zipfile.ZIP_DEFLATED
        self.zip.writestr("manifest.csv", text.getvalue().encode("utf-8-sig"), compress_type=deflate)  # Excel
        body = {"mode": self.mode, "count": len(self.rows), "images": self.rows}
        self.zip.writestr("manifest.json", json.dumps(body, ensure_ascii=False, indent=2), compress_type=deflate)
        self.zip.close()


def _extension(data: bytes) -> str:
    # The clean original's own format (the upload's content type may differ, e.g. HEIC in).
    if data.startswith(b"\x89PNG"):
        return "png"
    return "jpg" if data.startswith(b"\xff\xd8") else "bin"


def _alias(seen: dict[str, str], real: str, prefix: str) -> str:
    if real not in seen:
        seen[real] = f"{prefix}-{len(seen) + 1:02d}"
    return seen[real]


def shuffled(items: list[Item]) -> list[Item]:
    """Order that reveals nothing (not upload order, not id order)."""
    items = list(items)
    secrets.SystemRandom().shuffle(items)
    return items


def deidentified_copy(data: bytes) -> tuple[bytes, int, int]:
    """Re-encode from raw pixels: a new image object carries no ``info`` (EXIF, ICC, XMP, comments)."""
    with PILImage.open(io.BytesIO(data)) as source:
        rgb = source.convert("RGB")
    bare = PILImage.frombytes("RGB", rgb.size, rgb.tobytes())
    out = io.BytesIO()
    bare.save(out, "JPEG", quality=90, optimize=True)
    return out.getvalue(), bare.width, bare.height
