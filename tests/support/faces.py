"""Test pictures for the analysis: a frontal face (scikit-image's astronaut) made into a sharp
capture, and the same capture blurred, dark or overexposed."""

from __future__ import annotations

import cv2
import numpy as np
import skimage.data


def face_capture(*, width: int = 900, seed: int = 3, shift: tuple[float, float] = (0, 0), angle: float = 0.0,
                 scale: float = 1.0) -> np.ndarray:
    """BGR, 4:3 portrait, the face filling the frame, with pixel-level skin texture (so it is sharp
    at full size), optionally moved by a known similarity transform."""
    face = np.ascontiguousarray(skimage.data.astronaut()[10:290, 110:320, ::-1])
    height = width * 4 // 3
    big = cv2.resize(face, (width, height), interpolation=cv2.INTER_CUBIC).astype(np.float32)
    rng = np.random.default_rng(seed)
    texture = cv2.GaussianBlur(rng.normal(0, 16, (height, width)).astype(np.float32), (0, 0), 0.6)
    big = np.clip(big + texture[..., None], 0, 255)
    if shift != (0, 0) or angle or scale != 1.0:
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, scale)
        matrix[:, 2] += shift
        big = cv2.warpAffine(big, matrix, (width, height), borderMode=cv2.BORDER_REFLECT)
    return big.astype(np.uint8)


def degraded(image: np.ndarray, kind: str) -> np.ndarray:
    if kind == "blurred":
        return cv2.GaussianBlur(image, (0, 0), 6)
    if kind == "dark":
        return (image.astype(np.float32) * 0.18).astype(np.uint8)
    if kind == "overexposed":
        return np.clip(image.astype(np.float32) * 2.6 + 40, 0, 255).astype(np.uint8)
    raise ValueError(kind)


def jpeg(image: np.ndarray, quality: int = 92) -> bytes:
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return buf.tobytes()
