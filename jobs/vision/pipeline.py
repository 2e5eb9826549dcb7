"""One image in, an analysis out: decode, capture quality, de-identification, skin features, overlay.

Bytes in, result and derivative bytes out; no database, no storage (``jobs/analysis.py`` does
those). The clean original is decoded once, reduced by the JPEG decoder itself
(``IMREAD_REDUCED_COLOR_*``) to the working size, and every stage works on that one array or on
small crops of it: no full-resolution copy and no full-frame colour conversion beyond one grey
image. The benchmark's floor (``floor``) is exactly the decode plus the quality model.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from jobs import imagecheck
from jobs.vision.metrics import DISCLAIMER_VERSION  # noqa: F401 - results name it
from jobs.vision.registry import Loaded

PIPELINE_VERSION = "1"
WORK_EDGE = 900  # the decoder reduces by 2, 4 or 8 while the longest edge stays at least this
MODEL_SIDE = 256
DETECT_SIDE, MIN_FACE = 96, 0.25  # face detection: on a copy this high, faces of at least this share
# Window step between positions: 1.5 finds the same large faces as 1.25 at half the cost.
STEP_RATIO = 1.5
BLOCKS = 6  # a face pixelated to this many blocks across: no detector (or person) finds it again
_REDUCED = {1: cv2.IMREAD_COLOR, 2: cv2.IMREAD_REDUCED_COLOR_2, 4: cv2.IMREAD_REDUCED_COLOR_4,
            8: cv2.IMREAD_REDUCED_COLOR_8}
_IMMERKAER = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], np.float32)
THRESHOLDS: dict[str, Any] = {
    "sharpness_min": 25.0, "brightness_range": [55.0, 205.0], "clipped_high_pct_max": 4.0,
    "clipped_low_pct_max": 15.0, "colour_cast_max": 1.9, "noise_sigma_max": 9.0, "megapixels_min": 1.0,
    "face_width_pct_min": 25.0, "face_offset_pct_max": 25.0, "learned_quality_min": 0.5,
    "spot_contrast_l": 6.0, "red_delta_a": 5.0, "vascular_delta_a": 8.0, "porphyrin_delta": 40.0,
}


class Refused(Exception):
    """The input can never be analysed (retrying cannot help); ``reason`` is stable."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Models:
    quality: Loaded
    face: Loaded

    def describe(self) -> list[dict[str, Any]]:
        return [self.quality.spec.describe(), self.face.spec.describe()]


@dataclass
class Outcome:
    result: dict[str, Any]
    overlay_jpeg: bytes | None = None
    deidentified_jpeg: bytes | None = None
    faces: list[list[int]] = field(default_factory=list)


class Timer:
    def __init__(self) -> None:
        self.ms: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.ms[name] = round((time.perf_counter() - started) * 1000, 2)


# --- decode --------------------------------------------------------------------------------


def reduction(width: int, height: int, edge: int = WORK_EDGE) -> int:
    for factor in (8, 4, 2):
        if max(width, height) // factor >= edge:
            return factor
    return 1


def decode(data: bytes, *, max_pixels: int) -> tuple[np.ndarray, tuple[int, int]]:
    """(working BGR image, original (width, height)). The pixel limit is checked on the header.

    :raise Refused: ``pixel_limit`` / ``decode_failed``.
    """
    try:
        width, height, _ = imagecheck.header(data, imagecheck.JPEG, max_pixels)
    except imagecheck.Rejected as exc:
        raise Refused(exc.reason) from None
    # Clean originals are upright with no EXIF: orientation is ignored on purpose.
    work = cv2.imdecode(np.frombuffer(data, np.uint8),
                        _REDUCED[reduction(width, height)] | cv2.IMREAD_IGNORE_ORIENTATION)
    if work is None:
        raise Refused("decode_failed")
    return work, (width, height)


