"""Writes the int8 QDQ twin of a detector 2.x ONNX export (the CPU default when it keeps its figures).

The fp32 graph that `train_detector.py` exports (BatchNorm already folded into the convolutions) gets:
- per-channel symmetric int8 weights and int32 biases on every Conv (DequantizeLinear in front of them);
- QuantizeLinear/DequantizeLinear pairs (uint8, per tensor) on every tensor a Conv or a residual/FPN Add reads, with
  ranges calibrated by running the PyTorch model on training scenes: ONNX names each Conv node after its module
  (`/net/backbone/n7/Conv` is `net.backbone.layers.n7`), so forward hooks give each Conv's input and output ranges
  (the output of the BatchNorm that follows, when there is one), and Relu, MaxPool, Resize and Pad pass ranges on.
ONNX Runtime fuses DequantizeLinear → Conv → (Relu) → QuantizeLinear into QLinearConv (VNNI here); the decoding
after the heads stays fp32.

    /usr/bin/python3 src/training/quantize_detector.py --weights /tmp/d2/weights.pt --fp32 /tmp/d2/model/detector.onnx \
        --data /tmp/det_train --grocery ../shared/datasets/grocery-store --out src/ShelfCloud.Vision/Models/detector.onnx
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import helper, numpy_helper

import common
import train_detector as td


def calibration_images(data: Path, grocery: Path | None, count: int, size: int, seed: int) -> torch.Tensor:
    """Letterboxed synthetic shelves and realistic scenes, as the detector sees photos (RGB 0..1, pad 114)."""
    images, _ = td.load_dataset(data, size, limit=count // 2, scenes=count - count // 2, grocery=grocery, seed=seed)
    return images.float() / 255


def calibrate(net, images: torch.Tensor, batch: int) -> tuple[dict, dict]:
    """Per module name: (input min, input max) and (output min, output max), averaged over batches."""
    net.eval()
    inputs, outputs, order = {}, {}, []

    def hook(name):
        def record(module, args, out):
            x = args[0]
            inputs.setdefault(name, []).append((x.min().item(), x.max().item()))
            outputs.setdefault(name, []).append((out.min().item(), out.max().item()))
            order.append(name)
        return record

    handles = [m.register_forward_hook(hook(n)) for n, m in net.named_modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.BatchNorm2d)) or type(m).__name__ == "_Conv"]
    with torch.no_grad():
        for start in range(0, len(images), batch):
            net(images[start:start + batch])
    for h in handles:
        h.remove()
    mean = lambda runs: (sum(r[0] for r in runs) / len(runs), sum(r[1] for r in runs) / len(runs))
    # The range a Conv node's output has in ONNX is that of the BatchNorm folded into it, when one follows.
    calls = order[: len(order) // (len(images) // batch + (len(images) % batch > 0))]
    conv_out = {}
    for i, name in enumerate(calls):
        follower = calls[i + 1] if i + 1 < len(calls) else None
        folded = follower is not None and isinstance(dict(net.named_modules())[follower], torch.nn.BatchNorm2d)
        conv_out[name] = mean(outputs[follower] if folded else outputs[name])
    return {n: mean(r) for n, r in inputs.items()}, conv_out


def module_of(node_name: str) -> str:
    """`/net/backbone/n7/Conv` and `/net/n34/Conv` → `net.backbone.layers.nK`; `/net/hm/hm.0/hm.0.0/Conv` → `net.hm.0.0`."""
    parts = node_name.strip("/").split("/")[:-1]
    path = [parts[0]]
    for part in parts[1:]:
        path.append(part.split(".")[-1] if "." in part else part)
    name = ".".join(path)
    # Backbone steps are named nK; those run through forward_from (layer3) lose the "backbone" scope in the export.
    step = re.fullmatch(r"net\.(?:backbone\.)?(n\d+)", name)
    return f"net.backbone.layers.{step.group(1)}" if step else name


def qparams(lo: float, hi: float):
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    scale = max(hi - lo, 1e-8) / 255.0
    return np.float32(scale), np.uint8(np.clip(round(-lo / scale), 0, 255))


def quantise(model: onnx.ModelProto, conv_in: dict, conv_out: dict) -> onnx.ModelProto:
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    producer = {o: n for n in graph.node for o in n.output}
    ranges: dict[str, tuple[float, float]] = {}
    for node in graph.node:  # ranges of the tensors the Convs and Adds read, in graph order
        if node.op_type == "Conv":
            name = module_of(node.name)
            ranges.setdefault(node.input[0], conv_in[name])
            ranges[node.output[0]] = conv_out[name]
        elif node.op_type == "Relu" and node.input[0] in ranges:
            ranges[node.output[0]] = (0.0, max(0.0, ranges[node.input[0]][1]))
        elif node.op_type in ("MaxPool", "Resize", "Pad") and node.input[0] in ranges:
            ranges[node.output[0]] = ranges[node.input[0]]
    new_nodes, added_inits, dq_of, count = [], [], {}, [0]

    def const(array, prefix):
        count[0] += 1
        name = f"q_{prefix}_{count[0]}"
        added_inits.append(numpy_helper.from_array(array, name))
        return name

    def dequantised(tensor):
        if tensor not in dq_of:
            scale, zero = qparams(*ranges[tensor])
            s, z = const(np.array(scale, np.float32), "s"), const(np.array(zero, np.uint8), "z")
            new_nodes.append(helper.make_node("QuantizeLinear", [tensor, s, z], [tensor + "_q"], name=tensor + "_Q"))
            new_nodes.append(helper.make_node("DequantizeLinear", [tensor + "_q", s, z], [tensor + "_dq"], name=tensor + "_DQ"))
            dq_of[tensor] = (tensor + "_dq", float(scale))
        return dq_of[tensor]

    quantised_convs = 0
    for node in graph.node:
        if node.op_type == "Conv" and node.input[0] in ranges and node.input[1] in inits:
            x, x_scale = dequantised(node.input[0])
            w = numpy_helper.to_array(inits[node.input[1]]).astype(np.float32)
            b = numpy_helper.to_array(inits[node.input[2]]).astype(np.float32) if len(node.input) > 2 else np.zeros(w.shape[0], np.float32)
            w_scale = np.maximum(np.abs(w).reshape(w.shape[0], -1).max(axis=1), 1e-8) / 127.0
            wq = np.clip(np.round(w / w_scale[:, None, None, None]), -127, 127).astype(np.int8)
            b_scale = (w_scale * x_scale).astype(np.float32)
            bq = np.round(b / b_scale).astype(np.int32)
            w_dq, b_dq = node.name + "_w_dq", node.name + "_b_dq"
            new_nodes.append(helper.make_node("DequantizeLinear", [const(wq, "wq"), const(w_scale.astype(np.float32), "ws"),
                                                                   const(np.zeros(len(w_scale), np.int8), "wz")], [w_dq], axis=0))
            new_nodes.append(helper.make_node("DequantizeLinear", [const(bq, "bq"), const(b_scale, "bs"),
                                                                   const(np.zeros(len(b_scale), np.int32), "bz")], [b_dq], axis=0))
            del node.input[:]
            node.input.extend([x, w_dq, b_dq])
            quantised_convs += 1
        elif node.op_type == "Add" and all(i in ranges for i in node.input):
            inputs = [dequantised(i)[0] for i in node.input]
            del node.input[:]
            node.input.extend(inputs)
        new_nodes.append(node)
    # Weights now live as int8 initialisers; drop the fp32 ones nothing reads any more.
    read = {i for n in new_nodes for i in n.input}
    kept = [i for i in graph.initializer if i.name in read] + added_inits
    del graph.node[:]
    graph.node.extend(topological(new_nodes, {i.name for i in graph.input} | {i.name for i in kept}))
    del graph.initializer[:]
    graph.initializer.extend(kept)
    print(f"quantised {quantised_convs} convolutions and {sum(1 for n in new_nodes if n.op_type == 'Add' and n.input[0].endswith('_dq'))} additions")
    onnx.checker.check_model(model)
    return model


def topological(nodes, available: set[str]):
    """Orders nodes so each comes after the producers of its inputs (the inserted Q/DQ pairs were appended out of order)."""
    ordered, pending, ready = [], list(nodes), set(available) | {""}
    while pending:
        progressed = False
        for node in list(pending):
            if all(i in ready for i in node.input):
                ordered.append(node)
                ready.update(node.output)
                pending.remove(node)
                progressed = True
        if not progressed:
            raise ValueError(f"cycle or missing input near {pending[0].name}")
    return ordered


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--weights", required=True, help="--save of train_detector.py --backbone resnet18")
    ap.add_argument("--fp32", required=True, help="the fp32 export of the same weights (detector.onnx)")
    ap.add_argument("--data", required=True, help="`shelfcloud synth` output the detector trained on (calibration scenes)")
    ap.add_argument("--grocery", help="Grocery Store root, for the scenes' pack textures")
    ap.add_argument("--frozen-stage", type=int, default=2)
    ap.add_argument("--calibration", type=int, default=32, help="calibration images")
    ap.add_argument("--size", type=int, default=640)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    common.set_threads(2)
    net = td.PretrainedDetector(frozen_stage=args.frozen_stage)
    net.load_state_dict(torch.load(args.weights, map_location="cpu"))
    exported = td.Exported(net).eval()
    images = calibration_images(Path(args.data), Path(args.grocery) if args.grocery else None, args.calibration, args.size, seed=7)
    conv_in, conv_out = calibrate(exported, images, batch=4)
    model = quantise(onnx.load(args.fp32), conv_in, conv_out)
    out = Path(args.out)
    onnx.save(model, str(out))
    card = json.loads(Path(args.fp32).with_suffix(".json").read_text())
    card["precision"] = "int8"
    out.with_suffix(".json").write_text(json.dumps(card, indent=2) + "\n")
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB) and its card")


if __name__ == "__main__":
    main()
