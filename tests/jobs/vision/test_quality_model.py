"""The committed capture-quality model: its bytes are the registered ones, it is as accurate as
its model card says on pictures it never saw, and the quality gate decides as a person would."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from jobs.vision import pipeline, registry, synthetic
from tests.support.faces import degraded, face_capture, jpeg

QUALITY = next(s for s in registry.SHIPPED if s.task == registry.QUALITY)


@pytest.fixture(scope="module")
def models() -> pipeline.Models:
    return pipeline.Models(*(registry.load(s) for s in registry.SHIPPED))


def test_the_committed_files_are_the_registered_and_migrated_ones():
    migration = next(Path("migrations/versions").glob("*_0007_*.py")).read_text(encoding="utf-8")
    for spec in registry.SHIPPED:
        digest = hashlib.sha256((registry.WEIGHTS / spec.file).read_bytes()).hexdigest()
        assert digest == spec.sha256
        assert f"'sha256': '{digest}'" in migration
    card = (registry.WEIGHTS.parent / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert QUALITY.sha256 in card


def test_held_out_accuracy_on_pictures_the_training_never_saw(models):
    assert not set(synthetic.HELD_OUT_SOURCES) & set(synthetic.TRAIN_SOURCES)
    x, y = synthetic.samples(synthetic.HELD_OUT_SOURCES, per_label=40, seed=4242)
    predicted = models.quality.classify(x).argmax(axis=1)
    accuracy = float((predicted == y).mean())
    per_label = {label: float((predicted[y == i] == i).mean()) for i, label in enumerate(synthetic.LABELS)}
    assert accuracy >= 0.82, per_label
    # Degradations the gate exists for are caught almost always.
    assert min(per_label[k] for k in ("blurred", "overexposed", "noisy")) >= 0.9, per_label


def test_a_tampered_file_is_refused(tmp_path, monkeypatch):
    data = (registry.WEIGHTS / QUALITY.file).read_bytes()
    (tmp_path / QUALITY.file).write_bytes(data.replace(b"capture_quality", b"capture_qualitz"))
    monkeypatch.setattr(registry, "WEIGHTS", tmp_path)
    registry.forget()
    try:
        with pytest.raises(registry.ModelRefused) as refused:
            registry.load(QUALITY)
        assert refused.value.reason == "model_hash_mismatch"
        (tmp_path / QUALITY.file).unlink()
        with pytest.raises(registry.ModelRefused) as missing:
            registry.load(QUALITY)
        assert missing.value.reason == "model_file_missing"
    finally:
        registry.forget()


@pytest.mark.parametrize(("kind", "failing"), [
    ("sharp", set()),
    ("blurred", {"sharpness", "learned_quality"}),
    ("dark", {"brightness", "learned_quality"}),
    ("overexposed", {"clipped_high_pct", "learned_quality"}),
])
def test_the_quality_gate_on_generated_captures(models, kind, failing):
    image = face_capture() if kind == "sharp" else degraded(face_capture(), kind)
    out = pipeline.analyse(jpeg(image), models, light_mode="standard", region="face", max_pixels=10**8,
                           input_sha256="")
    quality = out.result["quality"]
    assert failing <= set(quality["failed_checks"])
    assert quality["passed"] is (not failing)
    assert (out.result["features"] is not None) is (not failing)


def test_polarised_and_uv_captures_report_what_that_light_shows(models):
    data = jpeg(face_capture())
    polarised = pipeline.analyse(data, models, light_mode="cross_polarized", region="face", max_pixels=10**8,
                                 input_sha256="").result["features"]
    assert polarised["pigment_spot_count"]["light_mode"] == "cross_polarized"
    assert polarised["vascular_area_pct"]["light_mode"] == "cross_polarized"
    uv = pipeline.analyse(data, models, light_mode="uv", region="face", max_pixels=10**8, input_sha256="").result
    assert {"uv_spot_count", "porphyrin_count"} <= set(uv["features"])
    assert all(m["light_mode"] == "uv" for m in uv["features"].values())


def test_the_pixel_limit_is_checked_before_decoding(models):
    with pytest.raises(pipeline.Refused) as refused:
        pipeline.analyse(jpeg(face_capture()), models, light_mode="standard", region="face", max_pixels=1000,
                         input_sha256="")
    assert refused.value.reason == "pixel_limit"
    assert np.isfinite(pipeline.floor(jpeg(face_capture()), models, max_pixels=10**8)).all()
