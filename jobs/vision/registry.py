"""Models the analysis runs: shipped files, verified by SHA-256 before use, loaded once per process.

The ``analysis_models`` table is the registry of record (operators register and retire versions
through the admin API); this module holds what is shipped and turns a registered row into a
ready ONNX Runtime session. A file whose bytes do not hash to the registered SHA-256 is refused
(``model_hash_mismatch``), so a tampered or swapped file never runs.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

WEIGHTS = Path(__file__).resolve().parent / "weights"
QUALITY, FACE = "capture_quality", "face_detection"
REQUIRED_TASKS = (QUALITY, FACE)
# Inference threads per worker process: one worker per core scales better than threads fighting.
INTRA_OP_THREADS = 1


class ModelRefused(Exception):
    """A registered model cannot be used; ``reason`` is stable (recorded on the analysis)."""

    def __init__(self, reason: str, name: str) -> None:
        super().__init__(f"{reason}: {name}")
        self.reason, self.name = reason, name


@dataclass(frozen=True)
class ModelSpec:
    name: str
    version: str
    task: str
    file: str  # relative to WEIGHTS
    sha256: str
    input_shape: list[Any]
    normalisation: dict[str, Any]
    labels: list[str]
    runtime: str = "onnxruntime"

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "task": self.task, "sha256": self.sha256,
                "runtime": self.runtime}


# Shipped with the code and seeded into analysis_models by migration 0007.
SHIPPED = (
    ModelSpec("capture-quality", "1", QUALITY, "quality-1.onnx",
              "9075ae3511c9ed5f853e82fadc751676d4dcc1b93db07d6becbf9e2fd65461e5",
              ["N", 1, 256, 256], {"colour": "grey", "crop": "five 256x256 patches of the working image",
                                   "scale": "pixel / 255"},
              ["good", "blurred", "dark", "overexposed", "noisy"]),
    ModelSpec("face-lbp", "1", FACE, "lbpcascade_frontalface_opencv.xml",
              "03097789a3dcbb0e40d20b9ef82537dbc3b670b6a7f2268d735470f22e003a91",
              ["H", "W"], {"colour": "grey", "scale": "pixel / 255", "min_face": "25% of the short side"},
              ["face"], runtime="skimage-lbp-cascade"),
)


@dataclass
class Loaded:
    spec: ModelSpec
    engine: Any  # an ort.InferenceSession or a skimage Cascade
    lock: threading.Lock = field(default_factory=threading.Lock)  # skimage's Cascade is not re-entrant

    def classify(self, batch: np.ndarray) -> np.ndarray:
        return self.engine.run(None, {self.engine.get_inputs()[0].name: batch})[0]


_cache: dict[tuple[str, str, str], Loaded] = {}
_cache_lock = threading.Lock()


def _session(data: bytes) -> Any:
    # Imported here, not at the top: the web tier reads the registry but never runs a model.
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads, options.inter_op_num_threads = INTRA_OP_THREADS, 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(data, options, providers=["CPUExecutionProvider"])


def load(spec: ModelSpec) -> Loaded:
    """The ready model, verified by hash; cached per process (the first call pays the load).

    :raise ModelRefused: ``model_file_missing`` / ``model_hash_mismatch`` / ``model_load_failed``.
    """
    key = (spec.name, spec.version, spec.sha256)
    with _cache_lock:
        if key in _cache:
            return _cache[key]
        path = (WEIGHTS / spec.file).resolve()
        if path.parent != WEIGHTS or not path.is_file():
            raise ModelRefused("model_file_missing", spec.name)
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != spec.sha256:
            raise ModelRefused("model_hash_mismatch", spec.name)
        try:
            if spec.runtime == "onnxruntime":
                engine: Any = _session(data)
            else:
                from skimage.feature import Cascade

                engine = Cascade(str(path))
        except Exception:  # noqa: BLE001 - any parse failure means the same: this file cannot run
            raise ModelRefused("model_load_failed", spec.name) from None
        _cache[key] = Loaded(spec, engine)
        return _cache[key]


def forget() -> None:
    """Drop loaded models (tests that swap files)."""
    with _cache_lock:
        _cache.clear()


def file_sha256(file: str) -> str | None:
    path = (WEIGHTS / file).resolve()
    if path.parent != WEIGHTS or not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()
