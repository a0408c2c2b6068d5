"""Builds the tiny ONNX models that the C# tests run (ShelfCloud.TestSupport copies them into every test project).

The models are real ONNX graphs with deterministic, hand-checkable outputs, so the C# tests
can assert exact boxes and vectors without trained weights. Run from the repository root:

    /usr/bin/python3 tests/ShelfCloud.TestSupport/make_test_models.py

Needs only the `onnx` and `numpy` packages (Debian: `apt-get install python3-onnx`).
Outputs go to tests/ShelfCloud.TestSupport/Assets/.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ASSETS = Path(__file__).resolve().parent / "Assets"
OPSET = 13
# IR 8 / opset 13 loads in every ONNX Runtime release of the last years.
IR_VERSION = 8

DETECTOR_SIZE = 128
CLASS_NAMES = ["product", "empty"]

# One row per anchor: cx, cy, w, h (input pixels) and one score per class.
# Anchors 0 and 1 overlap heavily with different classes, so only class-agnostic NMS
# removes anchor 1. Anchor 3 is below the tests' confidence threshold.
DETECTOR_ANCHORS = np.array(
    [
        [32.0, 48.0, 20.0, 30.0, 0.90, 0.05],
        [33.0, 49.0, 20.0, 30.0, 0.10, 0.80],
        [96.0, 64.0, 30.0, 40.0, 0.05, 0.70],
        [64.0, 100.0, 10.0, 10.0, 0.10, 0.10],
        [70.0, 30.0, 16.0, 24.0, 0.60, 0.20],
        [0.0, 0.0, 0.0, 0.0, 0.00, 0.00],
        [0.0, 0.0, 0.0, 0.0, 0.00, 0.00],
        [0.0, 0.0, 0.0, 0.0, 0.00, 0.00],
    ],
    dtype=np.float32,
)

EMBEDDER_SIZE = 32
EMBEDDING_DIM = 16


def _model(graph: onnx.GraphProto, metadata: dict[str, str], producer: str = "shelfcloud-test-models") -> onnx.ModelProto:
    """The graph as a checked model at OPSET / IR_VERSION with its metadata_props (benchmarks/models uses it too)."""
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name=producer)
    model.ir_version = IR_VERSION
    for key, value in metadata.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.checker.check_model(model)
    return model


def detector(transposed: bool, with_metadata: bool = True, batch: int | str = "batch") -> onnx.ModelProto:
    """YOLOv8-style head whose boxes are constants and whose scores scale with image brightness.

    scores = base_scores * mean(image): a white image gives the base scores, a black one zero,
    so a batched test can tell the images apart. Layout [N, 4+C, A], or [N, A, 4+C] when transposed.
    """
    anchors = DETECTOR_ANCHORS.shape[0]
    channels = 4 + len(CLASS_NAMES)
    boxes = DETECTOR_ANCHORS[:, :4].T.reshape(1, 4, anchors)
    scores = DETECTOR_ANCHORS[:, 4:].T.reshape(1, len(CLASS_NAMES), anchors)
    nodes = [
        helper.make_node("ReduceMean", ["images"], ["brightness"], axes=[1, 2, 3], keepdims=1),
        helper.make_node("Reshape", ["brightness", "brightness_shape"], ["brightness_3d"]),
        helper.make_node("Mul", ["base_scores", "brightness_3d"], ["scores"]),
        # Boxes do not depend on pixels, but need the batch dimension: boxes + 0 * brightness.
        helper.make_node("Mul", ["brightness_3d", "zero"], ["zero_3d"]),
        helper.make_node("Add", ["base_boxes", "zero_3d"], ["boxes"]),
        helper.make_node("Concat", ["boxes", "scores"], ["head" if transposed else "output0"], axis=1),
    ]
    if transposed:
        nodes.append(helper.make_node("Transpose", ["head"], ["output0"], perm=[0, 2, 1]))
    output_shape = [batch, anchors, channels] if transposed else [batch, channels, anchors]
    graph = helper.make_graph(
        nodes,
        "detector_transposed" if transposed else "detector",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, [batch, 3, DETECTOR_SIZE, DETECTOR_SIZE])],
        [helper.make_tensor_value_info("output0", TensorProto.FLOAT, output_shape)],
        initializer=[
            numpy_helper.from_array(boxes, "base_boxes"),
            numpy_helper.from_array(scores, "base_scores"),
            numpy_helper.from_array(np.array([-1, 1, 1], dtype=np.int64), "brightness_shape"),
            numpy_helper.from_array(np.array(0.0, dtype=np.float32), "zero"),
        ],
    )
    names = "{" + ", ".join(f"{i}: '{name}'" for i, name in enumerate(CLASS_NAMES)) + "}"
    # Written the way Ultralytics writes them: str() of Python values.
    metadata = {"imgsz": f"[{DETECTOR_SIZE}, {DETECTOR_SIZE}]", "names": names, "stride": "32", "task": "detect"}
    return _model(graph, metadata if with_metadata else {})


def embedder_graph() -> onnx.GraphProto:
    """Mean colour of each image quadrant (3 x 2 x 2 = 12 values) times a fixed 12 x 16 matrix."""
    rng = np.random.default_rng(20261122)
    projection = rng.standard_normal((12, EMBEDDING_DIM)).astype(np.float32)
    half = EMBEDDER_SIZE // 2
    nodes = [
        helper.make_node("AveragePool", ["input"], ["quadrants"], kernel_shape=[half, half], strides=[half, half]),
        helper.make_node("Flatten", ["quadrants"], ["features"], axis=1),
        helper.make_node("MatMul", ["features", "projection"], ["embedding"]),
    ]
    return helper.make_graph(
        nodes,
        "embedder",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 3, EMBEDDER_SIZE, EMBEDDER_SIZE])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", EMBEDDING_DIM])],
        initializer=[numpy_helper.from_array(projection, "projection")],
    )


def main() -> None:
    ASSETS.mkdir(parents=True, exist_ok=True)
    onnx.save(detector(transposed=False), ASSETS / "detector.onnx")
    onnx.save(detector(transposed=True), ASSETS / "detector_transposed.onnx")
    # No metadata: the class count must come from the output shape, the input size from the input shape.
    onnx.save(detector(transposed=True, with_metadata=False), ASSETS / "detector_bare.onnx")
    # Exported with a fixed batch (Ultralytics' default export fixes it at 1): images must go in runs of exactly 2.
    onnx.save(detector(transposed=False, batch=2), ASSETS / "detector_batch2.onnx")
    onnx.save(
        _model(
            embedder_graph(),
            {"name": "quadrant-embedder", "version": "1.2.0", "mean": "[0.5, 0.5, 0.5]", "std": "[0.25, 0.25, 0.25]"},
        ),
        ASSETS / "embedder.onnx",
    )
    # The same embedder without metadata: its card comes only from the sidecar JSON beside it.
    onnx.save(_model(embedder_graph(), {}), ASSETS / "embedder_sidecar.onnx")
    card = {
        "name": "quadrant-embedder-sidecar",
        "version": "2.0.0",
        "imgsz": EMBEDDER_SIZE,
        "mean": [0.485, 0.456, 0.406],
        "std": [0.229, 0.224, 0.225],
        "embeddingDim": EMBEDDING_DIM,
    }
    (ASSETS / "embedder_sidecar.json").write_text(json.dumps(card, indent=2) + "\n")


if __name__ == "__main__":
    main()
