"""Alignment recovers a known transform, and refuses pairs too far apart to compare."""

from __future__ import annotations

import cv2
import numpy as np

from jobs.vision import align
from tests.support.faces import face_capture


def test_alignment_recovers_a_known_similarity_transform():
    before = face_capture(width=750, seed=1)
    # Another capture (other sensor noise) moved, turned and brought closer by a known amount.
    after = face_capture(width=750, seed=2, shift=(30, -20), angle=6, scale=1.08)
    result = align.align(before, after)
    forward = np.vstack([cv2.getRotationMatrix2D((375, 500), 6, 1.08), [0, 0, 1]])
    forward[:2, 2] += (30, -20)
    expected = np.linalg.inv(forward)  # after -> before
    assert result.matrix is not None and result.inliers >= align.MIN_INLIERS
    points = np.float32([[100, 100], [650, 120], [375, 500], [120, 900], [640, 880]]).reshape(-1, 1, 2)
    got = cv2.perspectiveTransform(points, result.matrix)
    want = cv2.perspectiveTransform(points, expected)
    assert np.abs(got - want).max() < 2.0  # pixels
    assert abs(result.scale - 1 / 1.08) < 0.01 and abs(abs(result.rotation_deg) - 6) < 0.5
    assert result.score > 0.5 and not align.too_different(result)


def test_a_pair_turned_too_far_is_flagged():
    before = face_capture(width=750, seed=1)
    turned = face_capture(width=750, seed=2, angle=35)
    assert align.too_different(align.align(before, turned))
    unrelated = np.random.default_rng(0).integers(0, 255, before.shape, dtype=np.uint8)
    assert align.too_different(align.align(before, unrelated))
