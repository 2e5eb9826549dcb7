#!/usr/bin/env python
"""Build the capture-quality model (jobs/vision/weights/quality-1.onnx) from scratch, reproducibly.

Data: patches of pictures scikit-image ships, degraded on purpose (jobs/vision/synthetic.py).
Model: one ONNX graph, image in, class probabilities out. Its first part is fixed signal
processing (brightness, contrast, clipped shares, Laplacian energy at three scales, the
Immerkaer noise estimate, gradient energy); its second part is a small perceptron fitted here on
those features. Running the fixed part through onnxruntime to make the training features keeps
training and serving identical.

    .venv/bin/python scripts/train_quality_model.py            # writes the model, prints metrics
    .venv/bin/python scripts/train_quality_model.py --check    # rebuilds in memory, compares hashes

Needs scikit-learn (a dev dependency); nothing is downloaded.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from sklearn.metrics import accuracy_score, confusion_matrix
from sklearn.neural_network import MLPClassifier

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jobs.vision import synthetic  # noqa: E402

OUT = ROOT / "jobs" / "vision" / "weights" / "quality-1.onnx"
OPSET = 17
SEED, PER_LABEL, HELD_OUT_SEED, HELD_OUT_PER_LABEL = 20261205, 600, 99, 200
LAPLACE = np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], np.float32)
IMMERKAER = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], np.float32)
SOBEL_X = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], np.float32) / 4
EPS = 1e-6


class Graph:
    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.inits: list[onnx.TensorProto] = []
        self.count = 0

    def const(self, value: np.ndarray, name: str | None = None) -> str:
        self.count += 1
        name = name or f"c{self.count}"
        self.inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def op(self, kind: str, *inputs: str, **attrs: object) -> str:
        self.count += 1
        out = f"t{self.count}_{kind.lower()}"
        self.nodes.append(helper.make_node(kind, list(inputs), [out], **attrs))
        return out

    def mean(self, x: str) -> str:  # [N,1,H,W] -> [N,1]
        return self.op("ReduceMean", x, axes=[2, 3], keepdims=0)

    def log(self, x: str) -> str:
        return self.op("Log", self.op("Add", x, self.const(np.float32(EPS))))

    def conv(self, x: str, kernel: np.ndarray) -> str:
        return self.op("Conv", x, self.const(kernel[None, None]))

    def energy(self, x: str, kernel: np.ndarray) -> str:
        response = self.conv(x, kernel)
        return self.log(self.mean(self.op("Mul", response, response)))


def features(g: Graph, x: str) -> str:
    """[N,1,256,256] in 0..1 -> [N,10]."""
    mean = g.mean(x)
    var = g.op("Sub", g.mean(g.op("Mul", x, x)), g.op("Mul", mean, mean))
    std = g.op("Sqrt", g.op("Max", var, g.const(np.float32(0))))
    bright = g.mean(g.op("Cast", g.op("Greater", x, g.const(np.float32(0.97))), to=TensorProto.FLOAT))
    dark = g.mean(g.op("Cast", g.op("Less", x, g.const(np.float32(0.03))), to=TensorProto.FLOAT))
    half = g.op("AveragePool", x, kernel_shape=[2, 2], strides=[2, 2])
    quarter = g.op("AveragePool", half, kernel_shape=[2, 2], strides=[2, 2])
    noise = g.log(g.mean(g.op("Abs", g.conv(x, IMMERKAER))))
    gx, gy = g.conv(x, SOBEL_X), g.conv(x, SOBEL_X.T.copy())
    gradient = g.log(g.mean(g.op("Add", g.op("Mul", gx, gx), g.op("Mul", gy, gy))))
    parts = [mean, std, bright, dark, g.energy(x, LAPLACE), g.energy(half, LAPLACE), g.energy(quarter, LAPLACE),
             noise, gradient, g.log(std)]
    return g.op("Concat", *parts, axis=1)


def model(g: Graph, outputs: list[onnx.ValueInfoProto]) -> onnx.ModelProto:
    image = helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", 1, synthetic.SIDE, synthetic.SIDE])
    graph = helper.make_graph(g.nodes, "capture_quality", [image], outputs, g.inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="mirror-train-quality",
                          producer_version="1")
    m.ir_version = 8
    m.doc_string = "Capture-quality classifier (good/blurred/dark/overexposed/noisy); an algorithmic reference."
    onnx.checker.check_model(m)
    return m


def run(m: onnx.ModelProto, x: np.ndarray, output: str) -> np.ndarray:
    options = ort.SessionOptions()
    options.intra_op_num_threads, options.inter_op_num_threads = 1, 1
    session = ort.InferenceSession(m.SerializeToString(), options, providers=["CPUExecutionProvider"])
    return np.concatenate([session.run([output], {"image": x[i:i + 64]})[0] for i in range(0, len(x), 64)])


def build() -> tuple[bytes, dict[str, object]]:
    g = Graph()
    feats = features(g, "image")
    feature_model = model(g, [helper.make_tensor_value_info(feats, TensorProto.FLOAT, ["N", 10])])
    x, y = synthetic.samples(synthetic.TRAIN_SOURCES, PER_LABEL, SEED)
    f = run(feature_model, x, feats)
    mu, sd = f.mean(axis=0), f.std(axis=0) + 1e-6
    clf = MLPClassifier(hidden_layer_sizes=(24,), alpha=1e-3, max_iter=2000, random_state=0)
    clf.fit((f - mu) / sd, y)
    # The perceptron as graph nodes: standardise, dense + ReLU, dense, softmax.
    z = g.op("Div", g.op("Sub", feats, g.const(mu.astype(np.float32))), g.const(sd.astype(np.float32)))
    w1, w2 = (w.astype(np.float32) for w in clf.coefs_)
    b1, b2 = (b.astype(np.float32) for b in clf.intercepts_)
    hidden = g.op("Relu", g.op("Add", g.op("MatMul", z, g.const(w1)), g.const(b1)))
    logits = g.op("Add", g.op("MatMul", hidden, g.const(w2)), g.const(b2))
    g.nodes.append(helper.make_node("Softmax", [logits], ["probabilities"], axis=1))
    final = model(g, [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", len(synthetic.LABELS)])])
    data = final.SerializeToString()
    hx, hy = synthetic.samples(synthetic.HELD_OUT_SOURCES, HELD_OUT_PER_LABEL, HELD_OUT_SEED)
    predicted = run(final, hx, "probabilities").argmax(axis=1)
    metrics = {"train_accuracy": round(float(accuracy_score(y, run(final, x, "probabilities").argmax(axis=1))), 4),
               "held_out_accuracy": round(float(accuracy_score(hy, predicted)), 4),
               "held_out_confusion": confusion_matrix(hy, predicted).tolist(), "labels": list(synthetic.LABELS)}
    return data, metrics


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="rebuild in memory and compare with the committed file")
    args = parser.parse_args()
    data, metrics = build()
    digest = hashlib.sha256(data).hexdigest()
    print(json.dumps(metrics | {"sha256": digest, "bytes": len(data)}, ensure_ascii=False, indent=1))
    if args.check:
        committed = hashlib.sha256(OUT.read_bytes()).hexdigest()
        print("committed", committed, "rebuilt", digest, "same" if committed == digest else "DIFFERENT")
        raise SystemExit(0 if committed == digest else 1)
    OUT.write_bytes(data)
    print("wrote", OUT.relative_to(ROOT))


if __name__ == "__main__":
    main()
