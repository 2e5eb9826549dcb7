"""Labelled capture-quality samples made from pictures scikit-image ships, degraded on purpose.

Shared by the training script (scripts/train_quality_model.py) and the test that measures the
committed model on a held-out set: the same generator, other source pictures, another seed.
"""

from __future__ import annotations

import cv2
import numpy as np
import skimage.data

LABELS = ("good", "blurred", "dark", "overexposed", "noisy")
SIDE = 256  # the model's input: a 256 x 256 grey patch
TRAIN_SOURCES = ("astronaut", "chelsea", "rocket", "camera", "immunohistochemistry", "hubble_deep_field",
                 "retina", "coins", "moon", "grass", "gravel", "cell")
HELD_OUT_SOURCES = ("coffee", "brick", "clock", "cat")


def source(name: str) -> np.ndarray:
    """A bundled picture as 8-bit grey."""
    pixels = getattr(skimage.data, name)()
    if pixels.ndim == 3:
        pixels = cv2.cvtColor(np.ascontiguousarray(pixels[..., :3]), cv2.COLOR_RGB2GRAY)
    return np.ascontiguousarray(pixels, dtype=np.uint8)


def _patch(picture: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    scale = rng.uniform(0.9, 1.6)
    h, w = picture.shape
    scale = max(scale, (SIDE + 2) / min(h, w))
    resized = cv2.resize(picture, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_CUBIC)
    y = int(rng.integers(0, resized.shape[0] - SIDE + 1))
    x = int(rng.integers(0, resized.shape[1] - SIDE + 1))
    return resized[y:y + SIDE, x:x + SIDE].astype(np.float32)


def _jpeg(patch: np.ndarray, quality: int) -> np.ndarray:
    ok, buf = cv2.imencode(".jpg", np.clip(patch, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    grey = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)
    assert grey is not None  # our own encoding
    return grey.astype(np.float32)


def degrade(patch: np.ndarray, label: str, rng: np.random.Generator) -> np.ndarray:
    """``patch`` (float grey 0..255) as a capture of quality ``label`` would show it."""
    out: np.ndarray = patch * rng.uniform(0.85, 1.15) + rng.normal(0, rng.uniform(0.0, 3.0), patch.shape)
    if label == "blurred":
        if rng.random() < 0.5:
            out = cv2.GaussianBlur(out, (0, 0), rng.uniform(1.6, 4.5))
        else:  # camera shake
            length = int(rng.integers(7, 17))
            kernel: np.ndarray = np.zeros((length, length), np.float32)
            kernel[length // 2, :] = 1.0 / length
            rot = cv2.getRotationMatrix2D(((length - 1) / 2, (length - 1) / 2), rng.uniform(0, 180), 1.0)
            kernel = cv2.warpAffine(kernel, rot, (length, length))
            out = cv2.filter2D(out, -1, kernel / max(kernel.sum(), 1e-6))
    elif label == "dark":
        out = out * rng.uniform(0.12, 0.35) + rng.normal(0, 1.5, out.shape)
    elif label == "overexposed":
        out = out * rng.uniform(1.9, 3.2) + rng.uniform(20, 60)
    elif label == "noisy":
        out = out + rng.normal(0, rng.uniform(14, 32), out.shape)
    return _jpeg(out, int(rng.integers(75, 96)))


def samples(sources: tuple[str, ...], per_label: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(N x 1 x 256 x 256 float32 in 0..1, N labels as indexes into LABELS)."""
    rng = np.random.default_rng(seed)
    pictures = [source(name) for name in sources]
    xs, ys = [], []
    for index, label in enumerate(LABELS):
        for _ in range(per_label):
            patch = _patch(pictures[int(rng.integers(len(pictures)))], rng)
            xs.append(np.clip(degrade(patch, label, rng), 0, 255) / 255.0)
            ys.append(index)
    return np.stack(xs)[:, None].astype(np.float32), np.array(ys, dtype=np.int64)
