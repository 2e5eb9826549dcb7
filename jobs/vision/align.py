"""Before/after alignment: ORB features, a RANSAC homography, and how far to trust it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

MIN_INLIERS = 25
MAX_ROTATION_DEG, MAX_SCALE_CHANGE, MAX_PERSPECTIVE = 15.0, 0.25, 0.0015


@dataclass
class Alignment:
    matrix: np.ndarray | None  # maps "after" pixels onto "before" pixels
    inliers: int
    matches: int
    score: float  # 0..1
    rotation_deg: float | None
    scale: float | None

    def describe(self) -> dict[str, Any]:
        return {"score": round(self.score, 3), "inliers": self.inliers, "matches": self.matches,
                "rotation_deg": None if self.rotation_deg is None else round(self.rotation_deg, 2),
                "scale": None if self.scale is None else round(self.scale, 4),
                "homography": None if self.matrix is None else [[round(float(v), 6) for v in row]
                                                                 for row in self.matrix]}


def align(before: np.ndarray, after: np.ndarray, *, features: int = 1500) -> Alignment:
    """Homography from ``after`` to ``before`` (BGR or grey images of one scale)."""
    orb = cv2.ORB_create(nfeatures=features)  # type: ignore[attr-defined]  # missing from OpenCV 5 stubs
    g1 = before if before.ndim == 2 else cv2.cvtColor(before, cv2.COLOR_BGR2GRAY)
    g2 = after if after.ndim == 2 else cv2.cvtColor(after, cv2.COLOR_BGR2GRAY)
    k1, d1 = orb.detectAndCompute(g1, None)
    k2, d2 = orb.detectAndCompute(g2, None)
    if d1 is None or d2 is None or len(k1) < 8 or len(k2) < 8:
        return Alignment(None, 0, 0, 0.0, None, None)
    pairs = cv2.BFMatcher(cv2.NORM_HAMMING).knnMatch(d2, d1, k=2)
    good = [p[0] for p in pairs if len(p) == 2 and p[0].distance < 0.8 * p[1].distance]  # Lowe's ratio test
    if len(good) < 8:
        return Alignment(None, 0, len(good), 0.0, None, None)
    src = np.array([k2[m.queryIdx].pt for m in good], np.float32).reshape(-1, 1, 2)
    dst = np.array([k1[m.trainIdx].pt for m in good], np.float32).reshape(-1, 1, 2)
    matrix, mask = cv2.findHomography(src, dst, cv2.RANSAC, 4.0)
    if matrix is None:
        return Alignment(None, 0, len(good), 0.0, None, None)
    inliers = int(mask.sum())
    rotation = math.degrees(math.atan2(matrix[1, 0], matrix[0, 0]))
    scale = math.sqrt(abs(np.linalg.det(matrix[:2, :2])))
    score = (inliers / len(good)) * min(1.0, inliers / (2 * MIN_INLIERS))
    return Alignment(matrix, inliers, len(good), float(score), rotation, scale)


def too_different(a: Alignment) -> bool:
    """Pose, distance or framing too far apart for the pair to be compared."""
    if a.matrix is None or a.inliers < MIN_INLIERS:
        return True
    perspective = max(abs(a.matrix[2, 0]), abs(a.matrix[2, 1]))
    return (abs(a.rotation_deg or 0) > MAX_ROTATION_DEG or abs((a.scale or 1) - 1) > MAX_SCALE_CHANGE
            or perspective > MAX_PERSPECTIVE)


def warp(after: np.ndarray, a: Alignment, size: tuple[int, int]) -> np.ndarray:
    assert a.matrix is not None
    return cv2.warpPerspective(after, a.matrix, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
