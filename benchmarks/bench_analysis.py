"""Image analysis on 12-megapixel JPEGs against a floor measured in the same run.

    .venv/bin/python benchmarks/bench_analysis.py [--images 6] [--rounds 5]

Prints figures, asserts nothing. Per image and per round, interleaved so a busy machine hurts
every variant alike:

- ``floor``: decode the JPEG (the same reduced decode the job uses) and run the quality model:
  the least any analysis does (``jobs.vision.pipeline.floor``).
- ``pipeline``: the whole analysis (``pipeline.analyse``): decode, every quality check, face
  detection, the learned score, de-identified copy, skin features, overlay, both JPEG encodes.
- ``floor+io`` / ``job io``: the same with the OSS traffic of a job: the clean original fetched
  once through oss2 from the OSS emulator (``python -m sandbox.oss``, started here), and for
  the job the two derivatives stored. The job's three small MariaDB transactions (claim,
  progress, finish) are not included.

Figures are medians of CPU time of this process (``time.process_time``: what someone else
running on the machine does not inflate) and wall time; ratio = variant / floor. Peak RSS is
this process's (models loaded once, one image in flight, plus the JPEGs kept for the run),
i.e. an analysis worker's.
The pictures are synthetic (a face from scikit-image's astronaut with pixel-level texture, so
the quality gate passes and every stage runs), 3000 x 4000, JPEG quality 92.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.harness import free_port, stop_process  # noqa: E402
from bff.config import Settings  # noqa: E402
from bff.integrations.oss import OssGateway  # noqa: E402
from jobs.vision import pipeline, registry  # noqa: E402
from tests.support.faces import face_capture, jpeg  # noqa: E402

MAX_PIXELS = 60_000_000


def _picture(seed: int) -> bytes:
    return jpeg(face_capture(width=3000, seed=seed))


def pictures(n: int) -> list[bytes]:
    """Made in a child process: generating them takes float copies a worker never holds."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.map(_picture, range(n))


def timed(fn) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--images", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    cv2.setNumThreads(1)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    load_started = time.perf_counter()
    models = pipeline.Models(*(registry.load(s) for s in registry.SHIPPED))
    load_ms = (time.perf_counter() - load_started) * 1000
    images = pictures(args.images)
    print(f"{len(images)} JPEGs 3000x4000 (12.0 MP), {statistics.mean(map(len, images)) / 1e6:.2f} MB each; "
          f"models loaded and verified once in {load_ms:.0f} ms; onnxruntime intra-op threads "
          f"{registry.INTRA_OP_THREADS}; decode reduced by {pipeline.reduction(3000, 4000)} "
          f"(working image {3000 // pipeline.reduction(3000, 4000)}x{4000 // pipeline.reduction(3000, 4000)})")
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        emulator = subprocess.Popen([sys.executable, "-m", "sandbox.oss", "--port", str(port), "--storage-dir", tmp],
                                    cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    start_new_session=True)
        try:
            oss = OssGateway(Settings(oss_endpoint=f"http://127.0.0.1:{port}"))
            for _ in range(100):
                try:
                    oss.put("bench/ping", b"x", content_type="text/plain")
                    break
                except Exception:  # noqa: BLE001 - still starting
                    time.sleep(0.1)
            keys = [f"bench/{i}/original.clean.jpg" for i in range(len(images))]
            for key, data in zip(keys, images, strict=True):
                oss.put(key, data, content_type="image/jpeg")
            run(models, images, keys, oss, args.rounds, rss_before)
        finally:
            stop_process(emulator, 5)


def run(models, images, keys, oss, rounds, rss_before) -> None:  # type: ignore[no-untyped-def]
    samples: dict[str, list[tuple[float, float]]] = {k: [] for k in ("floor", "pipeline", "floor+io", "job io")}
    stages: dict[str, list[float]] = {}
    passed = 0

    def job(key: str) -> None:
        nonlocal passed
        data = oss.get(key)
        out = pipeline.analyse(data, models, light_mode="standard", region="face", max_pixels=MAX_PIXELS,
                               input_sha256="")
        if out.overlay_jpeg is not None:
            oss.put(key.replace("original.clean", "overlay"), out.overlay_jpeg, content_type="image/jpeg")
        if out.deidentified_jpeg is not None:
            oss.put(key.replace("original.clean", "deidentified"), out.deidentified_jpeg, content_type="image/jpeg")
        passed += out.result["quality"]["passed"]
        for name, ms in out.result["timings_ms"].items():
            stages.setdefault(name, []).append(ms)

    for _ in range(rounds):
        for data, key in zip(images, keys, strict=True):
            samples["floor"].append(timed(lambda d=data: pipeline.floor(d, models, max_pixels=MAX_PIXELS)))
            samples["pipeline"].append(timed(lambda d=data: pipeline.analyse(
                d, models, light_mode="standard", region="face", max_pixels=MAX_PIXELS, input_sha256="")))
            samples["floor+io"].append(timed(lambda k=key: pipeline.floor(oss.get(k), models, max_pixels=MAX_PIXELS)))
            samples["job io"].append(timed(lambda k=key: job(k)))
    med = {k: (statistics.median(c for c, _ in v), statistics.median(w for _, w in v)) for k, v in samples.items()}
    print(f"\n{'variant':<10} {'CPU ms/img':>11} {'wall ms/img':>12} {'img/s/worker':>13} {'CPU ratio':>10} "
          f"{'wall ratio':>11}")
    for name, (cpu, wall) in med.items():
        base = med["floor" if name in ("floor", "pipeline") else "floor+io"]
        print(f"{name:<10} {cpu:>11.1f} {wall:>12.1f} {1000 / wall:>13.1f} {cpu / base[0]:>10.2f} "
              f"{wall / base[1]:>11.2f}")
    print("\nper-stage wall ms (median, job runs):", ", ".join(
        f"{k} {statistics.median(v):.1f}" for k, v in stages.items()))
    print(f"quality gate passed {passed}/{len(samples['job io'])} job runs")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS {peak / 1024:.0f} MiB (before loading models and pictures: {rss_before / 1024:.0f} MiB)")


if __name__ == "__main__":
    main()
