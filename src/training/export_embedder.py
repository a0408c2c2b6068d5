"""Exports a trained embedder 3.x (weights from `train_embedder_pretrained.py --save-weights`) to ONNX twice:

- `embedder.onnx`: int8, statically quantised in QDQ form (per-channel symmetric int8 weights, per-tensor uint8
  activations whose ranges are calibrated on augmented training crops, int32 biases). ONNX Runtime turns each
  DequantizeLinear → Conv → (Relu) → QuantizeLinear into a QLinearConv, which runs on VNNI here: the CPU default.
- `gpu/embedder.onnx`: the same graph computing in fp32 (weights stored per-channel int8 and dequantised in the
  graph, 16.8 MB), for GPU workers.

The graph is written node by node from the backbone's own step list with every BatchNorm folded into its
convolution, so the tensors calibrated in PyTorch are exactly the tensors quantised in ONNX. Both files take RGB
0..1 (mean 0, std 1 in the card); a 1x1 convolution converts to the backbone's BGR 0..255 minus mean.

    /usr/bin/python3 src/training/export_embedder.py --weights /tmp/e3/final.pt --out src/ShelfCloud.Vision/Models \
        --unknown-threshold 0.6
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

import common
from pretrained_resnet import BGR_MEAN, LICENCE, ImageNetResNet18, _Conv, _MaxPool
from train_embedder_pretrained import EmbeddingHead, Exported, augment, load_split, teacher_vector

OPSET = 13


def fused_steps(net: ImageNetResNet18) -> list[dict]:
    """The backbone as a list of steps with each BatchNorm folded into the convolution before it."""
    steps, producer = [], {}
    for op, name, inputs, out in net.steps:
        module = net.layers[name] if name else None
        if isinstance(module, torch.nn.BatchNorm2d):
            conv = steps[producer[inputs[0]]]
            scale = module.weight / torch.sqrt(module.running_var + module.eps)
            conv["weight"] = conv["weight"] * scale.view(-1, 1, 1, 1)
            conv["bias"] = module.bias - module.running_mean * scale
            conv["output"] = out
            producer[out] = producer.pop(inputs[0])
            continue
        if isinstance(module, _Conv):
            top, left = module.padding if module.symmetric else (module.pad4[2], module.pad4[0])
            pads = [top, left, top, left] if module.symmetric else [module.pad4[2], module.pad4[0], module.pad4[3], module.pad4[1]]
            step = {"op": "Conv", "weight": module.weight.detach(), "bias": None, "stride": module.stride, "pads": pads}
        elif isinstance(module, _MaxPool):
            left, right, top, bottom = module.pad4
            step = {"op": "MaxPool", "kernel": module.kernel, "stride": module.stride, "pads": [top, left, bottom, right]}
        elif op == "relu":
            step = {"op": "Relu"}
        else:
            step = {"op": "Add"}
        step.update(inputs=list(inputs), output=out)
        producer[out] = len(steps)
        steps.append(step)
    for step in steps:
        if step["op"] == "Conv" and step["bias"] is None:
            step["bias"] = torch.zeros(step["weight"].shape[0])
    return steps


def run_steps(steps, net: ImageNetResNet18, rgb01: torch.Tensor, ranges: dict | None = None, percentile: float = 100.0):
    """Runs the fused steps in PyTorch (returns layer3 and layer4 maps). With `ranges`, appends each tensor's range in
    this batch: min/max, or the (100 - p, p) percentiles, which clip rare outliers for a finer int8 step."""
    values = {net.input_name: preprocess(rgb01)}

    def record(name, t):
        if ranges is None:
            return
        if percentile >= 100:
            ranges.setdefault(name, []).append((t.min().item(), t.max().item()))
            return
        flat = t.flatten()
        sample = flat[torch.randint(len(flat), (min(len(flat), 1 << 20),))] if len(flat) > 1 << 20 else flat
        q = torch.quantile(sample.float(), torch.tensor([1 - percentile / 100, percentile / 100]))
        ranges.setdefault(name, []).append((q[0].item(), q[1].item()))

    record(net.input_name, values[net.input_name])
    for s in steps:
        x = values[s["inputs"][0]]
        if s["op"] == "Conv":
            top, left, bottom, right = s["pads"]
            y = F.conv2d(F.pad(x, (left, right, top, bottom)), s["weight"], s["bias"], s["stride"])
        elif s["op"] == "MaxPool":
            top, left, bottom, right = s["pads"]
            y = F.max_pool2d(F.pad(x, (left, right, top, bottom), value=float("-inf")), s["kernel"], s["stride"])
        elif s["op"] == "Relu":
            y = torch.relu(x)
        else:
            y = x + values[s["inputs"][1]]
        values[s["output"]] = y
        record(s["output"], y)
    return values[net.stage_outputs[3]], values[net.stage_outputs[4]]


def preprocess(rgb01):
    return rgb01.flip(1) * 255.0 - torch.tensor(BGR_MEAN).view(1, 3, 1, 1)


class GraphWriter:
    """Collects nodes and initialisers; `quantised` inserts QuantizeLinear/DequantizeLinear pairs."""

    def __init__(self, ranges: dict | None, int8_weights: bool = False):
        self.nodes, self.inits, self.ranges, self.int8_weights = [], [], ranges, int8_weights
        self.count = 0

    def name(self, prefix):
        self.count += 1
        return f"{prefix}_{self.count}"

    def const(self, array: np.ndarray, prefix="c"):
        name = self.name(prefix)
        self.inits.append(numpy_helper.from_array(array, name))
        return name

    def node(self, op, inputs, output=None, **attrs):
        output = output or self.name(op.lower())
        self.nodes.append(helper.make_node(op, inputs, [output], name=self.name("n_" + op), **attrs))
        return output

    def activation_qparams(self, tensor):
        batches = self.ranges[tensor]
        lo = sum(b[0] for b in batches) / len(batches)
        hi = sum(b[1] for b in batches) / len(batches)
        lo, hi = min(lo, 0.0), max(hi, 0.0)
        scale = max(hi - lo, 1e-8) / 255.0
        zero = int(np.clip(round(-lo / scale), 0, 255))
        return np.float32(scale), np.uint8(zero)

    def quantise_activation(self, tensor):
        """tensor → Q → DQ; returns the dequantised name (consumers read it) and the scale."""
        scale, zero = self.activation_qparams(tensor)
        s, z = self.const(np.array(scale, np.float32), "scale"), self.const(np.array(zero, np.uint8), "zp")
        q = self.node("QuantizeLinear", [tensor, s, z])
        return self.node("DequantizeLinear", [q, s, z], output=tensor + "_dq"), float(scale)

    def conv(self, x, weight: torch.Tensor, bias: torch.Tensor, stride, pads, output, x_scale=None):
        w = weight.detach().float().numpy()
        b = bias.detach().float().numpy()
        w_scale = np.maximum(np.abs(w).reshape(w.shape[0], -1).max(axis=1), 1e-8) / 127.0
        wq = np.clip(np.round(w / w_scale[:, None, None, None]), -127, 127).astype(np.int8)
        if x_scale is None:
            weight = (self.node("DequantizeLinear", [self.const(wq, "wq"), self.const(w_scale.astype(np.float32), "ws"),
                                                     self.const(np.zeros(len(w_scale), np.int8), "wz")], axis=0)
                      if self.int8_weights else self.const(w, "w"))
            return self.node("Conv", [x, weight, self.const(b, "b")], output=output, strides=[stride, stride],
                             pads=pads, kernel_shape=list(w.shape[2:]))
        b_scale = (w_scale * x_scale).astype(np.float32)
        bq = np.round(b / b_scale).astype(np.int32)
        w_dq = self.node("DequantizeLinear", [self.const(wq, "wq"), self.const(w_scale.astype(np.float32), "ws"),
                                              self.const(np.zeros(len(w_scale), np.int8), "wz")], axis=0)
        b_dq = self.node("DequantizeLinear", [self.const(bq, "bq"), self.const(b_scale, "bs"),
                                              self.const(np.zeros(len(b_scale), np.int32), "bz")], axis=0)
        return self.node("Conv", [x, w_dq, b_dq], output=output, strides=[stride, stride], pads=pads,
                         kernel_shape=list(w.shape[2:]))


def build_graph(net, steps, head: EmbeddingHead, imgsz, ranges=None, int8_weights=False) -> onnx.ModelProto:
    """The embedder graph; with `ranges` every convolution and residual addition runs on int8; with `int8_weights`
    (and no ranges) only the weights are stored as int8 and computation stays fp32."""
    g = GraphWriter(ranges, int8_weights)
    quantised = ranges is not None
    # RGB 0..1 → BGR 0..255 minus mean as a 1x1 convolution (kept in float: 3 channels).
    mix = np.zeros((3, 3, 1, 1), np.float32)
    for out_c, in_c in ((0, 2), (1, 1), (2, 0)):
        mix[out_c, in_c] = 255.0
    g.node("Conv", ["images", g.const(mix, "w"), g.const(-np.array(BGR_MEAN, np.float32), "b")], output=net.input_name,
           kernel_shape=[1, 1])
    # Only tensors that a convolution, pooling or addition reads are quantised: a convolution's output that only a
    # Relu reads is quantised after the Relu, which ONNX Runtime then fuses into the QLinearConv.
    read = {}  # tensor → (name consumers read, scale when quantised)

    def readable(tensor):
        if tensor not in read:
            read[tensor] = g.quantise_activation(tensor) if quantised else (tensor, None)
        return read[tensor]

    for s in steps:
        if s["op"] == "Conv":
            x, scale = readable(s["inputs"][0])
            g.conv(x, s["weight"], s["bias"], s["stride"], s["pads"], s["output"], scale)
        elif s["op"] == "MaxPool":
            x, _ = readable(s["inputs"][0])
            g.node("MaxPool", [x], output=s["output"], kernel_shape=[s["kernel"]] * 2, strides=[s["stride"]] * 2,
                   pads=s["pads"])
        elif s["op"] == "Relu":
            g.node("Relu", [s["inputs"][0]], output=s["output"])
        else:
            a, _ = readable(s["inputs"][0])
            b, _ = readable(s["inputs"][1])
            g.node("Add", [a, b], output=s["output"])
    l3, _ = readable(net.stage_outputs[3]) if quantised else (net.stage_outputs[3], None)
    l4, _ = readable(net.stage_outputs[4]) if quantised else (net.stage_outputs[4], None)
    pooled = []
    for fmap, pool in ((l3, head.pool3), (l4, head.pool4)):
        p = float(pool.p.detach())
        x = g.node("Clip", [fmap, g.const(np.array(1e-6, np.float32)), ""])
        x = g.node("Pow", [x, g.const(np.array(p, np.float32))])
        x = g.node("ReduceMean", [x], axes=[2, 3], keepdims=0)
        x = g.node("Pow", [x, g.const(np.array(1.0 / p, np.float32))])
        pooled.append(g.node("LpNormalization", [x], axis=1, p=2))
    x = g.node("Concat", pooled, axis=1)
    w = head.project.weight.detach().numpy().astype(np.float32)
    b = head.project.bias.detach().numpy().astype(np.float32)
    x = g.node("Gemm", [x, g.const(w, "proj_w"), g.const(b, "proj_b")], transB=1)
    g.node("LpNormalization", [x], output="embeddings", axis=1, p=2)
    graph = helper.make_graph(
        g.nodes, "shelfcloud-embedder",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, ["batch", 3, imgsz, imgsz])],
        [helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["batch", head.project.out_features])],
        g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="shelfcloud-training")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def load_trained(weights: Path):
    state = torch.load(weights, map_location="cpu")
    args = state["args"]
    net = ImageNetResNet18()
    net.load_state_dict(state["backbone"])
    net.eval()
    head = EmbeddingHead(args["dim"])
    head.load_state_dict(state["head"])
    head.eval()
    return net, head, args


def calibration_crops(grocery: Path, imgsz: int, count: int, seed: int) -> torch.Tensor:
    """Augmented training photos and composited packshots, like the crops the model trained on."""
    g = torch.Generator().manual_seed(seed)
    photos, _ = load_split(grocery / "train", imgsz + imgsz // 8)
    packs, _ = load_split(grocery / "iconic-images-and-descriptions", imgsz + imgsz // 8)
    pick = torch.randperm(len(photos), generator=g)[:count]
    crops = augment(photos[pick], imgsz, g)
    backgrounds = photos[torch.randint(len(photos), (len(packs),), generator=g)]
    packed = augment(common.composite_in_store(packs, backgrounds, g), imgsz, g)
    return torch.cat([crops, packed[: max(1, count // 8)]])


def card(args, name, version, threshold, precision):
    c = {"name": name, "version": version, "imgsz": args["imgsz"], "mean": [0.0, 0.0, 0.0], "std": [1.0, 1.0, 1.0],
         "embedding_dim": args["dim"], "precision": precision, "backbone_licence": LICENCE}
    if threshold is not None:
        c["unknown_threshold"] = round(threshold, 4)
    return c


def save(model, path: Path, c: dict, fp16_weights=False):
    del model.metadata_props[:]
    for key, value in c.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, json.dumps(value) if isinstance(value, list) else str(value)
    onnx.save(model, str(path))
    if fp16_weights:
        common.store_weights_as_fp16(path)
    path.with_suffix(".json").write_text(json.dumps(c, indent=2) + "\n")
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)", flush=True)


@torch.no_grad()
def calibrate_unknown_threshold(net, head, grocery: Path, imgsz: int, acceptance: float, synthetic: Path | None) -> float:
    """The best-similarity threshold that keeps `acceptance` of known queries, as `OpenSetRule` applies it: Grocery
    Store val against the train split (an in-store gallery) and, with `synthetic` (a `shelfcloud synth` folder whose
    SKUs were not trained on), shelf crops against their packshots (a cold-start gallery). The lower of the two, so
    that both kinds of gallery keep their share."""
    model = Exported(net, head).eval()
    embed = lambda u8: torch.cat([model(u8[i:i + 64].float() / 255) for i in range(0, len(u8), 64)])

    def keeping(queries, gallery, what):
        best = (embed(queries) @ embed(gallery).T).max(dim=1).values.sort(descending=True).values
        keep = max(1, int(np.ceil(acceptance * len(best))))
        print(f"{what}: {float(best[keep - 1]):.4f} keeps {keep} of {len(best)} queries", flush=True)
        return float(best[keep - 1])

    thresholds = [keeping(load_split(grocery / "val", imgsz)[0], load_split(grocery / "train", imgsz)[0],
                          "Grocery Store val, train gallery")]
    if synthetic:
        crops = common.to_uint8_tensor([common.load_rgb(p, imgsz) for p, _ in common.image_folder(synthetic / "crops")])
        packs = common.to_uint8_tensor([common.load_rgb(p, imgsz) for p in sorted((synthetic / "packshots").glob("*.png"))])
        thresholds.append(keeping(crops, packs, "synthetic crops, packshot gallery"))
    print(f"unknown threshold {min(thresholds):.4f}", flush=True)
    return min(thresholds)


class ImageNetBaseline(torch.nn.Module):
    """The no-learning baseline: the package's ImageNet features (global average of layer3 and layer4, each
    normalised), the distillation target of the fine-tuned model."""

    def __init__(self):
        super().__init__()
        self.net = ImageNetResNet18().eval()

    def forward(self, images):
        maps = self.net(images, up_to=4)
        return teacher_vector(maps[3], maps[4])


def export_baseline(path: Path, imgsz: int):
    torch.onnx.export(ImageNetBaseline().eval(), torch.rand(2, 3, imgsz, imgsz), str(path), input_names=["images"],
                      output_names=["embeddings"], dynamic_axes={"images": {0: "batch"}, "embeddings": {0: "batch"}},
                      opset_version=OPSET)
    model = onnx.load(str(path))
    save(model, path, {"name": "imagenet-resnet18-baseline", "version": "0", "imgsz": imgsz, "mean": [0.0, 0.0, 0.0],
                       "std": [1.0, 1.0, 1.0], "embedding_dim": 768, "backbone_licence": LICENCE})


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--weights", help="weights saved by train_embedder_pretrained.py --save-weights")
    ap.add_argument("--baseline", help="instead: write the no-learning ImageNet embedder to this path")
    ap.add_argument("--imgsz", type=int, default=160, help="input size of --baseline")
    ap.add_argument("--grocery", default=str(Path(__file__).resolve().parents[3] / "shared/datasets/grocery-store"))
    ap.add_argument("--out", default="src/ShelfCloud.Vision/Models")
    ap.add_argument("--name", default="shelfcloud-embedder-r18")
    ap.add_argument("--version", default="3.0.0")
    ap.add_argument("--unknown-threshold", type=float,
                    help="open-set threshold for both cards (default: calibrated so that 95 %% of Grocery Store val keeps its SKU "
                         "with the train split as gallery)")
    ap.add_argument("--known-acceptance", type=float, default=0.95)
    ap.add_argument("--calibration-synthetic", help="`shelfcloud synth` output with SKUs never trained on (e.g. --seed 500): "
                                                     "the threshold also keeps that share of its crops against their packshots")
    ap.add_argument("--calibration-images", type=int, default=256)
    ap.add_argument("--percentile", type=float, default=99.99,
                    help="activation ranges: the mean over calibration batches of this percentile (100 = min/max)")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    common.set_threads(args.threads)
    common.seed_everything(0)  # the percentile ranges sample large tensors
    if args.baseline:
        export_baseline(Path(args.baseline), args.imgsz)
        return
    if not args.weights:
        ap.error("--weights or --baseline is required")
    net, head, train_args = load_trained(Path(args.weights))
    steps = fused_steps(net)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    crops = calibration_crops(Path(args.grocery), train_args["imgsz"], args.calibration_images, seed=11)
    ranges: dict = {}
    with torch.no_grad():
        l3_ref, l4_ref = (m for m in net(crops[:8], up_to=4)[3:5])
        l3, l4 = run_steps(steps, net, crops[:8])
        drift = max((l3 - l3_ref).abs().max().item(), (l4 - l4_ref).abs().max().item())
        print(f"BatchNorm folding: max difference {drift:.2e}", flush=True)
        for i in range(0, len(crops), 32):
            run_steps(steps, net, crops[i:i + 32], ranges, args.percentile)
    threshold = args.unknown_threshold
    if threshold is None:
        threshold = calibrate_unknown_threshold(net, head, Path(args.grocery), train_args["imgsz"], args.known_acceptance,
                                                Path(args.calibration_synthetic) if args.calibration_synthetic else None)
    # The GPU twin computes in fp32; its weights are stored per-channel int8 (half the size of fp16, under the
    # repository's ~25 MB per model) and dequantised by the graph.
    fp32 = build_graph(net, steps, head, train_args["imgsz"], int8_weights=True)
    (out / "gpu").mkdir(exist_ok=True)
    save(fp32, out / "gpu" / "embedder.onnx", card(train_args, args.name, args.version, threshold, "fp32 (int8-stored weights)"))
    int8 = build_graph(net, steps, head, train_args["imgsz"], ranges)
    save(int8, out / "embedder.onnx", card(train_args, args.name, args.version, threshold, "int8"))


if __name__ == "__main__":
    main()
