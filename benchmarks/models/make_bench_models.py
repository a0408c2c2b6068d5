"""Builds stand-in models with the compute of real ones, for `shelfcloud bench` until the default models exist.

The tiny test models run in microseconds, so with them the pipeline's overhead ratio (end-to-end time over
time inside ONNX Runtime) only measures image decoding. These stand-ins have untrained, random weights but
realistic work per call:

- bench_detector.onnx: [N, 3, 640, 640] -> [N, 5, 100]: a strided 3x3 convolution backbone (about 3.4 GFLOPs per
  image, between YOLOv8n and YOLOv8s). Its boxes are 100 fixed, non-overlapping pack-sized boxes laid out like
  four shelf rows of a 16:9 photo, so every photo yields 100 crops; the backbone's output is added times zero,
  which ONNX Runtime still computes.
- bench_embedder.onnx: [N, 3, 224, 224] -> [N, 128]: a strided convolution stack (about 1.1 GFLOPs per crop, a
  little over half a ResNet-18), global average pooling and a projection.

Run from the repository root (needs apt's python3-onnx):

    /usr/bin/python3 benchmarks/models/make_bench_models.py [OUTPUT_DIR]

OUTPUT_DIR defaults to artifacts/bench-models (ignored by git: about 10 MB of random weights).
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = Path(__file__).resolve().parents[2]
# The test models' generator stamps opset, IR version and metadata the same way for both.
sys.path.insert(0, str(ROOT / "tests" / "ShelfCloud.TestSupport"))
import make_test_models  # noqa: E402

RNG = np.random.default_rng(20261123)


class Graph:
    """Accumulates nodes and initializers of a plain convolution stack."""

    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self.count = 0

    def name(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def constant(self, array: np.ndarray, prefix: str) -> str:
        name = self.name(prefix)
        self.initializers.append(numpy_helper.from_array(array, name))
        return name

    def conv_relu(self, x: str, channels_in: int, channels_out: int, stride: int) -> str:
        # He initialisation keeps activations in range through the stack.
        weight = (RNG.standard_normal((channels_out, channels_in, 3, 3)) * np.sqrt(2.0 / (9 * channels_in))).astype(np.float32)
        bias = np.zeros(channels_out, dtype=np.float32)
        conv = self.name("conv")
        self.nodes.append(helper.make_node(
            "Conv", [x, self.constant(weight, "w"), self.constant(bias, "b")], [conv],
            kernel_shape=[3, 3], strides=[stride, stride], pads=[1, 1, 1, 1]))
        out = self.name("relu")
        self.nodes.append(helper.make_node("Relu", [conv], [out]))
        return out

    def stack(self, x: str, layers: list[tuple[int, int, int]]) -> str:
        for channels_in, channels_out, stride in layers:
            x = self.conv_relu(x, channels_in, channels_out, stride)
        return x

    def global_pool(self, x: str) -> str:
        pooled = self.name("pool")
        self.nodes.append(helper.make_node("GlobalAveragePool", [x], [pooled]))
        flat = self.name("flat")
        self.nodes.append(helper.make_node("Flatten", [pooled], [flat], axis=1))
        return flat


def model(graph: onnx.GraphProto, metadata: dict[str, str]) -> onnx.ModelProto:
    return make_test_models._model(graph, metadata, producer="shelfcloud-bench-models")


def shelf_boxes(size: int = 640, rows: int = 4, per_row: int = 25) -> np.ndarray:
    """cx, cy, w, h of packs on a 16:9 photo letterboxed into size x size (image rows 140..500 at 640)."""
    image_height = size * 9 / 16
    top = (size - image_height) / 2
    row_height = image_height / rows
    pitch = size / per_row
    boxes = []
    for row in range(rows):
        for column in range(per_row):
            boxes.append([pitch * (column + 0.5), top + row_height * (row + 0.55), pitch * 0.8, row_height * 0.7])
    return np.array(boxes, dtype=np.float32)


def detector() -> onnx.ModelProto:
    g = Graph()
    features = g.stack("images", [
        (3, 16, 2), (16, 32, 2), (32, 32, 1), (32, 64, 2), (64, 64, 1), (64, 64, 1),
        (64, 128, 2), (128, 128, 1), (128, 256, 2), (256, 256, 1),
    ])
    pooled = g.global_pool(features)  # [N, 256]
    boxes = shelf_boxes()
    anchors = boxes.shape[0]
    head = np.concatenate([boxes.T, np.full((1, anchors), 0.9, dtype=np.float32)]).reshape(1, 5, anchors)
    # [N, 256] x [256, 5*A] * 0 + head: the backbone's work is part of the output, its values are not.
    projected = g.name("proj")
    g.nodes.append(helper.make_node("MatMul", [pooled, g.constant(np.zeros((256, 5 * anchors), np.float32), "zeros")], [projected]))
    shaped = g.name("shaped")
    g.nodes.append(helper.make_node("Reshape", [projected, g.constant(np.array([-1, 5, anchors], np.int64), "shape")], [shaped]))
    g.nodes.append(helper.make_node("Add", [shaped, g.constant(head, "head")], ["output0"]))
    graph = helper.make_graph(
        g.nodes, "bench_detector",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, ["batch", 3, 640, 640])],
        [helper.make_tensor_value_info("output0", TensorProto.FLOAT, ["batch", 5, anchors])],
        initializer=g.initializers)
    return model(graph, {"imgsz": "[640, 640]", "names": "{0: 'product'}", "task": "detect", "name": "bench-detector-3.4gflops"})


def embedder() -> onnx.ModelProto:
    g = Graph()
    features = g.stack("input", [
        (3, 32, 2), (32, 64, 2), (64, 64, 1), (64, 128, 2), (128, 128, 1), (128, 256, 2), (256, 256, 1),
    ])
    pooled = g.global_pool(features)
    projection = (RNG.standard_normal((256, 128)) / 16).astype(np.float32)
    g.nodes.append(helper.make_node("MatMul", [pooled, g.constant(projection, "p")], ["embedding"]))
    graph = helper.make_graph(
        g.nodes, "bench_embedder",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 3, 224, 224])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", 128])],
        initializer=g.initializers)
    return model(graph, {"name": "bench-embedder-1.1gflops", "version": "0", "imgsz": "224"})


def main() -> None:
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "artifacts" / "bench-models"
    output.mkdir(parents=True, exist_ok=True)
    onnx.save(detector(), output / "bench_detector.onnx")
    onnx.save(embedder(), output / "bench_embedder.onnx")
    print(f"wrote {output / 'bench_detector.onnx'} and {output / 'bench_embedder.onnx'}")


if __name__ == "__main__":
    main()