def model_input(work: np.ndarray) -> np.ndarray:
    """The quality model's input: five 256 x 256 grey patches of the working image (the centre
    and the centres of its four quadrants, so one sharp corner cannot vouch for a blurred
    frame), / 255."""
    h, w = work.shape[:2]
    if min(h, w) < 2 * MODEL_SIDE:
        scale = 2 * MODEL_SIDE / min(h, w)
        work = cv2.resize(work, (round(w * scale) + 1, round(h * scale) + 1), interpolation=cv2.INTER_CUBIC)
        h, w = work.shape[:2]
    half = MODEL_SIDE // 2
    centres = [(w // 2, h // 2), (w // 4, h // 4), (3 * w // 4, h // 4), (w // 4, 3 * h // 4), (3 * w // 4, 3 * h // 4)]
    patches = []
    for cx, cy in centres:
        x, y = min(max(0, cx - half), w - MODEL_SIDE), min(max(0, cy - half), h - MODEL_SIDE)
        patches.append(cv2.cvtColor(work[y:y + MODEL_SIDE, x:x + MODEL_SIDE], cv2.COLOR_BGR2GRAY))
    return (np.stack(patches).astype(np.float32) * np.float32(1 / 255))[:, None]


def floor(data: bytes, models: Models, *, max_pixels: int) -> np.ndarray:
    """The least any analysis does: decode and run the quality model (the benchmark's floor)."""
    work, _ = decode(data, max_pixels=max_pixels)
    return models.quality.classify(model_input(work))


# --- capture quality -----------------------------------------------------------------------


def detect_faces(grey: np.ndarray, face: Loaded) -> list[list[int]]:
    """Frontal faces as [x, y, w, h] in ``grey``'s coordinates, largest first. Runs on a copy
    about 96 px high: a standard face view's face is large (at least a quarter of the short side),
    so small scales are skipped; this keeps detection to a few milliseconds, and boxes are good
    to a few working-image pixels (de-identification adds a margin)."""
    h, w = grey.shape
    scale = min(1.0, DETECT_SIDE / min(h, w))
    small = cv2.resize(grey, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    side = min(small.shape)
    with face.lock:
        found = face.engine.detect_multi_scale(
            img=small.astype(np.float32) * np.float32(1 / 255), scale_factor=1.3, step_ratio=STEP_RATIO,
            min_size=(max(24, int(side * MIN_FACE)), max(24, int(side * MIN_FACE))), max_size=(side, side),
            min_neighbor_number=2)
    boxes = [[round(f["c"] / scale), round(f["r"] / scale), round(f["width"] / scale), round(f["height"] / scale)]
             for f in found]
    return sorted(boxes, key=lambda b: -b[2] * b[3])


def _check(value: float, passed: bool, **limits: Any) -> dict[str, Any]:
    return {"value": round(float(value), 4), "passed": bool(passed)} | limits


def assess_quality(work: np.ndarray, grey: np.ndarray, size: tuple[int, int], region: str | None,
                   models: Models) -> tuple[dict[str, Any], list[list[int]]]:
    t = THRESHOLDS
    checks: dict[str, dict[str, Any]] = {}
    # 16-bit integer filters: exact for 8-bit input (|sum| <= 4080) and about twice as fast as float.
    _, lap_std = cv2.meanStdDev(cv2.Laplacian(grey, cv2.CV_16S))
    sharpness = float(lap_std[0, 0]) ** 2
    checks["sharpness"] = _check(sharpness, sharpness >= t["sharpness_min"], min=t["sharpness_min"])
    brightness = cv2.mean(grey)[0]
    lo, hi = t["brightness_range"]
    checks["brightness"] = _check(brightness, lo <= brightness <= hi, min=lo, max=hi)
    hist = cv2.calcHist([grey], [0], None, [256], [0, 256]).ravel()
    high, low = hist[250:].sum() * 100 / grey.size, hist[:6].sum() * 100 / grey.size
    checks["clipped_high_pct"] = _check(high, high <= t["clipped_high_pct_max"], max=t["clipped_high_pct_max"])
    checks["clipped_low_pct"] = _check(low, low <= t["clipped_low_pct_max"], max=t["clipped_low_pct_max"])
    means = np.asarray(cv2.mean(work)[:3])
    cast = float(means.max() / max(means.min(), 1.0))
    checks["colour_cast"] = _check(cast, cast <= t["colour_cast_max"], max=t["colour_cast_max"])
    h, w = grey.shape
    noise = cv2.norm(cv2.filter2D(grey, cv2.CV_16S, _IMMERKAER)[1:-1, 1:-1], cv2.NORM_L1) * math.sqrt(
        math.pi / 2) / (6 * (w - 2) * (h - 2))
    checks["noise_sigma"] = _check(noise, noise <= t["noise_sigma_max"], max=t["noise_sigma_max"])
    mp = size[0] * size[1] / 1e6
    checks["megapixels"] = _check(mp, mp >= t["megapixels_min"], min=t["megapixels_min"])
    faces = detect_faces(grey, models.face)
    if region in (None, "face"):
        if faces:
            x, y, fw, fh = faces[0]
            width_pct = fw * 100 / min(h, w)
            offset = math.hypot(x + fw / 2 - w / 2, y + fh / 2 - h / 2) * 100 / min(h, w)
            checks["face_width_pct"] = _check(width_pct, width_pct >= t["face_width_pct_min"],
                                              min=t["face_width_pct_min"])
            checks["face_offset_pct"] = _check(offset, offset <= t["face_offset_pct_max"],
                                               max=t["face_offset_pct_max"])
        else:
            checks["face_width_pct"] = {"value": None, "passed": False, "min": t["face_width_pct_min"],
                                        "note": "未检测到正面人脸"}
    # Averaged over the patches: a plain backdrop in one corner must not decide for the frame.
    probabilities = models.quality.classify(model_input(work)).mean(axis=0)
    labels = models.quality.spec.labels
    good = float(probabilities[labels.index("good")])
    checks["learned_quality"] = _check(good, good >= t["learned_quality_min"], min=t["learned_quality_min"],
                                       label=labels[int(probabilities.argmax())],
                                       probabilities={k: round(float(p), 4) for k, p in zip(labels, probabilities,
                                                                                            strict=True)})
    failed = [name for name, c in checks.items() if not c["passed"]]
    quality = {"passed": not failed, "failed_checks": failed, "checks": checks,
               "recommendation": "retake" if failed else "proceed"}
    return quality, faces


# --- skin features -------------------------------------------------------------------------


def skin_region(shape: tuple[int, ...], faces: list[list[int]]) -> tuple[int, int, int, int]:
    """(x, y, w, h): the cheeks, nose and forehead inside the largest face, else the centre."""
    h, w = shape[:2]
    if faces:
        x, y, fw, fh = faces[0]
        rx, ry, rw, rh = x + fw // 8, y + fh // 8, fw * 3 // 4, fh * 3 // 4
    else:
        rx, ry, rw, rh = w // 5, h // 5, w * 3 // 5, h * 3 // 5
    rx, ry = max(0, rx), max(0, ry)
    return rx, ry, max(1, min(rw, w - rx)), max(1, min(rh, h - ry))


def _spots(darker: np.ndarray, mask: np.ndarray, limit: float) -> tuple[list[tuple[int, int, int]], int]:
    """Connected dark blobs: [(cx, cy, radius)] and their total area in pixels."""
    candidate = ((darker > limit) & mask).astype(np.uint8)
    candidate = cv2.morphologyEx(candidate, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    n, _, stats, centroids = cv2.connectedComponentsWithStats(candidate, connectivity=8)
    max_area = max(4, int(mask.sum() * 0.01))
    spots, area = [], 0
    for i in range(1, n):
        a = int(stats[i, cv2.CC_STAT_AREA])
        if 4 <= a <= max_area:
            spots.append((int(centroids[i][0]), int(centroids[i][1]), max(2, int(math.sqrt(a / math.pi)) + 1)))
            area += a
    return spots, area


def skin_features(work: np.ndarray, faces: list[list[int]], light_mode: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(metrics, geometry for the overlay). Colour only inside an ellipse of skin-coloured pixels."""
    t = THRESHOLDS
    x, y, w, h = skin_region(work.shape, faces)
    crop = work[y:y + h, x:x + w]
    ellipse = np.zeros((h, w), np.uint8)
    cv2.ellipse(ellipse, (w // 2, h // 2), (w // 2, h // 2), 0, 0, 360, 1, -1)
    ycrcb = cv2.cvtColor(crop, cv2.COLOR_BGR2YCrCb)
    skin = cv2.inRange(ycrcb, (30, 133, 77), (255, 173, 127)) > 0
    mask = skin & (ellipse > 0)
    if mask.sum() < 0.2 * ellipse.sum():  # lighting that defeats the skin model: use the ellipse
        mask = ellipse > 0
    lab = cv2.cvtColor(crop, cv2.COLOR_BGR2LAB).astype(np.float32)
    big_l = lab[..., 0] * np.float32(100 / 255)
    a, b = lab[..., 1] - 128, lab[..., 2] - 128
    lm, am, bm = (float(np.median(c[mask])) for c in (big_l, a, b))
    sigma = max(3.0, min(w, h) / 20)
    k = int(sigma * 2) | 1  # a box filter costs the same for any size, unlike a wide Gaussian
    background = cv2.blur(big_l, (k, k))
    darker = background - big_l
    spots, spot_area = _spots(darker, mask, t["spot_contrast_l"])
    skin_px = int(mask.sum())
    texture = float(np.abs(big_l - cv2.GaussianBlur(big_l, (0, 0), 2.0))[mask].mean())
    m: dict[str, Any] = {
        "l_star": lm, "a_star": am, "b_star": bm,
        "ita_deg": math.degrees(math.atan2(lm - 50, bm)) if bm != 0 else 90.0,
        "redness_index": float(a[mask].mean()),
        "red_area_pct": float(((a > am + t["red_delta_a"]) & mask).sum() * 100 / skin_px),
        "tone_evenness": float(big_l[mask].std()),
        "spot_count": len(spots), "spot_area_pct": spot_area * 100 / skin_px, "texture": texture,
    }
    metrics = {k: {"value": round(float(v), 3), "light_mode": "standard"} for k, v in m.items()}
    if light_mode != "standard":
        for metric in metrics.values():  # colour under polarised or UV light is not the skin's everyday colour
            metric["light_mode"] = light_mode
    if light_mode == "cross_polarized":
        b_bg = cv2.blur(b, (k, k))
        pigment, _ = _spots(np.where(b > b_bg, darker, 0), mask, t["spot_contrast_l"])
        vascular = float(((a > am + t["vascular_delta_a"]) & mask).sum() * 100 / skin_px)
        metrics["pigment_spot_count"] = {"value": len(pigment), "light_mode": "cross_polarized"}
        metrics["vascular_area_pct"] = {"value": round(vascular, 3), "light_mode": "cross_polarized"}
    elif light_mode == "uv":
        red, green = crop[..., 2].astype(np.int16), crop[..., 1].astype(np.int16)
        glow = ((red - green) > t["porphyrin_delta"]) & mask
        porphyrins, _ = _spots(glow.astype(np.float32) * 10, mask, 5)
        metrics["uv_spot_count"] = {"value": len(spots), "light_mode": "uv"}
        metrics["porphyrin_count"] = {"value": len(porphyrins), "light_mode": "uv"}
    geometry = {"region": [x, y, w, h], "spots": [[x + sx, y + sy, r] for sx, sy, r in spots], "skin_px": skin_px}
    return metrics, geometry


# --- derivatives ---------------------------------------------------------------------------


def _jpeg(image: np.ndarray, quality: int = 85) -> bytes:
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise Refused("encode_failed")
    return buf.tobytes()


def deidentify(work: np.ndarray, faces: list[list[int]]) -> bytes | None:
    """The working image with every detected face pixelated beyond recognition (BLOCKS blocks
    across), for research use; None when no face was found (nothing to vouch for)."""
    if not faces:
        return None
    out = work.copy()
    h, w = out.shape[:2]
    for x, y, fw, fh in faces:
        # A margin takes in hairline, ears and jaw, which identify people too.
        x0, y0 = max(0, x - fw // 4), max(0, y - fh // 3)
        x1, y1 = min(w, x + fw + fw // 4), min(h, y + fh + fh // 4)
        roi = out[y0:y1, x0:x1]
        tiny = cv2.resize(roi, (BLOCKS, max(1, BLOCKS * (y1 - y0) // max(1, x1 - x0))), interpolation=cv2.INTER_AREA)
        out[y0:y1, x0:x1] = cv2.resize(tiny, (x1 - x0, y1 - y0), interpolation=cv2.INTER_NEAREST)
    return _jpeg(out)


def overlay(work: np.ndarray, faces: list[list[int]], geometry: dict[str, Any]) -> bytes:
    out = work.copy()
    x, y, w, h = geometry["region"]
    cv2.ellipse(out, (x + w // 2, y + h // 2), (w // 2, h // 2), 0, 0, 360, (80, 200, 80), 2)
    for fx, fy, fw, fh in faces[:1]:
        cv2.rectangle(out, (fx, fy), (fx + fw, fy + fh), (200, 160, 40), 1)
    for sx, sy, r in geometry["spots"]:
        cv2.circle(out, (sx, sy), r + 2, (40, 40, 230), 1)
    return _jpeg(out)


# --- the whole thing -----------------------------------------------------------------------


def analyse(data: bytes, models: Models, *, light_mode: str, region: str | None, max_pixels: int,
            input_sha256: str) -> Outcome:
    """:raise Refused: for input that can never be analysed."""
    timer = Timer()
    with timer.stage("decode"):
        work, size = decode(data, max_pixels=max_pixels)
        grey = cv2.cvtColor(work, cv2.COLOR_BGR2GRAY)
    with timer.stage("quality"):
        quality, faces = assess_quality(work, grey, size, region, models)
    result: dict[str, Any] = {
        "pipeline_version": PIPELINE_VERSION, "input_sha256": input_sha256, "input_size": list(size),
        "work_size": [work.shape[1], work.shape[0]], "light_mode": light_mode, "region": region,
        "models": models.describe(), "parameters": dict(THRESHOLDS), "disclaimer_version": DISCLAIMER_VERSION,
        "quality": quality, "features": None, "faces_found": len(faces),
    }
    outcome = Outcome(result, faces=faces)
    if quality["passed"]:
        with timer.stage("deidentify"):
            outcome.deidentified_jpeg = deidentify(work, faces)
        with timer.stage("features"):
            metrics, geometry = skin_features(work, faces, light_mode)
            result["features"] = metrics
            result["skin_region"] = geometry["region"]
        with timer.stage("overlay"):
            outcome.overlay_jpeg = overlay(work, faces, geometry)
    result["timings_ms"] = timer.ms
    return outcome


def deidentify_original(data: bytes, face: Loaded, *, max_pixels: int) -> bytes | None:
    """A clean original with every detected face pixelated, at full size (exports of images that
    have no analysis yet); None when no face is found."""
    try:
        width, height, _ = imagecheck.header(data, imagecheck.JPEG, max_pixels)
    except imagecheck.Rejected as exc:
        raise Refused(exc.reason) from None
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION)
    if image is None:
        raise Refused("decode_failed")
    return deidentify(image, detect_faces(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), face))
